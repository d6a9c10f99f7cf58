#pragma once
// Symmetric positive definite banded matrix and its Cholesky solve: the direct solver along a rod,
// whose stiffness couples each node only to its near neighbours (O(n·b²) for n unknowns and
// half-bandwidth b, instead of O(n³)). Storage: lower band, row i holds A(i, i-b..i).
#include <cassert>
#include <cstddef>
#include <utility>
#include <vector>

namespace angiosim {

class BandedMatrix {
 public:
  // The half-bandwidth whose factorisation and solve are compiled with the band as a constant
  // (their short inner loops unrolled): the rod's position Hessian's (elastic_rod.cpp says why).
  static constexpr int kUnrolledBand = 6;

  BandedMatrix() = default;
  BandedMatrix(int n, int half_bandwidth) { resize(n, half_bandwidth); }

  void resize(int n, int half_bandwidth);
  void set_zero();
  int size() const { return n_; }
  int half_bandwidth() const { return b_; }

  // Adds v to A(i, j) and, by symmetry, A(j, i). |i − j| must be within the band. Inline: the
  // rod's Hessian assembly calls it for every entry of every 3×3 block.
  void add(int i, int j, double v) {
    if (i < j) std::swap(i, j);
    assert(i - j <= b_ && j >= 0 && i < n_);
    lower(i, j) += v;
  }
  double at(int i, int j) const;

  // Factorises in place (A = L·Lᵀ). Returns false if A is not positive definite.
  bool factorize();
  // Factorises a + diagonal_shift·I into this matrix (taking a's size and band), leaving a as it
  // is: a damped Newton step that may be retried with another shift needs no copy of a.
  bool factorize(const BandedMatrix& a, double diagonal_shift);
  // Solves A·x = rhs with the factor, in place.
  void solve(std::vector<double>& rhs) const;

 private:
  double& lower(int i, int j) { return data_[std::size_t(i) * (b_ + 1) + (j - i + b_)]; }
  double lower(int i, int j) const { return data_[std::size_t(i) * (b_ + 1) + (j - i + b_)]; }
  int n_ = 0, b_ = 0;
  std::vector<double> data_;
  std::vector<double> inverse_diagonal_;  // 1 / L(i, i), set by factorize()
};

}  // namespace angiosim
