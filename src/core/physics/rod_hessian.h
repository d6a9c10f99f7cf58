#pragma once
// The Hessian of a rod's free node positions and its factorisation: symmetric positive definite,
// in 3×3 blocks, one per pair of nodes. Node i couples to i ± 1 through full blocks (stretch, and
// wall samples and friction at edge midpoints) and to i ± 2 only through bending, whose blocks
// are multiples of the identity (elastic_rod.cpp says why). Storing it as blocks lets the
// factorisation run node by node: its serial chain (each node's pivot waits for the one before)
// is one 3×3 inverse a node instead of three square roots and divisions, and the substitutions
// wait one 3×3 product a node instead of three dependent rows.
#include <glm/mat3x3.hpp>
#include <glm/vec3.hpp>

#include <vector>

namespace angiosim {

class RodHessian {
 public:
  RodHessian() = default;
  explicit RodHessian(int nodes) { resize(nodes); }

  void resize(int nodes);  // and zero
  int nodes() const { return int(diagonal_.size()); }

  // Adds m (symmetric) to node a's own block.
  void add_diagonal(int a, const glm::dmat3& m) { diagonal_[size_t(a)] += m; }
  // Adds m to the block coupling node a (rows) to node a − 1 (columns); by symmetry mᵀ couples
  // a − 1 to a.
  void add_neighbour(int a, const glm::dmat3& m) { neighbour_[size_t(a)] += m; }
  // Adds alpha·I to the block coupling node a to node a − 2 (and a − 2 to a).
  void add_second(int a, double alpha) { second_[size_t(a)] += alpha; }

  // The scalar entry for unknowns i and j (3·node + axis), zero outside the blocks: for checks.
  double at(int i, int j) const;

  const glm::dmat3& diagonal(int a) const { return diagonal_[size_t(a)]; }
  const glm::dmat3& neighbour(int a) const { return neighbour_[size_t(a)]; }
  double second(int a) const { return second_[size_t(a)]; }

 private:
  std::vector<glm::dmat3> diagonal_, neighbour_;  // neighbour_[0] unused
  std::vector<double> second_;                    // second_[0], second_[1] unused
};

// A = L·D·Lᵀ in blocks (L unit lower block-triangular, D block-diagonal and positive definite):
// block LDLᵀ without pivoting (Golub & Van Loan, Matrix Computations, 4th ed., §4.5), which an
// SPD matrix needs none of.
class RodHessianFactor {
 public:
  // Factorises h + shift·I. Returns false if that is not positive definite.
  bool factorize(const RodHessian& h, double shift);
  // Solves (h + shift·I)·x = rhs in place, one 3-vector per node.
  void solve(std::vector<glm::dvec3>& rhs) const;

 private:
  std::vector<glm::dmat3> neighbour_;  // L's block (a, a − 1)
  std::vector<glm::dmat3> second_;     // L's block (a, a − 2)
  std::vector<glm::dmat3> inverse_pivot_;  // D⁻¹ per node
};

}  // namespace angiosim
