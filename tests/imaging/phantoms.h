#pragma once
// Phantoms with known line integrals, shared by the CPU projector tests and the GPU parity tests.
#include <glm/geometric.hpp>

#include <cmath>

#include "core/imaging/c_arm.h"
#include "core/imaging/xray_scene.h"

namespace angiosim::test {

// A contrast-filled cylinder (iodine 0.175 g/cm³, r = 4 mm) along the patient's z axis through the
// isocentre, 120 mm long, inside a 200 mm water-like slab-cylinder (soft tissue 1.0 g/cm³, r = 100).
struct CylinderPhantom {
  static constexpr double kRadius_mm = 4;
  static constexpr double kIodine_g_cm3 = 0.175;
  static constexpr double kBodyRadius_mm = 100;
  XrayScene scene;
  CylinderPhantom() {
    scene.basis_names = {"soft_tissue", "adipose", "cortical_bone", "iodine"};
    Composition tissue, iodine;
    tissue.density_g_cm3[0] = 1.0;
    iodine.density_g_cm3[3] = kIodine_g_cm3;
    scene.add(make_frustum({0, 0, 80}, {0, 0, -80}, kBodyRadius_mm, kBodyRadius_mm, {0, 0, 1}, {0, 0, -1}, tissue), "body");
    scene.add(make_frustum({0, 0, 60}, {0, 0, -60}, kRadius_mm, kRadius_mm, {0, 0, 1}, {0, 0, -1}, iodine), "vessel");
  }
  // Analytic areal density (g/cm²) of iodine and tissue along the ray to detector pixel (i, j).
  static void expected(const ProjectionGeometry& g, int i, int j, double* iodine, double* tissue) {
    const glm::dvec3 target = g.pixel_center(i, j);
    const glm::dvec3 d = glm::normalize(target - g.source_mm);
    auto chord = [&](double r, double half_length) {
      // Infinite cylinder along z through the origin: distance of the ray from the axis in x-y.
      const glm::dvec2 o(g.source_mm.x, g.source_mm.y), dir(d.x, d.y);
      const double len = glm::length(dir);
      const glm::dvec2 u = dir / len;
      const double b = std::abs(o.x * u.y - o.y * u.x);
      if (b >= r) return 0.0;
      const double half = std::sqrt(r * r - b * b);
      // Parameter (along d) of the closest approach, then the z range of the chord.
      const double t_mid = -glm::dot(o, u) / len;
      const double dt = half / len;
      const double z0 = g.source_mm.z + (t_mid - dt) * d.z, z1 = g.source_mm.z + (t_mid + dt) * d.z;
      if (std::max(std::abs(z0), std::abs(z1)) > half_length) return -1.0;  // clipped by an end: skip
      return 2 * dt;
    };
    const double v = chord(kRadius_mm, 60), b = chord(kBodyRadius_mm, 80);
    *iodine = v < 0 ? -1 : 0.1 * kIodine_g_cm3 * v;
    *tissue = b < 0 ? -1 : 0.1 * 1.0 * b;
  }
};

inline CArmSpec phantom_c_arm() {
  CArmSpec s;
  s.source_to_image_mm = 1000;
  s.source_to_isocenter_mm = 750;
  s.detector_size_mm = 100;  // 75 mm field at the isocentre: the whole vessel diameter is wide
  return s;
}

}  // namespace angiosim::test
