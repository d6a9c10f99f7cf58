#include "core/imaging/image_filters.h"

#include <algorithm>
#include <cmath>

#include "core/util/parallel.h"

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

// Horizontal pass: each row convolved with k, edges clamped.
FloatImage convolve_rows(const FloatImage& in, const std::vector<float>& k) {
  FloatImage out(in.width, in.height);
  const int r = int(k.size() / 2), n = in.width;
  parallel_rows(in.height, 32, [&](int, int begin, int end) {
    std::vector<float> line(size_t(n + 2 * r));
    for (int j = begin; j < end; ++j) {
      for (int t = -r; t < n + r; ++t) line[size_t(t + r)] = in.at(std::clamp(t, 0, n - 1), j);
      for (int t = 0; t < n; ++t) {
        float s = 0;
        for (size_t q = 0; q < k.size(); ++q) s += k[q] * line[size_t(t) + q];
        out.at(t, j) = s;
      }
    }
  });
  return out;
}

// Vertical pass: each output row a weighted sum of whole input rows (contiguous, so the inner
// loop runs along memory), edges clamped.
FloatImage convolve_columns(const FloatImage& in, const std::vector<float>& k) {
  FloatImage out(in.width, in.height);
  const int r = int(k.size() / 2), w = in.width;
  parallel_rows(in.height, 32, [&](int, int begin, int end) {
    for (int j = begin; j < end; ++j) {
      float* o = &out.data[size_t(j) * size_t(w)];
      for (size_t q = 0; q < k.size(); ++q) {
        const float* row = &in.data[size_t(std::clamp(j + int(q) - r, 0, in.height - 1)) * size_t(w)];
        const float kq = k[q];
        for (int i = 0; i < w; ++i) o[i] += kq * row[i];
      }
    }
  });
  return out;
}

}  // namespace

FloatImage gaussian_blur(const FloatImage& image, double sigma_px) {
  if (sigma_px <= 0.05 || image.data.empty()) return image;
  const std::vector<float> k = gaussian_kernel(sigma_px);
  return convolve_columns(convolve_rows(image, k), k);
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
