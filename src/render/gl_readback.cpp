#include "render/gl_readback.h"

#include <algorithm>

namespace angiosim::render {

std::vector<uint8_t> read_pixels_top_down(GLuint fbo, GLenum attachment, int width, int height, int components) {
  const GLenum format = components == 1 ? GL_RED : (components == 3 ? GL_RGB : GL_RGBA);
  const size_t row = size_t(width) * components;
  std::vector<uint8_t> bottom_up(row * height), top_down(row * height);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
  glReadBuffer(attachment);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, format, GL_UNSIGNED_BYTE, bottom_up.data());
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  for (int j = 0; j < height; ++j)
    std::copy_n(&bottom_up[size_t(height - 1 - j) * row], row, &top_down[size_t(j) * row]);
  return top_down;
}

}  // namespace angiosim::render
