#include "core/physics/banded_matrix.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdlib>
#include <type_traits>

namespace angiosim {

void BandedMatrix::resize(int n, int half_bandwidth) {
  n_ = n;
  b_ = half_bandwidth;
  data_.assign(size_t(n) * (b_ + 1), 0.0);
}

void BandedMatrix::set_zero() { std::fill(data_.begin(), data_.end(), 0.0); }

double BandedMatrix::at(int i, int j) const {
  if (i < j) std::swap(i, j);
  if (i - j > b_) return 0.0;
  return lower(i, j);
}

namespace {

// Banded Cholesky (Golub & Van Loan, Matrix Computations, Alg. 4.3.5), column by column; the
// updates of one column's entries are independent, which keeps the pipeline full.
// Row i of the band starts at (i + 1)·b, so row(i)[j] = L(i, j) for j in i−b..i.
// `Band` is an int, or std::integral_constant for kUnrolledBand (the rod's b = 6): with the bandwidth known at
// compile time the compiler unrolls the short inner loops.
// The matrix factorised is `source` + shift·I, in the same layout; `source` may be `data` itself
// (each entry is read once, just before its place is written).
template <typename Band>
bool cholesky(const double* source, double shift, double* data, double* inverse_diagonal, int n, Band b) {
  auto row = [&](int i) { return data + size_t(i + 1) * int(b); };
  auto source_at = [&](int i, int j) { return source[size_t(i + 1) * int(b) + j]; };
  for (int j = 0; j < n; ++j) {
    double* row_j = row(j);
    double d = source_at(j, j) + shift;
    // A full band (b terms, a fixed trip count the compiler unrolls), or the first rows' fewer.
    if (j >= int(b)) {
      for (int k = j - int(b); k < j; ++k) d -= row_j[k] * row_j[k];
    } else {
      for (int k = 0; k < j; ++k) d -= row_j[k] * row_j[k];
    }
    if (!(d > 0) || !std::isfinite(d)) return false;
    const double l_jj = std::sqrt(d), inverse = 1.0 / l_jj;
    row_j[j] = l_jj;
    inverse_diagonal[j] = inverse;  // the solve multiplies: a division would sit on its critical path
    for (int m = 1; m <= int(b) && j + m < n; ++m) {  // rows i = j + m below the diagonal
      double* row_i = row(j + m);
      double s = source_at(j + m, j);
      for (int k = std::max(0, j + m - int(b)); k < j; ++k) s -= row_i[k] * row_j[k];
      row_i[j] = s * inverse;
    }
  }
  return true;
}

// Forward and back substitution with the factor; `Band` as for the factorisation.
template <typename Band>
void solve_in_place(const double* data, const double* inverse_diagonal, int n, Band b, double* x) {
  auto row = [&](int i) { return data + size_t(i + 1) * int(b); };
  // Forward: L·y = rhs. Each row waits for the one before it: its terms in the earlier unknowns
  // are summed (two partial sums) while that one is found, so the wait is one multiply-add and
  // one multiply.
  for (int i = 0; i < n; ++i) {
    const double* r = row(i);
    double s0 = x[i], s1 = 0;
    int k = std::max(0, i - int(b));
    for (; k + 2 < i; k += 2) {
      s0 -= r[k] * x[k];
      s1 -= r[k + 1] * x[k + 1];
    }
    for (; k + 1 < i; ++k) s0 -= r[k] * x[k];
    const double earlier = s0 + s1;
    x[i] = (i > 0 ? earlier - r[i - 1] * x[i - 1] : earlier) * inverse_diagonal[i];
  }
  // Backward: Lᵀ·x = y, scattering row i once x[i] is known (rows are contiguous, columns not).
  for (int i = n - 1; i >= 0; --i) {
    const double* r = row(i);
    x[i] *= inverse_diagonal[i];
    const double xi = x[i];
    if (i >= int(b)) {
      for (int k = i - int(b); k < i; ++k) x[k] -= r[k] * xi;
    } else {
      for (int k = 0; k < i; ++k) x[k] -= r[k] * xi;
    }
  }
}

}  // namespace

bool BandedMatrix::factorize() { return factorize(*this, 0.0); }

bool BandedMatrix::factorize(const BandedMatrix& a, double diagonal_shift) {
  if (&a != this) {
    n_ = a.n_;
    b_ = a.b_;
    data_.resize(a.data_.size());
  }
  inverse_diagonal_.resize(size_t(n_));
  const double* source = a.data_.data();
  if (b_ == kUnrolledBand)
    return cholesky(source, diagonal_shift, data_.data(), inverse_diagonal_.data(), n_, std::integral_constant<int, kUnrolledBand>{});
  return cholesky(source, diagonal_shift, data_.data(), inverse_diagonal_.data(), n_, b_);
}

void BandedMatrix::solve(std::vector<double>& x) const {
  if (b_ == kUnrolledBand) return solve_in_place(data_.data(), inverse_diagonal_.data(), n_, std::integral_constant<int, kUnrolledBand>{}, x.data());
  solve_in_place(data_.data(), inverse_diagonal_.data(), n_, b_, x.data());
}

}  // namespace angiosim
