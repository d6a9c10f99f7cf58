// The rod's block LDLᵀ against a dense matrix built entry by entry from the same blocks.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/physics/rod_hessian.h"

using namespace angiosim;

namespace {

// A well-conditioned SPD matrix in the rod's layout: diagonally dominant diagonal blocks, full
// unsymmetric neighbour blocks, second neighbours α·I.
RodHessian sample_hessian(int nodes) {
  RodHessian h(nodes);
  for (int a = 0; a < nodes; ++a) {
    glm::dmat3 d(0.0);
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) d[c][r] = r == c ? 12.0 + a % 5 : 0.3 / (1 + r + c);
    h.add_diagonal(a, d);
    if (a >= 1) {
      glm::dmat3 m(0.0);
      for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c) m[c][r] = std::sin(1.0 + a + 3 * r + 7 * c);
      h.add_neighbour(a, m);
    }
    if (a >= 2) h.add_second(a, 0.5 * std::cos(double(a)));
  }
  return h;
}

// y = (h + shift·I)·x, from the scalar entries alone.
std::vector<glm::dvec3> multiply(const RodHessian& h, double shift, const std::vector<glm::dvec3>& x) {
  const int n = 3 * h.nodes();
  std::vector<glm::dvec3> y(x.size(), glm::dvec3(0));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) y[size_t(i / 3)][i % 3] += (h.at(i, j) + (i == j ? shift : 0.0)) * x[size_t(j / 3)][j % 3];
  return y;
}

}  // namespace

TEST_CASE("the rod's block factorisation solves its matrix exactly, shifted or not") {
  for (int nodes : {1, 2, 3, 25}) {
    CAPTURE(nodes);
    const RodHessian h = sample_hessian(nodes);
    // Symmetric through at(): (i, j) and (j, i) read the same block.
    for (int i = 0; i < 3 * nodes; ++i)
      for (int j = 0; j < 3 * nodes; ++j) REQUIRE(h.at(i, j) == h.at(j, i));
    std::vector<glm::dvec3> x_true(static_cast<size_t>(nodes));
    for (int a = 0; a < nodes; ++a) x_true[size_t(a)] = {std::sin(0.3 * a), 1.0 + 0.1 * a, std::cos(0.7 * a)};
    for (double shift : {0.0, 2.5}) {
      CAPTURE(shift);
      std::vector<glm::dvec3> x = multiply(h, shift, x_true);
      RodHessianFactor factor;
      REQUIRE(factor.factorize(h, shift));
      factor.solve(x);
      for (int a = 0; a < nodes; ++a)
        for (int c = 0; c < 3; ++c) CHECK(x[size_t(a)][c] == doctest::Approx(x_true[size_t(a)][c]).epsilon(1e-12));
    }
  }
}

TEST_CASE("the rod's block factorisation refuses a matrix that is not positive definite") {
  RodHessianFactor factor;
  // One negative direction in the middle of the chain, then two in one block (their pivot's
  // determinant positive: only its second leading minor tells); shifted past them, each passes.
  RodHessian h = sample_hessian(10);
  h.add_diagonal(5, glm::dmat3(0.0, 0.0, 0.0, 0.0, -40.0, 0.0, 0.0, 0.0, 0.0));
  CHECK_FALSE(factor.factorize(h, 0.0));
  CHECK(factor.factorize(h, 40.0));
  RodHessian two = sample_hessian(10);
  two.add_diagonal(5, glm::dmat3(0.0, 0.0, 0.0, 0.0, -40.0, 0.0, 0.0, 0.0, -40.0));
  CHECK_FALSE(factor.factorize(two, 0.0));
  CHECK(factor.factorize(two, 40.0));
  // Not finite.
  RodHessian nan = sample_hessian(4);
  nan.add_diagonal(2, glm::dmat3(std::nan("")));
  CHECK_FALSE(factor.factorize(nan, 0.0));
}
