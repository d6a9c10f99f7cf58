#include "core/physics/rod_hessian.h"

#include <glm/geometric.hpp>
#include <glm/matrix.hpp>

#include <cmath>
#include <utility>

namespace angiosim {

void RodHessian::resize(int nodes) {
  diagonal_.assign(size_t(nodes), glm::dmat3(0.0));
  neighbour_.assign(size_t(nodes), glm::dmat3(0.0));
  second_.assign(size_t(nodes), 0.0);
}

double RodHessian::at(int i, int j) const {
  if (i < j) std::swap(i, j);
  const int a = i / 3, b = j / 3, r = i % 3, c = j % 3;
  if (a == b) return diagonal_[size_t(a)][c][r];
  if (a == b + 1) return neighbour_[size_t(a)][c][r];
  if (a == b + 2) return r == c ? second_[size_t(a)] : 0.0;
  return 0.0;
}

namespace {

// The inverse of a symmetric 3×3 matrix by its cofactors, if it is positive definite (its
// leading minors positive, Sylvester's criterion); only its lower triangle is read.
bool spd_inverse(const glm::dmat3& m, glm::dmat3& inverse) {
  const double a = m[0][0], b = m[0][1], c = m[0][2], e = m[1][1], f = m[1][2], i = m[2][2];
  const double A = e * i - f * f, B = c * f - b * i, C = b * f - c * e;
  const double minor2 = a * e - b * b, det = a * A + b * B + c * C;
  if (!(a > 0) || !(minor2 > 0) || !(det > 0) || !std::isfinite(det)) return false;
  const double s = 1.0 / det;
  const double E = a * i - c * c, F = b * c - a * f, I = minor2;
  inverse = glm::dmat3(A * s, B * s, C * s, B * s, E * s, F * s, C * s, F * s, I * s);
  return true;
}

}  // namespace

bool RodHessianFactor::factorize(const RodHessian& h, double shift) {
  const int n = h.nodes();
  neighbour_.resize(size_t(n));
  second_.resize(size_t(n));
  inverse_pivot_.resize(size_t(n));
  const glm::dmat3 shifted(shift);
  for (int j = 0; j < n; ++j) {
    // D_j = A_jj − L_j,j−2·D_j−2·L_j,j−2ᵀ − L_j,j−1·D_j−1·L_j,j−1ᵀ. With A_j,j−2 = α·I,
    // L_j,j−2 = α·D_j−2⁻¹ and its term is α·L_j,j−2; the coupling to j − 1 before scaling is
    // M = A_j,j−1 − A_j,j−2·L_j−1,j−2ᵀ, and L_j,j−1 = M·D_j−1⁻¹ adds L_j,j−1·Mᵀ.
    glm::dmat3 pivot = h.diagonal(j) + shifted;
    if (j >= 2) {
      const double alpha = h.second(j);
      second_[size_t(j)] = alpha * inverse_pivot_[size_t(j - 2)];
      pivot -= alpha * second_[size_t(j)];
    }
    if (j >= 1) {
      glm::dmat3 m = h.neighbour(j);
      if (j >= 2) m -= h.second(j) * glm::transpose(neighbour_[size_t(j - 1)]);
      neighbour_[size_t(j)] = m * inverse_pivot_[size_t(j - 1)];
      pivot -= neighbour_[size_t(j)] * glm::transpose(m);
    }
    if (!spd_inverse(pivot, inverse_pivot_[size_t(j)])) return false;
  }
  return true;
}

void RodHessianFactor::solve(std::vector<glm::dvec3>& x) const {
  const int n = int(inverse_pivot_.size());
  // L·y = rhs forward, then x = D⁻¹·y − Lᵀ·x backward (D⁻¹ applied as each node is reached).
  for (int j = 1; j < n; ++j) {
    glm::dvec3 y = x[size_t(j)];
    if (j >= 2) y -= second_[size_t(j)] * x[size_t(j - 2)];  // known a node earlier: off the chain
    x[size_t(j)] = y - neighbour_[size_t(j)] * x[size_t(j - 1)];
  }
  // (Lᵀ·v)'s component c is column c of L dotted with v.
  auto transposed_times = [](const glm::dmat3& m, const glm::dvec3& v) {
    return glm::dvec3(glm::dot(m[0], v), glm::dot(m[1], v), glm::dot(m[2], v));
  };
  for (int j = n - 1; j >= 0; --j) {
    glm::dvec3 z = inverse_pivot_[size_t(j)] * x[size_t(j)];
    if (j + 2 < n) z -= transposed_times(second_[size_t(j + 2)], x[size_t(j + 2)]);
    if (j + 1 < n) z -= transposed_times(neighbour_[size_t(j + 1)], x[size_t(j + 1)]);
    x[size_t(j)] = z;
  }
}

}  // namespace angiosim
