#version 330 core
// A triangle covering the viewport; no vertex buffer needed.
out vec2 uv;
void main() {
  vec2 p = vec2(float((gl_VertexID & 1) << 2), float((gl_VertexID & 2) << 1)) - 1.0;
  uv = 0.5 * p + 0.5;
  gl_Position = vec4(p, 0.0, 1.0);
}
