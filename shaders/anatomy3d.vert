#version 330 core
// Lumen meshes in patient millimetres, lit by a headlight.
layout(location = 0) in vec3 position_mm;
layout(location = 1) in vec3 normal;
uniform mat4 view_projection;
uniform mat4 view;
out vec3 view_normal;
out vec3 view_position;
void main() {
  view_normal = mat3(view) * normal;
  view_position = (view * vec4(position_mm, 1.0)).xyz;
  gl_Position = view_projection * vec4(position_mm, 1.0);
}
