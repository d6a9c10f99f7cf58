#pragma once
// Animated PNG (APNG: the PNG extension browsers play, https://wiki.mozilla.org/APNG_Specification)
// for a cine or DSA run: every frame encoded as a PNG by stb_image_write, its image data moved into
// the animation's frame chunks. One file a browser plays at the run's rate and any PNG viewer shows
// as its first frame. Written atomically.
#include <cstdint>
#include <string>
#include <vector>

namespace angiosim {

// 8-bit frames, all width × height with `components` channels (1 gray, 3 RGB), row 0 at the top,
// shown `fps` frames a second, looping. Throws std::runtime_error on bad sizes or no frames.
void write_apng(const std::string& path, int width, int height, int components,
                const std::vector<std::vector<uint8_t>>& frames, double fps);

// The same as bytes (for tests and embedding).
std::string encode_apng(int width, int height, int components, const std::vector<std::vector<uint8_t>>& frames,
                        double fps);

}  // namespace angiosim
