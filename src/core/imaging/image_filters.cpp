#include "core/imaging/image_filters.h"

#include <algorithm>
#include <cmath>

namespace angiosim {

namespace {

std::vector<float> gaussian_kernel(double sigma) {
  const int radius = std::max(1, int(std::ceil(4 * sigma)));
  std::vector<float> k(size_t(2 * radius + 1));
  double sum = 0;
  for (int i = -radius; i <= radius; ++i) sum += k[size_t(i + radius)] = float(std::exp(-0.5 * i * i / (sigma * sigma)));
  for (float& v : k) v = float(v / sum);
  return k;
}

// One 1-D pass along rows (horizontal) or columns, edges clamped.
FloatImage convolve(const FloatImage& in, const std::vector<float>& k, bool horizontal) {
  FloatImage out(in.width, in.height);
  const int r = int(k.size() / 2);
  const int n = horizontal ? in.width : in.height;
  std::vector<float> line(size_t(n + 2 * r));
  for (int line_index = 0; line_index < (horizontal ? in.height : in.width); ++line_index) {
    auto get = [&](int t) { return horizontal ? in.at(t, line_index) : in.at(line_index, t); };
    for (int t = -r; t < n + r; ++t) line[size_t(t + r)] = get(std::clamp(t, 0, n - 1));
    for (int t = 0; t < n; ++t) {
      float s = 0;
      for (size_t q = 0; q < k.size(); ++q) s += k[q] * line[size_t(t) + q];
      (horizontal ? out.at(t, line_index) : out.at(line_index, t)) = s;
    }
  }
  return out;
}

}  // namespace

FloatImage gaussian_blur(const FloatImage& image, double sigma_px) {
  if (sigma_px <= 0.05 || image.data.empty()) return image;
  const std::vector<float> k = gaussian_kernel(sigma_px);
  return convolve(convolve(image, k, true), k, false);
}

FloatImage wide_gaussian_blur(const FloatImage& image, double sigma_px) {
  const int factor = std::clamp(int(sigma_px / 4), 1, std::max(1, std::min(image.width, image.height) / 8));
  if (factor <= 1) return gaussian_blur(image, sigma_px);
  const int cw = (image.width + factor - 1) / factor, ch = (image.height + factor - 1) / factor;
  FloatImage coarse(cw, ch);
  std::vector<int> count(size_t(cw) * size_t(ch), 0);
  for (int j = 0; j < image.height; ++j)
    for (int i = 0; i < image.width; ++i) {
      coarse.at(i / factor, j / factor) += image.at(i, j);
      ++count[size_t(j / factor) * size_t(cw) + size_t(i / factor)];
    }
  for (size_t k = 0; k < coarse.data.size(); ++k) coarse.data[k] /= float(std::max(1, count[k]));
  // Averaging boxes of `factor` pixels blurs by a variance of (factor² − 1)/12 pixels²; the
  // Gaussian on the coarse grid supplies the rest of sigma².
  const double box_variance = (double(factor) * factor - 1) / 12.0;
  const double coarse_sigma = std::sqrt(std::max(0.0, sigma_px * sigma_px - box_variance)) / factor;
  const FloatImage blurred = gaussian_blur(coarse, coarse_sigma);
  FloatImage out(image.width, image.height);
  for (int j = 0; j < image.height; ++j) {
    const double y = std::clamp((j + 0.5) / factor - 0.5, 0.0, double(ch - 1));
    const int y0 = std::min(int(y), ch - 1), y1 = std::min(y0 + 1, ch - 1);
    const float fy = float(y - y0);
    for (int i = 0; i < image.width; ++i) {
      const double x = std::clamp((i + 0.5) / factor - 0.5, 0.0, double(cw - 1));
      const int x0 = std::min(int(x), cw - 1), x1 = std::min(x0 + 1, cw - 1);
      const float fx = float(x - x0);
      const float top = blurred.at(x0, y0) + fx * (blurred.at(x1, y0) - blurred.at(x0, y0));
      const float bottom = blurred.at(x0, y1) + fx * (blurred.at(x1, y1) - blurred.at(x0, y1));
      out.at(i, j) = top + fy * (bottom - top);
    }
  }
  return out;
}

}  // namespace angiosim
