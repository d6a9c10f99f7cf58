#version 330 core
// Rectangles of the detector image, given in pixels (GL convention: row 0 at the bottom), each
// as two triangles: the display pass shades only the tiles a frame changed, or one rectangle
// over the whole image.
layout(location = 0) in vec2 pixel;
uniform vec2 image_size;
out vec2 uv;
void main() {
  uv = pixel / image_size;
  gl_Position = vec4(2.0 * uv - 1.0, 0.0, 1.0);
}
