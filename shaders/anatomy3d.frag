#version 330 core
// Lambert shading from a light at the eye, plus a rim term so tube silhouettes read clearly.
in vec3 view_normal;
in vec3 view_position;
uniform vec3 base_color;
uniform float opacity;  // 1: opaque; below, blended over what was drawn before
out vec4 color;
void main() {
  vec3 n = normalize(view_normal);
  vec3 to_eye = normalize(-view_position);
  float lambert = abs(dot(n, to_eye));
  float rim = pow(1.0 - lambert, 3.0);
  color = vec4(base_color * (0.25 + 0.75 * lambert) + vec3(0.25) * rim, opacity);
}
