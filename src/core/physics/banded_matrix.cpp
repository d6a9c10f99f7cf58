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

bool BandedMatrix::factorize() {
  // Banded Cholesky (Golub & Van Loan, Matrix Computations, Alg. 4.3.5).
  for (int j = 0; j < n_; ++j) {
    const int k0 = std::max(0, j - b_);
    double d = lower(j, j);
    for (int k = k0; k < j; ++k) d -= lower(j, k) * lower(j, k);
    if (!(d > 0) || !std::isfinite(d)) return false;
    const double l_jj = std::sqrt(d);
    lower(j, j) = l_jj;
    for (int i = j + 1; i <= std::min(n_ - 1, j + b_); ++i) {
      double s = lower(i, j);
      for (int k = std::max(k0, i - b_); k < j; ++k) s -= lower(i, k) * lower(j, k);
      lower(i, j) = s / l_jj;
    }
  }
  return true;
}

void BandedMatrix::solve(std::vector<double>& x) const {
  // Forward: L·y = rhs.
  for (int i = 0; i < n_; ++i) {
    double s = x[i];
    for (int k = std::max(0, i - b_); k < i; ++k) s -= lower(i, k) * x[k];
    x[i] = s / lower(i, i);
  }
  // Backward: Lᵀ·x = y.
  for (int i = n_ - 1; i >= 0; --i) {
    double s = x[i];
    for (int k = i + 1; k <= std::min(n_ - 1, i + b_); ++k) s -= lower(k, i) * x[k];
    x[i] = s / lower(i, i);
  }
}

}  // namespace angiosim
