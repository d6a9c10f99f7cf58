// The 3D lumen view draws the vessels where a pinhole camera puts them, over the background.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include <vector>

#include "core/anatomy/anatomy_loader.h"
#include "core/anatomy/tube_mesh.h"
#include "core/util/data_paths.h"
#include "render/anatomy_view.h"
#include "render/gl_test_context.h"

using namespace angiosim;

namespace {

const VesselTree& default_tree() {
  static const VesselTree tree(load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  return tree;
}

// A wire's axis along the aorta's centerline, from 20 to 100 mm.
std::vector<glm::dvec3> aorta_axis(const VesselTree& tree) {
  std::vector<glm::dvec3> axis;
  for (double s = 20; s <= 100; s += 2) axis.push_back(tree.centerline_point(0, s));
  return axis;
}

}  // namespace

TEST_CASE("3D view: the aorta is drawn red where the camera projects it; the background is not") {
  test::gl_context();
  const VesselTree& tree = default_tree();
  render::AnatomyView view;
  const std::vector<TriangleMesh> meshes = make_lumen_meshes(tree, 16);
  view.set_meshes(meshes, {0.8f, 0.1f, 0.1f});
  size_t triangles = 0;
  for (const TriangleMesh& m : meshes) triangles += m.triangle_count();
  CHECK(triangles > 5000);
  CHECK(view.triangle_count() == triangles);  // every vessel uploaded
  render::OrbitCamera camera;
  camera.target_mm = vessel_tree_center(tree);
  camera.yaw_deg = 0;
  camera.pitch_deg = 0;
  const int size = 256;
  view.render(camera, size, size);
  const std::vector<uint8_t> rgb = view.read_rgb();
  auto pixel = [&](const glm::dvec3& p) {
    // Same pinhole as the view: eye in front (−y), looking at the target, head up.
    const glm::dvec3 eye = camera.target_mm + glm::dvec3(0, -camera.distance_mm, 0);
    const glm::dvec3 rel = p - eye;
    const double f = 0.5 * size / std::tan(glm::radians(0.5 * camera.field_of_view_deg));
    const int i = int(0.5 * size + f * rel.x / rel.y), j = int(0.5 * size - f * rel.z / rel.y);
    return &rgb[(size_t(j) * size + i) * 3];
  };
  const uint8_t* aorta = pixel(tree.centerline_point(0, 60));
  CHECK(aorta[0] > 2 * aorta[1]);  // red vessel
  CHECK(aorta[0] > 60);
  const uint8_t* beside = pixel(tree.centerline_point(0, 60) + glm::dvec3(40, 0, 0));
  CHECK(beside[0] < 40);  // background
}

TEST_CASE("3D view: a wire inside the aorta shows through the vessel wall") {
  test::gl_context();
  const VesselTree& tree = default_tree();
  render::AnatomyView view;
  view.set_meshes(make_lumen_meshes(tree, 16), {0.8f, 0.1f, 0.1f});
  render::OrbitCamera camera;
  camera.target_mm = vessel_tree_center(tree);
  camera.yaw_deg = 0;
  camera.pitch_deg = 0;
  const int size = 256;
  // A 2 mm wide rod along the aorta's centerline.
  const std::vector<glm::dvec3> axis = aorta_axis(tree);
  auto color_at = [&](const std::vector<uint8_t>& rgb, const glm::dvec3& p) {
    const glm::dvec3 eye = camera.target_mm + glm::dvec3(0, -camera.distance_mm, 0);
    const glm::dvec3 rel = p - eye;
    const double f = 0.5 * size / std::tan(glm::radians(0.5 * camera.field_of_view_deg));
    const int i = int(0.5 * size + f * rel.x / rel.y), j = int(0.5 * size - f * rel.z / rel.y);
    return glm::ivec3(rgb[(size_t(j) * size + i) * 3], rgb[(size_t(j) * size + i) * 3 + 1], rgb[(size_t(j) * size + i) * 3 + 2]);
  };
  view.render(camera, size, size);
  const glm::ivec3 vessel_only = color_at(view.read_rgb(), tree.centerline_point(0, 60));
  view.set_device_mesh(make_polyline_tube_mesh(axis, 1.0), {0.9f, 0.9f, 0.95f});
  view.render(camera, size, size);
  const glm::ivec3 with_wire = color_at(view.read_rgb(), tree.centerline_point(0, 60));
  CAPTURE(vessel_only.x);
  CAPTURE(vessel_only.y);
  CAPTURE(with_wire.x);
  CAPTURE(with_wire.y);
  // The pale wire lifts the green channel through the red vessel; the vessel still tints it.
  CHECK(with_wire.y > vessel_only.y + 40);
  CHECK(with_wire.x > with_wire.z);
}

TEST_CASE("3D view: project_in_view puts a point where the view draws it (labels land on their vessel)") {
  test::gl_context();
  const VesselTree& tree = default_tree();
  render::OrbitCamera camera;
  camera.target_mm = vessel_tree_center(tree);
  camera.yaw_deg = 0;
  camera.pitch_deg = 0;
  const int size = 256;
  // Against the pinhole written out independently (eye in front, looking at the target).
  for (const glm::dvec3& p : {tree.centerline_point(0, 60), camera.target_mm + glm::dvec3(30, 10, -50)}) {
    const glm::dvec3 rel = p - (camera.target_mm + glm::dvec3(0, -camera.distance_mm, 0));
    const double f = 0.5 * size / std::tan(glm::radians(0.5 * camera.field_of_view_deg));
    const auto px = render::project_in_view(camera, size, size, p);
    REQUIRE(px);
    CHECK(px->x == doctest::Approx(0.5 * size + f * rel.x / rel.y).epsilon(1e-4));
    CHECK(px->y == doctest::Approx(0.5 * size - f * rel.z / rel.y).epsilon(1e-4));
  }
  CHECK(!render::project_in_view(camera, size, size, camera.target_mm + glm::dvec3(0, -2 * camera.distance_mm, 0)));  // behind
  CHECK(!render::project_in_view(camera, size, size, camera.target_mm + glm::dvec3(1000, 0, 0)));  // outside the view

  // Turned and tilted, a wide view: every main vessel's midpoint lands on red in what is drawn.
  render::AnatomyView view;
  view.set_meshes(make_lumen_meshes(tree, 16), {0.8f, 0.1f, 0.1f});
  camera.yaw_deg = 35;
  camera.pitch_deg = 20;
  const int w = 320, h = 240;
  view.render(camera, w, h);
  const std::vector<uint8_t> rgb = view.read_rgb();
  for (const char* name : {"aorta", "left_common_iliac", "right_external_iliac", "left_common_femoral"}) {
    const int v = tree.find_vessel(name);
    const auto px = render::project_in_view(camera, w, h, tree.centerline_point(v, 0.5 * tree.length_mm(v)));
    REQUIRE(px);
    const uint8_t* c = &rgb[(size_t(px->y) * w + size_t(px->x)) * 3];
    CHECK_MESSAGE(c[0] > 2 * c[1], name);
    CHECK_MESSAGE(c[0] > 60, name);
  }
}

TEST_CASE("3D view: drawn again only when the meshes, the camera or the size change") {
  test::gl_context();
  const VesselTree& tree = default_tree();
  render::AnatomyView view;
  view.set_meshes(make_lumen_meshes(tree, 12), {0.8f, 0.1f, 0.1f});
  render::OrbitCamera camera;
  camera.target_mm = vessel_tree_center(tree);
  view.render(camera, 128, 96);
  view.render(camera, 128, 96);
  CHECK(view.renders() == 1);  // nothing changed: the texture already holds it
  std::vector<glm::dvec3> axis = aorta_axis(tree);
  const TriangleMesh wire = make_polyline_tube_mesh(axis, 1.0);
  view.set_device_mesh(wire, {1, 1, 1});
  view.render(camera, 128, 96);
  CHECK(view.renders() == 2);  // a device came in
  // The same wire settled by a micrometre: not drawn again; moved a millimetre: drawn.
  for (glm::dvec3& p : axis) p.x += 0.001;
  view.set_device_mesh(make_polyline_tube_mesh(axis, 1.0), {1, 1, 1});
  view.render(camera, 128, 96);
  CHECK(view.renders() == 2);
  for (glm::dvec3& p : axis) p.x += 1.0;
  view.set_device_mesh(make_polyline_tube_mesh(axis, 1.0), {1, 1, 1});
  view.render(camera, 128, 96);
  CHECK(view.renders() == 3);
  camera.yaw_deg += 5;
  view.render(camera, 128, 96);
  CHECK(view.renders() == 4);  // the camera turned
  view.render(camera, 160, 96);
  CHECK(view.renders() == 5);  // a new size
}
