// Exact path lengths through X-ray primitives against closed-form chords.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include <cmath>

#include "core/imaging/xray_primitive.h"

using namespace angiosim;

namespace {
Composition unit() {
  Composition c;
  c.density_g_cm3[0] = 1;
  return c;
}
double chord(const XrayPrimitive& p, const glm::dvec3& o, const glm::dvec3& d) {
  return ray_intervals(p, o, glm::normalize(d)).length();
}
}  // namespace

TEST_CASE("sphere: chord 2·sqrt(r² − b²) at impact parameter b, from a source a metre away") {
  const XrayPrimitive s = make_ellipsoid({10, 20, 30}, glm::dmat3(1.0), glm::dvec3(8.0), unit());
  const glm::dvec3 source(10, 20 - 1000, 30);
  for (double b : {0.0, 2.0, 5.0, 7.9, 8.1}) {
    const glm::dvec3 target(10 + b, 20, 30);
    // The ray passes the centre at distance b·(1000/|target − source|) ≈ b (perpendicular distance).
    const glm::dvec3 d = glm::normalize(target - source);
    const glm::dvec3 to_center = glm::dvec3(10, 20, 30) - source;
    const double perp = glm::length(to_center - glm::dot(to_center, d) * d);
    const double expected = perp < 8 ? 2 * std::sqrt(64 - perp * perp) : 0.0;
    CHECK(chord(s, source, target - source) == doctest::Approx(expected).epsilon(1e-9));
  }
}

TEST_CASE("rotated ellipsoid: chord along a principal axis is twice that semi-axis") {
  const glm::dmat3 r(glm::rotate(glm::dmat4(1.0), glm::radians(30.0), glm::dvec3(0, 0, 1)));
  const XrayPrimitive e = make_ellipsoid({0, 0, 0}, r, {20, 5, 9}, unit());
  CHECK(chord(e, -500.0 * r[0], r[0]) == doctest::Approx(40));
  CHECK(chord(e, -500.0 * r[1], r[1]) == doctest::Approx(10));
  CHECK(chord(e, -500.0 * r[2], r[2]) == doctest::Approx(18));
}

TEST_CASE("cylinder: perpendicular and oblique chords, end planes, and a thin wire far away") {
  const XrayPrimitive c = make_frustum({0, 0, 0}, {0, 0, -100}, 4, 4, {0, 0, 1}, {0, 0, -1}, unit());
  CHECK(chord(c, {-1000, 0, -50}, {1, 0, 0}) == doctest::Approx(8));
  CHECK(chord(c, {-1000, 3, -50}, {1, 0, 0}) == doctest::Approx(2 * std::sqrt(16 - 9)));
  // Oblique at 40° to the axis: the ellipse's major chord 2r / sin(40°).
  const double a = glm::radians(40.0);
  const glm::dvec3 d(std::sin(a), 0, -std::cos(a));
  CHECK(chord(c, glm::dvec3(0, 0, -50) - 600.0 * d, d) == doctest::Approx(8 / std::sin(a)).epsilon(1e-9));
  // Along the axis: the end planes bound it to the length.
  CHECK(chord(c, {0, 0, 500}, {0, 0, -1}) == doctest::Approx(100));
  CHECK(chord(c, {-1000, 0, 10}, {1, 0, 0}) == 0.0);  // beyond the end plane
  // A 0.014" wire (r = 0.178 mm) seen from 1 m: still exact.
  const XrayPrimitive w = make_frustum({0, 0, 0}, {0, 0, -10}, 0.178, 0.178, {0, 0, 1}, {0, 0, -1}, unit());
  CHECK(chord(w, {0.1, -1000, -5}, {0, 1, 0}) == doctest::Approx(2 * std::sqrt(0.178 * 0.178 - 0.01)).epsilon(1e-6));
}

TEST_CASE("cone: chord through a truncated cone at its mid-length radius") {
  const XrayPrimitive c = make_frustum({0, 0, 0}, {0, 0, -40}, 6, 2, {0, 0, 1}, {0, 0, -1}, unit());
  CHECK(chord(c, {-800, 0, -20}, {1, 0, 0}) == doctest::Approx(8).epsilon(1e-9));   // r = 4 at the middle
  CHECK(chord(c, {-800, 0, -30}, {1, 0, 0}) == doctest::Approx(6).epsilon(1e-9));   // r = 3
}

TEST_CASE("mitred segments of a bent tube add up without gap or overlap") {
  // Two cylinders meeting at 90° at the origin, mitre plane at 45°.
  const glm::dvec3 a(-50, 0, 0), o(0, 0, 0), b(0, 0, -50);
  const glm::dvec3 m = glm::normalize(glm::dvec3(1, 0, 0) + glm::dvec3(0, 0, -1));
  const XrayPrimitive s1 = make_frustum(a, o, 3, 3, {-1, 0, 0}, m, unit());
  const XrayPrimitive s2 = make_frustum(o, b, 3, 3, -m, {0, 0, -1}, unit());
  // A ray along y at (x, z) = (1, −1) lies on the vertical arm's side of the mitre: it crosses
  // that arm once, 2·sqrt(3² − 1²), and nothing of the other.
  const glm::dvec3 src(1, -700, -1), dir(0, 1, 0);
  CHECK(chord(s1, src, dir) == 0.0);
  CHECK(chord(s1, src, dir) + chord(s2, src, dir) == doctest::Approx(2 * std::sqrt(8.0)));
  // Along x at z = −1: through the horizontal arm up to the mitre, then the vertical arm.
  const glm::dvec3 src2(-700, 0, -1), dir2(1, 0, 0);
  CHECK(chord(s1, src2, dir2) + chord(s2, src2, dir2) == doctest::Approx(50 + 3 - 0.0).epsilon(1e-9));
}

TEST_CASE("exclusions leave shared volume to the excluded primitive") {
  const XrayPrimitive a = make_ellipsoid({0, 0, 0}, glm::dmat3(1.0), glm::dvec3(10), unit());
  const XrayPrimitive b = make_ellipsoid({12, 0, 0}, glm::dmat3(1.0), glm::dvec3(10), unit());
  const XrayPrimitive c = make_ellipsoid({-12, 0, 0}, glm::dmat3(1.0), glm::dvec3(10), unit());
  const glm::dvec3 o(-600, 0, 0), d(1, 0, 0);
  const RayIntervals ia = ray_intervals(a, o, d), ib = ray_intervals(b, o, d), ic = ray_intervals(c, o, d);
  // Along the line of centres: a spans [−10, 10], b [2, 22], c [−22, −2].
  CHECK(length_excluding(ia, ib, {}) == doctest::Approx(12));
  CHECK(length_excluding(ia, ib, ic) == doctest::Approx(4));
  CHECK(length_excluding(ia, ib, ib) == doctest::Approx(12));  // excluding twice is excluding once
  // Union of the three: 44 mm, each point counted once.
  CHECK(length_excluding(ia, ib, ic) + ib.length() + ic.length() == doctest::Approx(44));
}

TEST_CASE("bounding boxes hold their primitives") {
  const glm::dvec3 m = glm::normalize(glm::dvec3(1, 0.3, -1));
  const XrayPrimitive p = make_frustum({0, 0, 0}, {5, 2, -30}, 4, 2.5, {-0.2, 0, 1}, m, unit(), {1, 0, 0}, 0.6);
  const Aabb box = p.bounds.aabb();
  // Sample rays densely; every hit interval must lie inside the box.
  for (double x = -12; x <= 14; x += 0.5)
    for (double z = -40; z <= 8; z += 0.5) {
      const glm::dvec3 o(x, -500, z), d(0, 1, 0);
      const RayIntervals r = ray_intervals(p, o, d);
      for (int k = 0; k < r.count; ++k) {
        const glm::dvec3 in = o + r.t0[k] * d, out = o + r.t1[k] * d;
        CHECK(box.contains(in - 1e-9 * (in - box.center())));
        CHECK(box.contains(out - 1e-9 * (out - box.center())));
      }
    }
}
