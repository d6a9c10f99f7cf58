#pragma once
// Reads a colour attachment back to the CPU with row 0 at the top (GL's row 0 is the bottom).
#include <epoxy/gl.h>

#include <cstdint>
#include <vector>

namespace angiosim::render {

// 8-bit pixels with `components` channels (1: red only, 3: RGB, 4: RGBA) of attachment
// `attachment` of framebuffer `fbo` (0: the window's back buffer).
std::vector<uint8_t> read_pixels_top_down(GLuint fbo, GLenum attachment, int width, int height, int components);

}  // namespace angiosim::render
