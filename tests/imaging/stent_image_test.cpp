// A stent's image: its strut mesh projects with the metal's mass (the thin tubes' sub-pixel
// coverage conserves it), and on the beam the nitinol struts are faint while the tantalum
// markers stand out — why stents carry markers (docs/physics.md, "Stent image").
#include <doctest/doctest.h>

#include <glm/geometric.hpp>

#include <algorithm>
#include <numbers>
#include <vector>

#include "core/devices/stent_geometry.h"
#include "core/imaging/cpu_projector.h"
#include "core/imaging/image_chain.h"
#include "core/imaging/xray_scene.h"
#include "core/scenario/case_loader.h"
#include "core/scenario/live_scene.h"
#include "core/util/data_paths.h"

using namespace angiosim;

TEST_CASE("stent image: the mesh's mass, faint nitinol struts, bright tantalum markers") {
  const LoadedCase c = load_case(data_path("scenarios/default.json"));
  const StentSpec& spec = *c.devices.find_stent("nitinol_self_expanding_8x40");
  const glm::dvec3 iso{0, -20, -60};
  const std::vector<glm::dvec3> axis = {iso + glm::dvec3(0, 0, 22), iso - glm::dvec3(0, 0, 22)};
  const std::vector<double> diameters(size_t(spec.rings), 7.5);
  XrayScene scene;
  scene.basis_names = c.xray_scene.basis_names;
  add_stent(scene, spec, axis, diameters, c.materials, Composition{});

  CArmPose pose{0, 0, iso};
  pose.field_cm = 15;
  const ProjectionGeometry g = make_projection(c.c_arm, pose, 512);
  const ChannelImage areal = CpuProjector(scene).project(g);
  const int ni = c.materials.basis_index("nitinol"), ta = c.materials.basis_index("tantalum");
  REQUIRE(ni >= 0);
  REQUIRE(ta >= 0);

  // Mass: areal density summed over the pixels, each pixel's area at the stent's depth.
  const double pixel_cm = 0.1 * g.pixel_pitch_mm / g.magnification(iso);
  double nitinol_g = 0;
  for (int j = 0; j < g.height; ++j)
    for (int i = 0; i < g.width; ++i) nitinol_g += areal.at(i, j, ni) * pixel_cm * pixel_cm;
  const StentMesh mesh = make_stent_mesh(spec, axis, diameters, glm::dvec3(1, 0, 0));
  double length_mm = 0;
  for (const auto& [a, b] : mesh.struts) length_mm += glm::distance(a, b);
  for (const auto& [a, b] : mesh.bridges) length_mm += glm::distance(a, b);
  const double expected_g = 6.45 * 1e-3 * length_mm * spec.strut_width_mm * spec.strut_thickness_mm;
  CHECK(nitinol_g == doctest::Approx(expected_g).epsilon(0.03));

  // In the patient (the beam hardened by the body): how much of what reaches the detector a strut
  // or a marker takes away, pixel by pixel: 512 pixels over the 15 cm field, ~0.2 mm each (a
  // flat panel's pitch).
  const ProjectionGeometry fine = make_projection(c.c_arm, pose, 512);
  const ChannelImage alone = CpuProjector(scene).project(fine);
  const std::vector<float> body = transmission(CpuProjector(c.plain_scene).project(fine), c.attenuation);
  const std::vector<float> with = transmission(CpuProjector(merged_scene(c.plain_scene, scene)).project(fine), c.attenuation);
  std::vector<double> strut, marker;
  for (int j = 0; j < fine.height; ++j)
    for (int i = 0; i < fine.width; ++i) {
      const size_t k = size_t(j) * size_t(fine.width) + size_t(i);
      const double loss = 1.0 - with[k] / body[k];
      if (alone.at(i, j, ta) > 0) marker.push_back(loss);
      else if (alone.at(i, j, ni) > 0) strut.push_back(loss);
    }
  REQUIRE(!strut.empty());
  REQUIRE(!marker.empty());
  std::sort(strut.begin(), strut.end());
  const double strut_median = strut[strut.size() / 2];
  const double marker_peak = *std::max_element(marker.begin(), marker.end());
  CHECK(strut_median < 0.15);             // about a tenth of the beam: fine lines, lost in low-dose noise
  CHECK(marker_peak > 4 * strut_median);  // the markers stand out
}
