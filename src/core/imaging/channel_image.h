#pragma once
// Per-pixel areal densities (g/cm²) of each basis material along the ray to that pixel: the output
// of a projector, the input of the image chain. Row 0 is the top of the image.
#include <cstddef>
#include <vector>

namespace angiosim {

struct ChannelImage {
  int width = 0, height = 0, channels = 0;
  std::vector<float> data;  // (row * width + column) * channels + channel

  ChannelImage() = default;
  ChannelImage(int w, int h, int c) : width(w), height(h), channels(c), data(std::size_t(w) * h * c, 0.f) {}
  float& at(int i, int j, int c) { return data[(std::size_t(j) * width + i) * channels + c]; }
  float at(int i, int j, int c) const { return data[(std::size_t(j) * width + i) * channels + c]; }
  const float* pixel(int i, int j) const { return &data[(std::size_t(j) * width + i) * channels]; }
};

}  // namespace angiosim
