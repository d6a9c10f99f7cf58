#pragma once
// PNG output (stb_image_write), written atomically.
#include <cstdint>
#include <string>
#include <vector>

namespace angiosim {

// 8-bit image with `components` channels per pixel (1 gray, 3 RGB, 4 RGBA), row 0 at the top.
void write_png(const std::string& path, int width, int height, int components,
               const std::vector<uint8_t>& pixels);

}  // namespace angiosim
