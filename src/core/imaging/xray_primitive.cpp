#include "core/imaging/xray_primitive.h"

#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

namespace angiosim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

glm::dmat3 outer(const glm::dvec3& a, const glm::dvec3& b) {
  // Column-major: column j is a · b[j].
  return glm::dmat3(a * b.x, a * b.y, a * b.z);
}

glm::dvec3 perpendicular_to(const glm::dvec3& axis, const glm::dvec3& hint) {
  glm::dvec3 p = hint - glm::dot(hint, axis) * axis;
  if (glm::length(p) < 1e-6) {
    const glm::dvec3 helper = std::abs(axis.x) < 0.9 ? glm::dvec3(1, 0, 0) : glm::dvec3(0, 1, 0);
    p = helper - glm::dot(helper, axis) * axis;
  }
  return glm::normalize(p);
}

double overlap(double a0, double a1, double b0, double b1) {
  return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

}  // namespace

Aabb OrientedBox::aabb() const {
  const glm::dvec3 ext = glm::abs(half_axes[0]) + glm::abs(half_axes[1]) + glm::abs(half_axes[2]);
  Aabb b;
  b.grow(center - ext);
  b.grow(center + ext);
  return b;
}

XrayPrimitive make_ellipsoid(const glm::dvec3& center_mm, const glm::dmat3& rotation,
                             const glm::dvec3& radii_mm, const Composition& c) {
  XrayPrimitive p;
  p.center_mm = center_mm;
  // Σ e_i e_iᵀ / a_i²  with  xᵀAx − 1 ≤ 0 inside.
  for (int i = 0; i < 3; ++i)
    p.quadric_a += outer(rotation[i], rotation[i]) / (radii_mm[i] * radii_mm[i]);
  p.quadric_c = -1.0;
  p.composition = c;
  p.bounds.center = center_mm;
  for (int i = 0; i < 3; ++i) p.bounds.half_axes[i] = rotation[i] * radii_mm[i];
  return p;
}

XrayPrimitive make_frustum(const glm::dvec3& p0, const glm::dvec3& p1, double r0_mm, double r1_mm,
                           const glm::dvec3& n0, const glm::dvec3& n1, const Composition& c,
                           const glm::dvec3& major_dir, double aspect) {
  XrayPrimitive p;
  const double h = glm::distance(p0, p1);
  const glm::dvec3 e3 = (p1 - p0) / h;
  const glm::dvec3 e1 = perpendicular_to(e3, major_dir);
  const glm::dvec3 e2 = glm::cross(e3, e1);
  const double m = (r1_mm - r0_mm) / h;  // radius slope
  // Inside: (e1·x)² + (e2·x / aspect)² ≤ (r0 + m·(e3·x))²  with x relative to p0.
  p.center_mm = p0;
  p.quadric_a = outer(e1, e1) + outer(e2, e2) / (aspect * aspect) - outer(e3, e3) * (m * m);
  p.quadric_b = -e3 * (r0_mm * m);
  p.quadric_c = -r0_mm * r0_mm;
  const glm::dvec3 u0 = glm::normalize(n0), u1 = glm::normalize(n1);
  p.planes[0] = glm::dvec4(u0, 0.0);
  p.planes[1] = glm::dvec4(u1, -glm::dot(u1, p1 - p0));
  p.composition = c;
  // Bounds: the axis-aligned box of the cone in its own frame, lengthened at each end by how far
  // a mitre plane can lean out (r · tan of its tilt, capped for near-grazing mitres).
  double r_max = std::max(r0_mm, r1_mm);
  auto lean = [&](const glm::dvec3& n, double r) {
    const double cos_tilt = std::clamp(std::abs(glm::dot(n, e3)), 0.2, 1.0);
    return r * std::sqrt(1.0 - cos_tilt * cos_tilt) / cos_tilt * std::max(1.0, aspect);
  };
  const double ext0 = lean(u0, r0_mm), ext1 = lean(u1, r1_mm);
  r_max += std::abs(m) * std::max(ext0, ext1);  // the cone keeps widening past a leaning mitre
  p.bounds.center = p0 + e3 * (0.5 * (h + ext1 - ext0));
  p.bounds.half_axes = {e1 * r_max, e2 * (r_max * aspect), e3 * (0.5 * (h + ext0 + ext1))};
  return p;
}

XrayPrimitive make_thin_tube(const glm::dvec3& p0, const glm::dvec3& p1, double radius_mm, const glm::dvec3& n0,
                             const glm::dvec3& n1, const Composition& c) {
  XrayPrimitive p = make_frustum(p0, p1, radius_mm, radius_mm, n0, n1, c);
  p.thin_radius_mm = radius_mm;
  p.thin_axis = glm::normalize(p1 - p0);
  p.thin_length_mm = glm::distance(p0, p1);
  return p;
}

namespace {

// The chord's antiderivative A(x) = ∫ 2√(r² − t²) dt from 0 (the circle's area between 0 and x)
// and A's antiderivative C(x), even, (πr²/2)·|x| beyond the circle.
double chord_area(double r, double x) {
  if (x <= -r) return -0.5 * std::numbers::pi * r * r;
  if (x >= r) return 0.5 * std::numbers::pi * r * r;
  return x * std::sqrt(r * r - x * x) + r * r * std::asin(x / r);
}

double chord_area_integral(double r, double x) {
  if (std::abs(x) >= r) return 0.5 * std::numbers::pi * r * r * std::abs(x);
  const double h = std::sqrt(r * r - x * x);
  return r * r * (x * std::asin(x / r) + h) - h * h * h / 3;
}

}  // namespace

double pixel_average_chord_mm(double r, const glm::dvec2& center, const glm::dvec2& e_u, const glm::dvec2& e_v,
                              double length) {
  const double area = std::abs(e_u.x * e_v.y - e_u.y * e_v.x);
  if (area < 1e-18) return 0.0;
  // The footprint, clipped to 0 ≤ s ≤ length (Sutherland–Hodgman; at most 6 corners).
  std::array<glm::dvec2, 8> poly{center - 0.5 * e_u - 0.5 * e_v, center + 0.5 * e_u - 0.5 * e_v,
                                 center + 0.5 * e_u + 0.5 * e_v, center - 0.5 * e_u + 0.5 * e_v};
  int count = 4;
  auto clip = [&](double sign, double limit) {  // keep sign·s ≤ sign·limit
    std::array<glm::dvec2, 8> out;
    int kept = 0;
    for (int i = 0; i < count; ++i) {
      const glm::dvec2 p = poly[size_t(i)], q = poly[size_t((i + 1) % count)];
      const double dp = sign * (p.y - limit), dq = sign * (q.y - limit);
      if (dp <= 0) out[size_t(kept++)] = p;
      if ((dp < 0) != (dq < 0) && dp != 0 && dq != 0) out[size_t(kept++)] = p + (q - p) * (dp / (dp - dq));
    }
    poly = out;
    count = kept;
  };
  clip(-1, 0);
  if (count > 0) clip(+1, length);
  if (count < 3) return 0.0;
  // The height in s of the convex polygon at x.
  auto height = [&](double x) {
    double lo = 1e300, hi = -1e300;
    for (int i = 0; i < count; ++i) {
      const glm::dvec2 p = poly[size_t(i)], q = poly[size_t((i + 1) % count)];
      if (x < std::min(p.x, q.x) || x > std::max(p.x, q.x)) continue;
      if (std::abs(q.x - p.x) < 1e-15) {
        lo = std::min({lo, p.y, q.y});
        hi = std::max({hi, p.y, q.y});
      } else {
        const double y = p.y + (q.y - p.y) * (x - p.x) / (q.x - p.x);
        lo = std::min(lo, y);
        hi = std::max(hi, y);
      }
    }
    return hi > lo ? hi - lo : 0.0;
  };
  std::array<double, 8> xs;
  for (int i = 0; i < count; ++i) xs[size_t(i)] = poly[size_t(i)].x;
  std::sort(xs.begin(), xs.begin() + count);
  double integral = 0;
  for (int k = 0; k + 1 < count; ++k) {
    const double x0 = xs[size_t(k)], x1 = xs[size_t(k + 1)];
    if (x1 - x0 < 1e-12 || x1 <= -r || x0 >= r) continue;
    // ∫ chord(x)·(h0 + m(x − x0)) dx = [A(x)·h(x)] − m·[C(x)], by parts.
    const double h0 = height(x0), h1 = height(x1), m = (h1 - h0) / (x1 - x0);
    integral += chord_area(r, x1) * h1 - chord_area(r, x0) * h0 - m * (chord_area_integral(r, x1) - chord_area_integral(r, x0));
  }
  return std::max(0.0, integral / area);
}

double thin_tube_path_mm(const XrayPrimitive& p, const glm::dvec3& o, const glm::dvec3& d, const PixelFootprint& pixel) {
  const glm::dvec3& a = p.thin_axis;
  const glm::dvec3 across = glm::cross(a, d);
  const double sin_angle = glm::length(across);
  if (sin_angle < 0.05) return ray_intervals(p, o, d).length();  // end-on: the exact chord
  // The ray's point nearest the tube's start (x0, relative to it) keeps the arithmetic local.
  const double t_base = glm::dot(p.center_mm - o, d);
  const glm::dvec3 x0 = o + t_base * d - p.center_mm;
  // In the plane across the ray: x across the tube's image, s along it (the tube foreshortened by
  // sin_angle), both from the tube's start. The pixel's footprint there: its edges projected onto
  // that plane, scaled to the depth of the tube.
  const glm::dvec3 normal = across / sin_angle;
  const glm::dvec3 image_axis = (a - glm::dot(a, d) * d) / sin_angle;
  const double tau = glm::dot(a, x0) / (sin_angle * sin_angle);       // nearest approach on the axis
  const double width = pixel.per_mm * (t_base + glm::dot(a, d) * tau);  // the pixel at that depth
  if (width <= 0) return ray_intervals(p, o, d).length();
  auto in_plane = [&](const glm::dvec3& e) { return width * glm::dvec2(glm::dot(e, normal), glm::dot(e, image_axis)); };
  const glm::dvec2 center(glm::dot(x0, normal), glm::dot(x0, image_axis));
  return pixel_average_chord_mm(p.thin_radius_mm, center, in_plane(pixel.u), in_plane(pixel.v),
                                p.thin_length_mm * sin_angle) /
         sin_angle;
}

double RayIntervals::length() const {
  double l = 0;
  for (int i = 0; i < count; ++i) l += t1[i] - t0[i];
  return l;
}

RayIntervals ray_intervals(const XrayPrimitive& p, const glm::dvec3& o, const glm::dvec3& d) {
  // Re-base the ray at its point nearest the primitive's centre so the quadratic is well
  // conditioned (no cancellation between the ~1 m source distance and a sub-mm radius).
  const double t_base = glm::dot(p.center_mm - o, d);
  const glm::dvec3 x0 = o + t_base * d - p.center_mm;

  // Quadric: qa t² + 2 hb t + qc ≤ 0.
  const glm::dvec3 ad = p.quadric_a * d;
  const double qa = glm::dot(d, ad);
  const double hb = glm::dot(x0, ad) + glm::dot(p.quadric_b, d);
  const double qc = glm::dot(x0, p.quadric_a * x0) + 2.0 * glm::dot(p.quadric_b, x0) + p.quadric_c;

  RayIntervals q;
  const double scale = std::max({std::abs(qa), std::abs(hb), 1e-300});
  if (std::abs(qa) <= 1e-12 * scale) {
    // Linear: 2 hb t + qc ≤ 0.
    if (std::abs(hb) <= 1e-300) {
      if (qc <= 0) q = {1, {-kInf, 0}, {kInf, 0}};
    } else if (hb > 0) {
      q = {1, {-kInf, 0}, {-qc / (2 * hb), 0}};
    } else {
      q = {1, {-qc / (2 * hb), 0}, {kInf, 0}};
    }
  } else {
    const double disc = hb * hb - qa * qc;
    if (disc <= 0) {
      if (qa < 0) q = {1, {-kInf, 0}, {kInf, 0}};  // the whole line is inside (e.g. a cone's interior)
    } else {
      // Numerically stable roots (Numerical Recipes §5.6).
      const double s = std::sqrt(disc);
      const double k = -(hb + std::copysign(s, hb));
      double r0 = k / qa, r1 = qc / k;
      if (k == 0) r0 = r1 = 0;
      if (r0 > r1) std::swap(r0, r1);
      if (qa > 0) q = {1, {r0, 0}, {r1, 0}};
      else q = {2, {-kInf, r1}, {r0, kInf}};
    }
  }

  // Clip planes: n·(x0 + t d) + dist ≤ 0.
  double lo = -kInf, hi = kInf;
  for (const glm::dvec4& pl : p.planes) {
    const glm::dvec3 n(pl);
    const double nd = glm::dot(n, d), nx = glm::dot(n, x0) + pl.w;
    if (std::abs(nd) < 1e-15) {
      if (nx > 0) return {};
    } else if (nd > 0) {
      hi = std::min(hi, -nx / nd);
    } else {
      lo = std::max(lo, -nx / nd);
    }
  }
  RayIntervals out;
  for (int i = 0; i < q.count; ++i) {
    const double a = std::max(q.t0[i], lo), b = std::min(q.t1[i], hi);
    if (b > a) {
      out.t0[out.count] = a + t_base;
      out.t1[out.count] = b + t_base;
      ++out.count;
    }
  }
  return out;
}

double length_excluding(const RayIntervals& a, const RayIntervals& e1, const RayIntervals& e2) {
  // |A \ (E1 ∪ E2)| = |A| − |A∩E1| − |A∩E2| + |A∩E1∩E2|, each set a union of disjoint intervals.
  double total = a.length();
  for (int i = 0; i < a.count; ++i) {
    for (int j = 0; j < e1.count; ++j) total -= overlap(a.t0[i], a.t1[i], e1.t0[j], e1.t1[j]);
    for (int k = 0; k < e2.count; ++k) total -= overlap(a.t0[i], a.t1[i], e2.t0[k], e2.t1[k]);
    for (int j = 0; j < e1.count; ++j)
      for (int k = 0; k < e2.count; ++k) {
        const double lo = std::max({a.t0[i], e1.t0[j], e2.t0[k]});
        const double hi = std::min({a.t1[i], e1.t1[j], e2.t1[k]});
        total += std::max(0.0, hi - lo);
      }
  }
  return std::max(0.0, total);
}

}  // namespace angiosim
