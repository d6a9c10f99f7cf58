// The stent's strut mesh: struts of the design's length on the ring's cylinder, rings spaced by
// ℓ·cos θ(D) so the mesh's length is the design's at any diameter (crimped, free, between).
#include <doctest/doctest.h>

#include <glm/geometric.hpp>
#include <glm/vec2.hpp>

#include <algorithm>
#include <cmath>

#include "core/devices/device_catalog.h"
#include "core/devices/stent_geometry.h"
#include "core/util/data_paths.h"

using namespace angiosim;

TEST_CASE("stent mesh: struts of length l on the ring's cylinder, the design's length at any diameter") {
  const DeviceCatalog c = load_device_catalog(data_path("models/devices.json"));
  const StentSpec& s = *c.find_stent("nitinol_self_expanding_8x40");
  const std::vector<glm::dvec3> axis = {{0, 0, 0}, {0, 0, -200}};  // distal end at z = 0, along −z
  for (double d : {s.crimped_diameter_mm, 5.0, s.nominal_diameter_mm}) {
    CAPTURE(d);
    const StentMesh m = make_stent_mesh(s, axis, std::vector<double>(size_t(s.rings), d), {1, 0, 0});
    CHECK(m.struts.size() == size_t(s.rings * 2 * s.crowns));
    CHECK(m.length_mm == doctest::Approx(s.length_at_mm(d)));
    for (const auto& [a, b] : m.struts) {
      // On the unrolled surface (arc around the axis, along it) a strut is exactly ℓ long.
      const double arc = 0.5 * d * std::acos(std::clamp(glm::dot(glm::normalize(glm::dvec2(a)), glm::normalize(glm::dvec2(b))), -1.0, 1.0));
      CHECK(std::hypot(arc, a.z - b.z) == doctest::Approx(s.strut_length_mm).epsilon(1e-9));
      CHECK(std::hypot(a.x, a.y) == doctest::Approx(0.5 * d));
    }
    // The mesh spans [−length, 0] along the axis.
    double lo = 0, hi = -1e9;
    for (const auto& [a, b] : m.struts) {
      lo = std::min({lo, a.z, b.z});
      hi = std::max({hi, a.z, b.z});
    }
    CHECK(hi == doctest::Approx(0.0));
    CHECK(lo == doctest::Approx(-m.length_mm));
    CHECK(m.markers.size() == size_t(2 * s.markers_per_end));
    CHECK(!m.bridges.empty());
    for (const auto& [a, b] : m.bridges) CHECK(std::abs(a.z - b.z) == doctest::Approx(s.bridge_length_mm));
  }
  // Half deployed: the distal rings open, the rest crimped — the open part is shorter per ring.
  std::vector<double> half(size_t(s.rings), s.crimped_diameter_mm);
  for (int r = 0; r < s.rings / 2; ++r) half[size_t(r)] = s.nominal_diameter_mm;
  const StentMesh m = make_stent_mesh(s, axis, half, {1, 0, 0});
  const double expected = (s.rings / 2) * s.ring_length_mm(s.nominal_diameter_mm) +
                          (s.rings - s.rings / 2) * s.ring_length_mm(s.crimped_diameter_mm) + (s.rings - 1) * s.bridge_length_mm;
  CHECK(m.length_mm == doctest::Approx(expected));
}
