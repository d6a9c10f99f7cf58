#pragma once
// The X-ray scene is built from clipped quadrics: ellipsoids (bones, gas, heads), elliptic cones
// and cylinders cut by two planes (vessel segments with mitred joints, bone shafts, the body).
// Each has a composition (partial densities over the basis materials) and may leave the volume it
// shares with up to two other primitives to them ("exclusions"), so overlapping pieces of one
// structure — vessels meeting at a bifurcation, a femoral neck entering its head — are counted once.
//
// The path length of a ray through a primitive is computed exactly: the ray meets the quadric
// xᵀAx + 2bᵀx + c ≤ 0 in at most two intervals (a root pair of a quadratic), which the clip planes
// cut; exclusions subtract their own intervals. The GPU shader (shaders/xray_paths.frag) does the
// same arithmetic in float; this is the double-precision reference.
#include <glm/mat3x3.hpp>
#include <glm/vec3.hpp>
#include <glm/vec4.hpp>

#include <array>
#include <cstdint>

#include "core/geometry/aabb.h"
#include "core/imaging/materials.h"

namespace angiosim {

struct OrientedBox {
  glm::dvec3 center{0};
  std::array<glm::dvec3, 3> half_axes{};  // orthogonal, each scaled by its half-extent
  Aabb aabb() const;
};

struct XrayPrimitive {
  glm::dvec3 center_mm{0};  // quadric and planes are expressed relative to this point
  glm::dmat3 quadric_a{0.0};
  glm::dvec3 quadric_b{0.0};
  double quadric_c = 0;
  // Clip planes (n, d): the primitive keeps points with n·x + d ≤ 0 (x relative to center_mm).
  // An unused plane is (0, 0, 0, -1).
  std::array<glm::dvec4, 2> planes{glm::dvec4(0, 0, 0, -1), glm::dvec4(0, 0, 0, -1)};
  std::array<int32_t, 2> exclude{-1, -1};  // indices of primitives whose volume is left to them
  Composition composition;
  OrientedBox bounds;
};

// Ellipsoid with semi-axes radii along the columns of `rotation`.
XrayPrimitive make_ellipsoid(const glm::dvec3& center_mm, const glm::dmat3& rotation,
                             const glm::dvec3& radii_mm, const Composition& c);

// Truncated elliptic cone from p0 to p1. Cross-section semi-axes are r·1 along `major_dir`
// (projected perpendicular to the axis) and r·aspect across it, r varying linearly from r0 to r1.
// The ends are cut by planes through p0 and p1 with outward normals n0 and n1 (−axis and +axis
// for square ends; mitre planes between the segments of a bent tube).
XrayPrimitive make_frustum(const glm::dvec3& p0, const glm::dvec3& p1, double r0_mm, double r1_mm,
                           const glm::dvec3& n0, const glm::dvec3& n1, const Composition& c,
                           const glm::dvec3& major_dir = glm::dvec3(0), double aspect = 1.0);

// Up to two disjoint intervals of the ray parameter t (mm along a unit direction).
struct RayIntervals {
  int count = 0;
  std::array<double, 2> t0{}, t1{};
  double length() const;
};

// Where the ray o + t·d (|d| = 1) lies inside the primitive (clip planes applied, exclusions not).
RayIntervals ray_intervals(const XrayPrimitive& p, const glm::dvec3& o, const glm::dvec3& d);

// Measure of `a` minus the union of `e1` and `e2`.
double length_excluding(const RayIntervals& a, const RayIntervals& e1, const RayIntervals& e2);

}  // namespace angiosim
