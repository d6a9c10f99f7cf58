// The GPU projector held to the analytic chord and to the CPU reference projector, pixel by pixel.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "core/imaging/cpu_projector.h"
#include "core/scenario/case_loader.h"
#include "core/util/data_paths.h"
#include "imaging/phantoms.h"
#include "render/fluoro_renderer.h"
#include "render/gl_test_context.h"

using namespace angiosim;

TEST_CASE("GPU: contrast cylinder matches the analytic chord and the CPU projector") {
  test::gl_context();
  const test::CylinderPhantom phantom;
  const CpuProjector cpu(phantom.scene);
  render::FluoroRenderer gpu;
  gpu.set_scene(phantom.scene);
  for (double lao : {0.0, 35.0, -70.0}) {
    CAPTURE(lao);
    const ProjectionGeometry g = make_projection(test::phantom_c_arm(), {lao, 0, {0, 0, 0}}, 128);
    gpu.render_paths(g);
    const ChannelImage gpu_image = gpu.read_channels(4);
    const ChannelImage cpu_image = cpu.project(g);
    int checked = 0;
    double worst_analytic = 0, worst_cpu = 0;
    for (int j = 0; j < g.height; ++j)
      for (int i = 0; i < g.width; ++i) {
        double iodine, tissue;
        test::CylinderPhantom::expected(g, i, j, &iodine, &tissue);
        if (iodine < 0 || tissue < 0) continue;
        ++checked;
        // Float arithmetic on the GPU: 1e-4 of the body's areal density, 2 µm of vessel chord.
        worst_analytic = std::max(worst_analytic, std::abs(gpu_image.at(i, j, 3) - iodine));
        worst_cpu = std::max(worst_cpu, double(std::abs(gpu_image.at(i, j, 3) - cpu_image.at(i, j, 3))));
        CHECK(gpu_image.at(i, j, 0) == doctest::Approx(tissue).epsilon(1e-4));
      }
    CHECK(checked > 10000);
    // 0.175 g/cm³ × 0.1 cm/mm: 0.0035 g/cm² is 0.2 mm of chord, a pixel-edge tangent at worst.
    CHECK(worst_analytic < 0.0035);
    CHECK(worst_cpu < 0.0035);
  }
}

TEST_CASE("GPU: a small sphere lands on the pixel the projection geometry predicts") {
  test::gl_context();
  XrayScene scene;
  scene.basis_names = {"a", "b", "c", "iodine"};
  Composition iodine;
  iodine.density_g_cm3[3] = 1.0;
  const glm::dvec3 center(25, -10, 15);
  scene.add(make_ellipsoid(center, glm::dmat3(1.0), glm::dvec3(1.5), iodine), "bead");
  render::FluoroRenderer gpu;
  gpu.set_scene(scene);
  for (double lao : {0.0, 30.0, -45.0})
    for (double cra : {0.0, 25.0}) {
      const ProjectionGeometry g = make_projection(test::phantom_c_arm(), {lao, cra, {0, 0, 0}}, 200);
      gpu.render_paths(g);
      const ChannelImage image = gpu.read_channels(4);
      double sum = 0, si = 0, sj = 0;
      for (int j = 0; j < g.height; ++j)
        for (int i = 0; i < g.width; ++i) {
          const double w = image.at(i, j, 3);
          sum += w;
          si += w * (i + 0.5);
          sj += w * (j + 0.5);
        }
      REQUIRE(sum > 0);
      const auto expected = g.project(center);
      CHECK(si / sum == doctest::Approx(expected->x).epsilon(0.002));
      CHECK(sj / sum == doctest::Approx(expected->y).epsilon(0.002));
    }
}

TEST_CASE("GPU and CPU agree on the default anatomy, and so do their displayed images") {
  test::gl_context();
  const LoadedCase c = load_case(data_path("scenarios/default.json"));
  const CpuProjector cpu(c.xray_scene);
  render::FluoroRenderer gpu;
  gpu.set_scene(c.xray_scene);
  const int channels = static_cast<int>(c.xray_scene.basis_names.size());
  for (const CArmPose pose : {c.scenario.initial_view, CArmPose{30, -15, c.scenario.initial_view.isocenter_mm}}) {
    const ProjectionGeometry g = make_projection(c.c_arm, pose, 192);
    gpu.render_paths(g);
    const ChannelImage a = gpu.read_channels(channels), b = cpu.project(g);
    size_t close = 0;
    double worst = 0;
    for (size_t k = 0; k < a.data.size(); ++k) {
      const double diff = std::abs(double(a.data[k]) - double(b.data[k]));
      worst = std::max(worst, diff);
      close += diff <= 1e-3 + 1e-4 * std::abs(b.data[k]);
    }
    // Silhouette pixels, where a ray grazes a surface, may differ: allow 0.1 % of values.
    CHECK(close >= 0.999 * a.data.size());
    CHECK(worst < 0.05);

    const DisplayWindow window = auto_window(log_signal(b, c.attenuation));
    gpu.render_display(c.attenuation, window);
    const std::vector<uint8_t> gpu_gray = gpu.read_display_gray();
    const std::vector<uint8_t> cpu_gray = to_display_gray(log_signal(b, c.attenuation), window);
    double mean_diff = 0;
    for (size_t k = 0; k < gpu_gray.size(); ++k) mean_diff += std::abs(int(gpu_gray[k]) - int(cpu_gray[k]));
    CHECK(mean_diff / gpu_gray.size() < 0.5);
  }
}

TEST_CASE("GPU: a 0.014-inch wire's sub-pixel coverage matches the CPU reference") {
  test::gl_context();
  Composition metal;
  metal.density_g_cm3[0] = 1.0;
  const double radius_mm = 0.5 * 0.014 * 25.4;
  for (double lao : {0.0, 40.0}) {
    CAPTURE(lao);
    const ProjectionGeometry g = make_projection(test::phantom_c_arm(), {lao, 10, {0, 0, 0}}, 128);
    // A gently bent wire of 1 mm tubes across the field, tilted toward the source.
    XrayScene scene;
    scene.basis_names = {"metal", "b", "c", "d"};
    glm::dvec3 p(-20, 3, -15), dir = glm::normalize(glm::dvec3(1, 0.3, 0.8));
    for (int k = 0; k < 45; ++k) {
      const glm::dvec3 next_dir = glm::normalize(dir + glm::dvec3(0, 0.02, -0.015));
      scene.add(make_thin_tube(p, p + dir, radius_mm, -dir, dir, metal), "wire#" + std::to_string(k));
      p += dir;
      dir = next_dir;
    }
    const CpuProjector cpu(scene);
    render::FluoroRenderer gpu;
    gpu.set_scene(scene);
    gpu.render_paths(g);
    const ChannelImage a = gpu.read_channels(4), b = cpu.project(g);
    double total_gpu = 0, total_cpu = 0, worst = 0, peak = 0;
    for (int j = 0; j < g.height; ++j)
      for (int i = 0; i < g.width; ++i) {
        total_gpu += a.at(i, j, 0);
        total_cpu += b.at(i, j, 0);
        worst = std::max(worst, double(std::abs(a.at(i, j, 0) - b.at(i, j, 0))));
        peak = std::max(peak, double(b.at(i, j, 0)));
      }
    REQUIRE(total_cpu > 0);
    CHECK(total_gpu == doctest::Approx(total_cpu).epsilon(1e-3));
    CHECK(worst < 0.01 * peak);  // float arithmetic: a percent of the wire's brightest pixel
  }
}

TEST_CASE("GPU: the patient's paths are reused while only the devices move, with the same image") {
  test::gl_context();
  const LoadedCase c = load_case(data_path("scenarios/default.json"));
  Composition metal;
  metal.density_g_cm3[0] = 5.0;
  auto wire_at = [&](double shift_mm) {  // a straight wire across the iliacs, moved along x
    XrayScene devices;
    devices.basis_names = c.xray_scene.basis_names;
    const glm::dvec3 a(-40 + shift_mm, -20, -150), b(40 + shift_mm, -20, -170);
    const glm::dvec3 d = glm::normalize(b - a);
    devices.add(make_thin_tube(a, b, 0.45, -d, d, metal), "wire");
    return devices;
  };
  const int channels = static_cast<int>(c.xray_scene.basis_names.size());
  const ProjectionGeometry g = make_projection(c.c_arm, c.scenario.initial_view, 128);
  const DisplayWindow window{0.5, 4.0};
  render::FluoroRenderer layered;
  layered.set_scene(c.xray_scene);
  // The wire moves, then leaves (the last frame has no devices): each frame clears, draws and
  // shades only the tiles the wire reaches now or reached before.
  int frame = 0;
  for (std::optional<double> shift : {std::optional<double>(0.0), {3.7}, {11.2}, {}}) {
    CAPTURE(frame);
    const XrayScene devices = shift ? wire_at(*shift) : XrayScene{};
    layered.set_devices(devices);
    layered.render_paths(g);
    layered.render_display(c.attenuation, window);
    // The reference: one renderer, everything in one scene, drawn from scratch.
    XrayScene all = c.xray_scene;
    if (shift) all.add(devices.primitives[0], "wire");
    render::FluoroRenderer whole;
    whole.set_scene(all);
    whole.render_paths(g);
    whole.render_display(c.attenuation, window);
    const ChannelImage a = layered.read_channels(channels), b = whole.read_channels(channels);
    double worst = 0;
    for (size_t k = 0; k < a.data.size(); ++k) worst = std::max(worst, double(std::abs(a.data[k] - b.data[k])));
    CHECK(worst < 1e-4);
    const std::vector<float> ta = layered.read_transmission(), tb = whole.read_transmission();
    double worst_transmission = 0;
    for (size_t k = 0; k < ta.size(); ++k)
      worst_transmission = std::max(worst_transmission, double(std::abs(ta[k] - tb[k])) / std::max(double(tb[k]), 1e-6));
    CHECK(worst_transmission < 1e-4);
    const std::vector<uint8_t> ga = layered.read_display_gray(), gb = whole.read_display_gray();
    int worst_gray = 0;
    for (size_t k = 0; k < ga.size(); ++k) worst_gray = std::max(worst_gray, std::abs(int(ga[k]) - int(gb[k])));
    CHECK(worst_gray <= 1);
    // After the first frame, only part of the image is shaded.
    if (frame > 0) {
      CHECK_FALSE(layered.last_shaded().none());
      CHECK_FALSE(layered.last_shaded().all());
    }
    ++frame;
  }
  CHECK(layered.patient_renders() == 1);  // four frames, one patient pass
  const ProjectionGeometry turned = make_projection(c.c_arm, {20, 0, c.scenario.initial_view.isocenter_mm}, 128);
  layered.render_paths(turned);
  CHECK(layered.patient_renders() == 2);  // a new view draws the patient again
}

TEST_CASE("GPU: a bone step wedge's detected transmission matches the CPU and Beer-Lambert over the spectrum") {
  test::gl_context();
  // Four steps of cortical bone, 5-20 mm thick along the beam, side by side in 200 mm of tissue.
  const MaterialLibrary lib = MaterialLibrary::load_file(data_path("models/materials.json"));
  const CArmSpec c_arm = load_c_arm_file(data_path("models/c_arm.json"));
  const AttenuationTable table = AttenuationTable::for_system(lib, c_arm.imaging, c_arm.imaging.tube.kvp);
  XrayScene scene;
  for (const BasisMaterial& b : lib.basis()) scene.basis_names.push_back(b.name);
  const Composition tissue = lib.composition("soft_tissue", "t");
  const Composition bone = lib.composition("cortical_bone", "t") - tissue;
  // The AP beam runs along −y (source posterior); steps are cylinders along y.
  scene.add(make_frustum({0, 100, 0}, {0, -100, 0}, 150, 150, {0, 1, 0}, {0, -1, 0}, tissue), "slab");
  const double thickness[4] = {5, 10, 15, 20};
  for (int s = 0; s < 4; ++s) {
    const double x = -27 + 18 * s, t = thickness[s];
    scene.add(make_frustum({x, 0.5 * t, 0}, {x, -0.5 * t, 0}, 7, 7, {0, 1, 0}, {0, -1, 0}, bone), "step");
  }
  const ProjectionGeometry g = make_projection(test::phantom_c_arm(), CArmPose{}, 128);
  render::FluoroRenderer gpu;
  gpu.set_scene(scene);
  gpu.render_paths(g);
  gpu.render_display(table, {0, 8});
  const std::vector<float> gpu_t = gpu.read_transmission();
  const std::vector<float> cpu_t = transmission(CpuProjector(scene).project(g), table);
  double worst = 0;
  for (size_t k = 0; k < cpu_t.size(); ++k) worst = std::max(worst, double(std::abs(gpu_t[k] - cpu_t[k]) / cpu_t[k]));
  CHECK(worst < 2e-3);  // float on the GPU against double on the CPU
  // At each step's centre the transmission is Beer-Lambert over the spectrum bins for the
  // tissue and bone the central ray crosses (the ray is nearly parallel to the step's axis).
  double last = 1;
  for (int s = 0; s < 4; ++s) {
    const glm::dvec2 at = *g.project({-27 + 18 * s, 0, 0});
    const size_t k = size_t(at.y) * size_t(g.width) + size_t(at.x);
    const glm::dvec3 from = g.source_mm, to = g.pixel_center(std::floor(at.x), std::floor(at.y));
    const double stretch = glm::length(to - from) / std::abs(glm::dot(to - from, glm::dvec3(0, -1, 0)));
    std::array<float, kMaxBasisMaterials> areal{};
    for (int m = 0; m < kMaxBasisMaterials; ++m)
      areal[m] = float((tissue.density_g_cm3[m] * 20.0 + bone.density_g_cm3[m] * 0.1 * thickness[s]) * stretch);
    CAPTURE(s);
    CHECK(gpu_t[k] == doctest::Approx(table.transmission(areal.data(), kMaxBasisMaterials)).epsilon(0.01));
    CHECK(gpu_t[k] < last);  // thicker steps transmit less
    last = gpu_t[k];
  }
}
