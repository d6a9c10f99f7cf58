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

// Horizontal pass: each row convolved with k, edges clamped. The row is padded by its edge
// values, then each tap is added across the whole row (a loop along memory that vectorises; the
// sum per pixel a loop over taps would be cannot, float addition not being associative). Each
// pixel still sums its taps in the same order.
void convolve_rows(const FloatImage& in, const std::vector<float>& k, FloatImage& out) {
  reshape(out, in.width, in.height);
  const int r = int(k.size() / 2), n = in.width;
  parallel_rows(in.height, 32, [&](int, int begin, int end) {
    std::vector<float> line(size_t(n + 2 * r));
    for (int j = begin; j < end; ++j) {
      const float* row = &in.data[size_t(j) * size_t(n)];
      std::fill(line.begin(), line.begin() + r, row[0]);
      std::copy(row, row + n, line.begin() + r);
      std::fill(line.begin() + r + n, line.end(), row[n - 1]);
      float* o = &out.data[size_t(j) * size_t(n)];
      std::fill(o, o + n, 0.f);
      for (size_t q = 0; q < k.size(); ++q) {
        const float kq = k[q];
        const float* shifted = line.data() + q;
        for (int t = 0; t < n; ++t) o[t] += kq * shifted[t];
      }
    }
  });
}

// Vertical pass: each output row a weighted sum of whole input rows (contiguous, so the inner
// loop runs along memory), edges clamped.
void convolve_columns(const FloatImage& in, const std::vector<float>& k, FloatImage& out) {
  reshape(out, in.width, in.height);
  const int r = int(k.size() / 2), w = in.width;
  parallel_rows(in.height, 32, [&](int, int begin, int end) {
    for (int j = begin; j < end; ++j) {
      float* o = &out.data[size_t(j) * size_t(w)];
      std::fill(o, o + w, 0.f);
      for (size_t q = 0; q < k.size(); ++q) {
        const float* row = &in.data[size_t(std::clamp(j + int(q) - r, 0, in.height - 1)) * size_t(w)];
        const float kq = k[q];
        for (int i = 0; i < w; ++i) o[i] += kq * row[i];
      }
    }
  });
}

// The separable blur with its horizontal pass in `rows`.
void blur_into(const FloatImage& image, double sigma_px, FloatImage& out, FloatImage& rows) {
  if (sigma_px <= 0.05 || image.data.empty()) {
    out = image;
    return;
  }
  const std::vector<float> k = gaussian_kernel(sigma_px);
  convolve_rows(image, k, rows);
  convolve_columns(rows, k, out);
}

}  // namespace

void reshape(FloatImage& image, int w, int h) {
  if (image.width == w && image.height == h && image.data.size() == size_t(w) * size_t(h)) return;
  image.width = w;
  image.height = h;
  image.data.resize(size_t(w) * size_t(h));
}

FloatImage gaussian_blur(const FloatImage& image, double sigma_px) {
  FloatImage out, rows;
  blur_into(image, sigma_px, out, rows);
  return out;
}

void gaussian_blur(const FloatImage& image, double sigma_px, FloatImage& out, BlurBuffers& buffers) {
  blur_into(image, sigma_px, out, buffers.rows);
}

FloatImage wide_gaussian_blur(const FloatImage& image, double sigma_px) {
  FloatImage out;
  BlurBuffers buffers;
  wide_gaussian_blur(image, sigma_px, out, buffers);
  return out;
}

void wide_gaussian_blur(const FloatImage& image, double sigma_px, FloatImage& out, BlurBuffers& buffers) {
  const int factor = std::clamp(int(sigma_px / 4), 1, std::max(1, std::min(image.width, image.height) / 8));
  coarse_gaussian_blur(image, sigma_px, factor, out, buffers);
}

FloatImage coarse_gaussian_blur(const FloatImage& image, double sigma_px, int factor) {
  FloatImage out;
  BlurBuffers buffers;
  coarse_gaussian_blur(image, sigma_px, factor, out, buffers);
  return out;
}

void coarse_gaussian_blur(const FloatImage& image, double sigma_px, int factor, FloatImage& out, BlurBuffers& buffers) {
  if (factor <= 1) return gaussian_blur(image, sigma_px, out, buffers);
  const int w = image.width, h = image.height;
  const int cw = (w + factor - 1) / factor, ch = (h + factor - 1) / factor;
  // Box averages, a coarse row at a time (the last boxes may be cut short by the image's edge).
  FloatImage& coarse = buffers.coarse;
  reshape(coarse, cw, ch);
  parallel_rows(ch, 8, [&](int, int begin, int end) {
    for (int cj = begin; cj < end; ++cj) {
      const int j0 = cj * factor, j1 = std::min(h, j0 + factor);
      float* sums = &coarse.data[size_t(cj) * size_t(cw)];
      std::fill(sums, sums + cw, 0.f);
      for (int j = j0; j < j1; ++j) {
        const float* row = &image.data[size_t(j) * size_t(w)];
        for (int ci = 0; ci < cw; ++ci) {  // box by box: no division per pixel
          const int i1 = std::min(w, (ci + 1) * factor);
          float sum = sums[ci];
          for (int i = ci * factor; i < i1; ++i) sum += row[i];
          sums[ci] = sum;
        }
      }
      for (int ci = 0; ci < cw; ++ci) sums[ci] /= float((j1 - j0) * (std::min(w, (ci + 1) * factor) - ci * factor));
    }
  });
  // Averaging boxes of `factor` pixels blurs by a variance of (factor² − 1)/12 pixels²; the
  // Gaussian on the coarse grid supplies the rest of sigma².
  const double box_variance = (double(factor) * factor - 1) / 12.0;
  const double coarse_sigma = std::sqrt(std::max(0.0, sigma_px * sigma_px - box_variance)) / factor;
  FloatImage& blurred = buffers.coarse_blurred;
  blur_into(coarse, coarse_sigma, blurred, buffers.rows);
  // Bilinear back to full resolution; the horizontal weights are the same on every row.
  std::vector<int> x0s(static_cast<size_t>(w)), x1s(static_cast<size_t>(w));
  std::vector<float> fxs(static_cast<size_t>(w));
  for (int i = 0; i < w; ++i) {
    const double x = std::clamp((i + 0.5) / factor - 0.5, 0.0, double(cw - 1));
    x0s[size_t(i)] = std::min(int(x), cw - 1);
    x1s[size_t(i)] = std::min(x0s[size_t(i)] + 1, cw - 1);
    fxs[size_t(i)] = float(x - x0s[size_t(i)]);
  }
  reshape(out, w, h);
  parallel_rows(h, 32, [&](int, int begin, int end) {
    for (int j = begin; j < end; ++j) {
      const double y = std::clamp((j + 0.5) / factor - 0.5, 0.0, double(ch - 1));
      const int y0 = std::min(int(y), ch - 1), y1 = std::min(y0 + 1, ch - 1);
      const float fy = float(y - y0);
      const float* r0 = &blurred.data[size_t(y0) * size_t(cw)];
      const float* r1 = &blurred.data[size_t(y1) * size_t(cw)];
      float* o = &out.data[size_t(j) * size_t(w)];
      for (int i = 0; i < w; ++i) {
        const size_t a = size_t(x0s[size_t(i)]), b = size_t(x1s[size_t(i)]);
        const float top = r0[a] + fxs[size_t(i)] * (r0[b] - r0[a]);
        const float bottom = r1[a] + fxs[size_t(i)] * (r1[b] - r1[a]);
        o[i] = top + fy * (bottom - top);
      }
    }
  });
}

}  // namespace angiosim
