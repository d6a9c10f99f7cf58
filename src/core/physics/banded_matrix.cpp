#include "core/physics/banded_matrix.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdlib>

namespace angiosim {

void BandedMatrix::resize(int n, int half_bandwidth) {
  n_ = n;
  b_ = half_bandwidth;
  data_.assign(size_t(n) * (b_ + 1), 0.0);
}

void BandedMatrix::set_zero() { std::fill(data_.begin(), data_.end(), 0.0); }

void BandedMatrix::add(int i, int j, double v) {
  if (i < j) std::swap(i, j);
  assert(i - j <= b_ && j >= 0 && i < n_);
  lower(i, j) += v;
}

double BandedMatrix::at(int i, int j) const {
  if (i < j) std::swap(i, j);
  if (i - j > b_) return 0.0;
  return lower(i, j);
}

namespace {

// The same factorisation with the bandwidth known at compile time, for the rod's b = 8: the
// compiler unrolls the short inner loops.
template <int B>
bool factorize_fixed(double* data, int n) {
  auto row = [&](int i) { return data + size_t(i + 1) * B; };
  for (int j = 0; j < n; ++j) {
    double* row_j = row(j);
    double d = row_j[j];
    if (j >= B) {
      for (int k = j - B; k < j; ++k) d -= row_j[k] * row_j[k];
    } else {
      for (int k = 0; k < j; ++k) d -= row_j[k] * row_j[k];
    }
    if (!(d > 0) || !std::isfinite(d)) return false;
    const double l_jj = std::sqrt(d), inverse = 1.0 / l_jj;
    row_j[j] = l_jj;
    for (int m = 1; m <= B && j + m < n; ++m) {
      double* row_i = row(j + m);
      double s = row_i[j];
      // k runs over i − B..j−1 (and ≥ 0): B − m terms.
      const int k0 = std::max(0, j + m - B);
      for (int k = k0; k < j; ++k) s -= row_i[k] * row_j[k];
      row_i[j] = s * inverse;
    }
  }
  return true;
}

}  // namespace

bool BandedMatrix::factorize() {
  if (b_ == 8) return factorize_fixed<8>(data_.data(), n_);
  // Banded Cholesky (Golub & Van Loan, Matrix Computations, Alg. 4.3.5), column by column; the
  // updates of one column's entries are independent, which keeps the pipeline full.
  // Row i of the band starts at (i + 1)·b, so row(i)[j] = L(i, j) for j in i−b..i.
  auto row = [&](int i) { return data_.data() + size_t(i + 1) * b_; };
  for (int j = 0; j < n_; ++j) {
    const int k0 = std::max(0, j - b_);
    double* row_j = row(j);
    double d = row_j[j];
    for (int k = k0; k < j; ++k) d -= row_j[k] * row_j[k];
    if (!(d > 0) || !std::isfinite(d)) return false;
    const double l_jj = std::sqrt(d), inverse = 1.0 / l_jj;
    row_j[j] = l_jj;
    const int i_end = std::min(n_ - 1, j + b_);
    for (int i = j + 1; i <= i_end; ++i) {
      double* row_i = row(i);
      double s = row_i[j];
      for (int k = std::max(k0, i - b_); k < j; ++k) s -= row_i[k] * row_j[k];
      row_i[j] = s * inverse;
    }
  }
  return true;
}

void BandedMatrix::solve(std::vector<double>& x) const {
  auto row = [&](int i) { return data_.data() + size_t(i + 1) * b_; };
  // Forward: L·y = rhs.
  for (int i = 0; i < n_; ++i) {
    const double* r = row(i);
    double s = x[i];
    for (int k = std::max(0, i - b_); k < i; ++k) s -= r[k] * x[k];
    x[i] = s / r[i];
  }
  // Backward: Lᵀ·x = y, scattering row i once x[i] is known (rows are contiguous, columns not).
  for (int i = n_ - 1; i >= 0; --i) {
    const double* r = row(i);
    x[i] /= r[i];
    const double xi = x[i];
    for (int k = std::max(0, i - b_); k < i; ++k) x[k] -= r[k] * xi;
  }
}

}  // namespace angiosim
