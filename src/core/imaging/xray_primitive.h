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
#include <glm/vec2.hpp>
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
  // A thin tube (a guidewire segment, often narrower than a pixel): its path length is averaged
  // over the pixel's footprint (thin_tube_path_mm) instead of taken along the pixel's central
  // ray, so a 0.014" wire neither vanishes between pixel centres nor flickers as it moves.
  // 0 for every other primitive. A projector pads the bounds of thin tubes by its pixel footprint.
  double thin_radius_mm = 0;
  glm::dvec3 thin_axis{0};  // unit, along the tube from center_mm
  double thin_length_mm = 0;
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

// A straight tube of constant radius from p0 to p1, drawn with sub-pixel coverage (see
// XrayPrimitive::thin_radius_mm). The mitre planes serve only where a ray runs along the tube.
XrayPrimitive make_thin_tube(const glm::dvec3& p0, const glm::dvec3& p1, double radius_mm, const glm::dvec3& n0,
                             const glm::dvec3& n1, const Composition& c);

// A thin straight tube's chord 2√(r² − x²) (x: distance from its axis) averaged over a pixel's
// footprint, exactly: the footprint is the parallelogram center ± e_u/2 ± e_v/2 in coordinates
// (x across the tube, s along it), the tube runs from s = 0 to s = length. The footprint is
// clipped to the tube's length and cut into slabs between its corners' x, where its height in s
// is linear; chord × linear height integrates in closed form with the chord's first and second
// antiderivatives. Its integral over the pixel grid is the tube's mass, πr²·length, wherever the
// tube lies: no flicker across the body, and a tip that fades in as it moves, never jumps.
double pixel_average_chord_mm(double radius_mm, const glm::dvec2& center, const glm::dvec2& e_u,
                              const glm::dvec2& e_v, double length_mm);

// A detector pixel's footprint: its edges (unit, along image right and up) and its pitch per mm
// of distance from the source (pitch / source-to-pixel distance). per_mm = 0: no footprint.
struct PixelFootprint {
  glm::dvec3 u{1, 0, 0}, v{0, 1, 0};
  double per_mm = 0;
};

// Path length (mm) of a thin tube along the ray o + t·d (|d| = 1), averaged over the pixel's
// footprint at the tube's depth (pixel_average_chord_mm). Where the ray runs almost along the
// tube's axis, the exact chord.
double thin_tube_path_mm(const XrayPrimitive& p, const glm::dvec3& o, const glm::dvec3& d,
                         const PixelFootprint& pixel);

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
