#version 330 core
// Path length of this pixel's ray through one clipped-quadric primitive, minus the parts left to its
// excluded primitives, times the primitive's partial densities: additive-blended into eight
// channels of areal density (g/cm^2). Same arithmetic as core/imaging/xray_primitive.cpp.
// Compiled twice: plain, and with THIN_TUBES for the wires' thin tubes (the footprint-averaged
// path; the exact chord where a ray runs along the tube). Kept apart because on a software
// rasteriser the thin-tube code slows every fragment that merely carries it about five times.
flat in int primitive_index;

uniform samplerBuffer primitives;
uniform vec3 source_mm;
uniform vec3 detector_center_mm;
uniform vec3 detector_u;  // unit, image right
uniform vec3 detector_v;  // unit, image up
uniform float pixel_pitch_mm;
uniform vec2 image_size;

layout(location = 0) out vec4 channels_0_3;
layout(location = 1) out vec4 channels_4_7;

const int kTexelsPerPrimitive = 14;
const float kInf = 1e30;

struct Intervals {
  int count;
  vec2 a;  // (t0, t1) of the first interval
  vec2 b;  // (t0, t1) of the second
};

Intervals ray_intervals(int index, vec3 o, vec3 d) {
  int base = index * kTexelsPerPrimitive;
  vec3 center = texelFetch(primitives, base + 0).xyz;
  vec4 c0 = texelFetch(primitives, base + 1);
  vec4 c1 = texelFetch(primitives, base + 2);
  vec4 c2 = texelFetch(primitives, base + 3);
  vec4 plane0 = texelFetch(primitives, base + 4);
  vec4 plane1 = texelFetch(primitives, base + 5);
  float qc0 = texelFetch(primitives, base + 6).x;
  mat3 A = mat3(c0.xyz, c1.xyz, c2.xyz);
  vec3 qb = vec3(c0.w, c1.w, c2.w);

  // Re-base the ray at its point nearest the centre (keeps the quadratic well conditioned).
  vec3 rel = o - center;
  float t_base = -dot(rel, d);
  vec3 x0 = rel + t_base * d;

  vec3 ad = A * d;
  float qa = dot(d, ad);
  float hb = dot(x0, ad) + dot(qb, d);
  float qc = dot(x0, A * x0) + 2.0 * dot(qb, x0) + qc0;

  Intervals q;
  q.count = 0;
  float scale = max(max(abs(qa), abs(hb)), 1e-30);
  if (abs(qa) <= 1e-6 * scale) {
    if (abs(hb) <= 1e-30) {
      if (qc <= 0.0) { q.count = 1; q.a = vec2(-kInf, kInf); }
    } else if (hb > 0.0) {
      q.count = 1; q.a = vec2(-kInf, -qc / (2.0 * hb));
    } else {
      q.count = 1; q.a = vec2(-qc / (2.0 * hb), kInf);
    }
  } else {
    float disc = hb * hb - qa * qc;
    if (disc <= 0.0) {
      if (qa < 0.0) { q.count = 1; q.a = vec2(-kInf, kInf); }
    } else {
      float s = sqrt(disc);
      float k = -(hb + (hb >= 0.0 ? s : -s));
      float r0 = k / qa, r1 = (k != 0.0) ? qc / k : 0.0;
      if (r0 > r1) { float t = r0; r0 = r1; r1 = t; }
      if (qa > 0.0) { q.count = 1; q.a = vec2(r0, r1); }
      else { q.count = 2; q.a = vec2(-kInf, r0); q.b = vec2(r1, kInf); }
    }
  }

  // Clip planes n·x + w <= 0.
  float lo = -kInf, hi = kInf;
  vec4 planes[2] = vec4[2](plane0, plane1);
  for (int i = 0; i < 2; ++i) {
    float nd = dot(planes[i].xyz, d);
    float nx = dot(planes[i].xyz, x0) + planes[i].w;
    if (abs(nd) < 1e-12) {
      if (nx > 0.0) { q.count = 0; }
    } else if (nd > 0.0) {
      hi = min(hi, -nx / nd);
    } else {
      lo = max(lo, -nx / nd);
    }
  }
  Intervals r;
  r.count = 0;
  r.a = vec2(0.0);
  r.b = vec2(0.0);
  for (int i = 0; i < q.count; ++i) {
    vec2 iv = (i == 0) ? q.a : q.b;
    float a = max(iv.x, lo), b = min(iv.y, hi);
    if (b > a) {
      if (r.count == 0) r.a = vec2(a, b) + t_base;
      else r.b = vec2(a, b) + t_base;
      r.count += 1;
    }
  }
  return r;
}

float overlap(vec2 a, vec2 b) { return max(0.0, min(a.y, b.y) - max(a.x, b.x)); }

vec2 interval_at(Intervals s, int i) { return i == 0 ? s.a : s.b; }

float length_excluding(Intervals a, Intervals e1, Intervals e2) {
  float total = 0.0;
  for (int i = 0; i < a.count; ++i) {
    vec2 ai = interval_at(a, i);
    total += ai.y - ai.x;
    for (int j = 0; j < e1.count; ++j) total -= overlap(ai, interval_at(e1, j));
    for (int k = 0; k < e2.count; ++k) total -= overlap(ai, interval_at(e2, k));
    for (int j = 0; j < e1.count; ++j)
      for (int k = 0; k < e2.count; ++k) {
        vec2 x = interval_at(e1, j), y = interval_at(e2, k);
        float lo = max(max(ai.x, x.x), y.x), hi = min(min(ai.y, x.y), y.y);
        total += max(0.0, hi - lo);
      }
  }
  return max(0.0, total);
}

#ifdef THIN_TUBES
// A thin tube's chord averaged over the pixel's footprint: pixel_average_chord_mm and
// thin_tube_path_mm in core/imaging/xray_primitive.cpp, in float.
const float kPi = 3.14159265;
float chord_area(float r, float x) {
  float c = clamp(x, -r, r);
  return c * sqrt(max(r * r - c * c, 0.0)) + r * r * asin(c / r);
}
float chord_area_integral(float r, float x) {
  if (abs(x) >= r) return 0.5 * kPi * r * r * abs(x);
  float h = sqrt(max(r * r - x * x, 0.0));
  return r * r * (x * asin(x / r) + h) - h * h * h / 3.0;
}

// Height in s of the convex polygon at x.
float polygon_height(vec2 poly[6], int count, float x) {
  float lo = 1e30, hi = -1e30;
  for (int i = 0; i < count; ++i) {
    vec2 p = poly[i];
    vec2 q = poly[(i + 1) % count];
    if (x < min(p.x, q.x) || x > max(p.x, q.x)) continue;
    if (abs(q.x - p.x) < 1e-9) {
      lo = min(lo, min(p.y, q.y));
      hi = max(hi, max(p.y, q.y));
    } else {
      float y = p.y + (q.y - p.y) * (x - p.x) / (q.x - p.x);
      lo = min(lo, y);
      hi = max(hi, y);
    }
  }
  return hi > lo ? hi - lo : 0.0;
}

float pixel_average_chord(float r, vec2 center, vec2 e_u, vec2 e_v, float len) {
  float area = abs(e_u.x * e_v.y - e_u.y * e_v.x);
  if (area < 1e-12) return 0.0;
  vec2 poly[6];
  poly[0] = center - 0.5 * e_u - 0.5 * e_v;
  poly[1] = center + 0.5 * e_u - 0.5 * e_v;
  poly[2] = center + 0.5 * e_u + 0.5 * e_v;
  poly[3] = center - 0.5 * e_u + 0.5 * e_v;
  int count = 4;
  // Clip to 0 <= s <= len (Sutherland-Hodgman), one side per pass.
  for (int pass = 0; pass < 2 && count > 0; ++pass) {
    float side = pass == 0 ? -1.0 : 1.0, limit = pass == 0 ? 0.0 : len;
    vec2 kept[6];
    int n = 0;
    for (int i = 0; i < count; ++i) {
      vec2 p = poly[i];
      vec2 q = poly[(i + 1) % count];
      float dp = side * (p.y - limit), dq = side * (q.y - limit);
      if (dp <= 0.0 && n < 6) {
        kept[n] = p;
        n += 1;
      }
      if ((dp < 0.0) != (dq < 0.0) && dp != 0.0 && dq != 0.0 && n < 6) {
        kept[n] = p + (q - p) * (dp / (dp - dq));
        n += 1;
      }
    }
    poly = kept;
    count = n;
  }
  if (count < 3) return 0.0;
  // Slabs between consecutive corner x's, found in increasing order (no sort of a local array:
  // at most 6 corners, 36 comparisons).
  float x0 = 1e30;
  for (int i = 0; i < count; ++i) x0 = min(x0, poly[i].x);
  float integral = 0.0;
  for (int step = 0; step < 5; ++step) {
    float x1 = 1e30;
    for (int i = 0; i < count; ++i)
      if (poly[i].x > x0 + 1e-7) x1 = min(x1, poly[i].x);
    if (x1 >= 1e30) break;
    if (x1 > -r && x0 < r) {
      float h0 = polygon_height(poly, count, x0), h1 = polygon_height(poly, count, x1);
      float m = (h1 - h0) / (x1 - x0);
      integral += chord_area(r, x1) * h1 - chord_area(r, x0) * h0 -
                  m * (chord_area_integral(r, x1) - chord_area_integral(r, x0));
    }
    x0 = x1;
  }
  return max(0.0, integral / area);
}

// Returns -1 where the ray runs almost along the axis (the exact chord is used there).
float thin_tube_path(int index, vec3 o, vec3 d, float footprint_per_mm) {
  int base = index * kTexelsPerPrimitive;
  vec4 axis_radius = texelFetch(primitives, base + 13);
  vec3 a = axis_radius.xyz;
  vec3 across = cross(a, d);
  float sin_angle = length(across);
  if (sin_angle < 0.05) return -1.0;
  vec3 normal = across / sin_angle;
  vec3 image_axis = (a - dot(a, d) * d) / sin_angle;
  vec3 center = texelFetch(primitives, base + 0).xyz;
  float t_base = dot(center - o, d);
  vec3 x0 = (o - center) + t_base * d;
  float tau = dot(a, x0) / (sin_angle * sin_angle);
  float width = footprint_per_mm * (t_base + dot(a, d) * tau);
  vec2 e_u = width * vec2(dot(detector_u, normal), dot(detector_u, image_axis));
  vec2 e_v = width * vec2(dot(detector_v, normal), dot(detector_v, image_axis));
  float tube_length = texelFetch(primitives, base + 6).w;
  return pixel_average_chord(axis_radius.w, vec2(dot(x0, normal), dot(x0, image_axis)), e_u, e_v,
                             tube_length * sin_angle) / sin_angle;
}

#endif

void main() {
  vec2 from_center = gl_FragCoord.xy - 0.5 * image_size;
  vec3 target = detector_center_mm + pixel_pitch_mm * (from_center.x * detector_u + from_center.y * detector_v);
  vec3 d = normalize(target - source_mm);
  int base = primitive_index * kTexelsPerPrimitive;

#ifdef THIN_TUBES
  float path_mm = thin_tube_path(primitive_index, source_mm, d, pixel_pitch_mm / length(target - source_mm));
  if (path_mm >= 0.0) {
    if (path_mm == 0.0) discard;
    channels_0_3 = texelFetch(primitives, base + 7) * (0.1 * path_mm);
    channels_4_7 = texelFetch(primitives, base + 8) * (0.1 * path_mm);
    return;
  }
#endif

  Intervals own = ray_intervals(primitive_index, source_mm, d);
  if (own.count == 0) discard;
  vec4 meta = texelFetch(primitives, base + 6);
  Intervals none;
  none.count = 0;
  none.a = vec2(0.0);
  none.b = vec2(0.0);
  Intervals e1 = none, e2 = none;
  if (meta.y >= 0.0) e1 = ray_intervals(int(meta.y), source_mm, d);
  if (meta.z >= 0.0) e2 = ray_intervals(int(meta.z), source_mm, d);
  float length_cm = 0.1 * length_excluding(own, e1, e2);
  channels_0_3 = texelFetch(primitives, base + 7) * length_cm;
  channels_4_7 = texelFetch(primitives, base + 8) * length_cm;
}
