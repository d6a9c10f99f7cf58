#version 330 core
// One instance per X-ray primitive of this draw (its index read from the draw list): the unit cube
// is stretched over the primitive's oriented bounding box (read from the primitive buffer) so its
// fragments cover every ray that can meet it.
// A thin tube's box grows by a pixel pitch: its footprint-averaged profile reaches that far.
layout(location = 0) in vec3 corner;  // unit cube corner in [0,1]^3

uniform samplerBuffer primitives;
uniform isamplerBuffer draw_list;  // primitive indices: the plain ones, then the thin tubes
uniform int draw_offset;
uniform mat4 view_projection;
uniform float pixel_pitch_mm;
const int kTexelsPerPrimitive = 14;

flat out int primitive_index;

void main() {
  int primitive = texelFetch(draw_list, draw_offset + gl_InstanceID).r;
  int base = primitive * kTexelsPerPrimitive;
  vec3 center = texelFetch(primitives, base + 9).xyz;
  vec3 a0 = texelFetch(primitives, base + 10).xyz;
  vec3 a1 = texelFetch(primitives, base + 11).xyz;
  vec3 a2 = texelFetch(primitives, base + 12).xyz;
#ifdef THIN_TUBES
  a0 += normalize(a0) * pixel_pitch_mm;
  a1 += normalize(a1) * pixel_pitch_mm;
  a2 += normalize(a2) * pixel_pitch_mm;
#endif
  vec3 s = 2.0 * corner - 1.0;
  vec3 world = center + s.x * a0 + s.y * a1 + s.z * a2;
  primitive_index = primitive;
  gl_Position = view_projection * vec4(world, 1.0);
}
