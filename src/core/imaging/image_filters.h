#pragma once
// Filters on single-channel float images (row-major, row 0 at the top) used by the imaging chain.
#include <cstddef>
#include <vector>

namespace angiosim {

struct FloatImage {
  int width = 0, height = 0;
  std::vector<float> data;

  FloatImage() = default;
  FloatImage(int w, int h, float value = 0.f) : width(w), height(h), data(std::size_t(w) * std::size_t(h), value) {}
  float& at(int i, int j) { return data[std::size_t(j) * std::size_t(width) + std::size_t(i)]; }
  float at(int i, int j) const { return data[std::size_t(j) * std::size_t(width) + std::size_t(i)]; }
};

// Makes image w × h, keeping its storage when it already is (contents then unchanged).
void reshape(FloatImage& image, int w, int h);

// The intermediate images of a blur. A caller that blurs image after image keeps one, so its blurs
// write into memory already mapped: a fresh 4 MB image costs a thousand page faults, which took
// more time than the blur itself.
struct BlurBuffers {
  FloatImage rows;                    // the horizontal pass (at full or coarse resolution)
  FloatImage coarse, coarse_blurred;  // the coarse grid's box averages and their blur
};

// Separable Gaussian blur of standard deviation sigma (pixels), edges clamped. sigma ≤ 0.05 copies.
FloatImage gaussian_blur(const FloatImage& image, double sigma_px);
// The same into `out` (not `image`), with the caller's buffers.
void gaussian_blur(const FloatImage& image, double sigma_px, FloatImage& out, BlurBuffers& buffers);

// A Gaussian blur of large sigma on a grid `factor` times coarser (box-averaged), bilinearly
// interpolated back: the same result for a smooth kernel at a fraction of the cost.
FloatImage wide_gaussian_blur(const FloatImage& image, double sigma_px);
// The same on a grid exactly `factor` times coarser (for kernels of a few pixels: 2 halves the
// work four times over; the bilinear step adds about a sixth of a coarse pixel² of variance).
FloatImage coarse_gaussian_blur(const FloatImage& image, double sigma_px, int factor);
// Both into `out` (not `image`), with the caller's buffers.
void wide_gaussian_blur(const FloatImage& image, double sigma_px, FloatImage& out, BlurBuffers& buffers);
void coarse_gaussian_blur(const FloatImage& image, double sigma_px, int factor, FloatImage& out, BlurBuffers& buffers);

}  // namespace angiosim
