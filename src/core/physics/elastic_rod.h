#pragma once
// A thin elastic rod (guidewire, later catheter shafts) in quasi-static equilibrium: at each step
// the node positions minimise stretch + bending + contact + friction − work of applied forces,
// given the clamped proximal end; the twist of each edge then minimises torsion + friction + the
// tip's bending energy given the hub angle. Inertia is left out: a wire weighs ~2.5 g/m and is
// pushed at mm/s, so elastic and friction forces exceed inertial ones by orders of magnitude.
//
// Discretisation (docs/physics.md):
//   nodes x_0 (distal tip) … x_n (held where the wire leaves the sheath); edges e_i = x_{i+1} − x_i
//   stretch  Σ_i ½ (EA/l̄_i) (|e_i| − l̄_i)²                              (near-inextensible)
//   bending  Σ_j ½ (EI_j/l_j) |e_j/l̄_j − e_{j−1}/l̄_{j−1} − b̄_j|²       (l_j Voronoi length)
//            the chord difference of unit tangents, 2 sin(θ/2) per joint, agrees with the
//            discrete elastica (Bergou et al., "Discrete Elastic Rods", SIGGRAPH 2008) to O(θ³);
//            b̄_j is the rest bend (an angled or J tip) laid in the material frame
//   twist    Σ_j ½ (GJ_j/l_j) (φ_j − φ_{j−1})², φ measured from the Bishop (parallel-transport)
//            frame carried from the sheath, φ_n = hub angle
//   contact  ½ k_c max(0, d(x) + r)² for wall signed distance d (negative inside the lumen),
//            smoothed to C² over ±w around touching
//   friction lagged Coulomb: μ·N·f₀(|u_t|) with u_t the tangential slip during the step and f₀
//            IPC's C² mollifier (sticking below ε), as in Incremental Potential Contact
//            (Li et al., SIGGRAPH 2020)
// Newton's method (Levenberg–Marquardt) with a block LDLᵀ solve along the chain (RodHessian).
#include <glm/vec3.hpp>

#include <functional>
#include <vector>

#include "core/physics/rod_hessian.h"

namespace angiosim {

struct Rod {
  std::vector<glm::dvec3> x;         // n + 1 nodes; x[0] the distal tip, x[n] fixed
  std::vector<double> rest_length;   // n edges (mm)
  std::vector<double> ea_N;          // per edge: axial stiffness E·A (N)
  std::vector<double> ei_N_mm2;      // per joint j = 1..n (index j): bending stiffness E·I (N·mm²)
  std::vector<double> gj_N_mm2;      // per joint: torsional stiffness G·J (N·mm²)
  std::vector<double> rest_turn_rad; // per joint: rest turning angle of the tangent (κ̄·l_j)
  std::vector<double> twist_rad;     // per edge: material frame angle from the Bishop frame
  double radius_mm = 0.45;           // outer radius, for wall contact

  size_t node_count() const { return x.size(); }
  size_t edge_count() const { return rest_length.size(); }
  double length_mm() const;          // current centerline length
  double rest_length_mm() const;
};

// The proximal clamp: node n sits at `point`, the rod leaves it along `direction` (unit, distal),
// and the part behind it (inside the sheath) is straight. `hub_angle_rad` twists that part.
struct RodClamp {
  glm::dvec3 point{0};
  glm::dvec3 direction{0, 0, 1};
  glm::dvec3 reference_normal{1, 0, 0};  // Bishop frame's first axis on the clamped edge (⊥ direction)
  double hub_angle_rad = 0;
};

// The wall seen from a point: signed distance (mm, < 0 inside the lumen) and its gradient.
struct WallSample {
  double distance_mm = 1e9;
  glm::dvec3 normal{0};  // unit, pointing out of the lumen into the wall
  // A promise, where the wall can make it: within this distance of p the rod's surface stays
  // clear of the wall by more than the contact's reach (its ramp; `RodSolveSettings`), so a sample
  // that stays within it has no contact and needs no new query. 0: no promise.
  double clear_within_mm = 0;
};
// Samples the wall at point p: node k's position for index k < n + 1, edge i's midpoint for index
// n + 1 + i (the index lets a caller cache per sample point).
using WallFunction = std::function<WallSample(int node, const glm::dvec3& p)>;

struct RodSolveSettings {
  int max_iterations = 8;
  double force_tolerance_N = 1e-7;
  double contact_stiffness_N_mm = 400;
  double contact_ramp_mm = 0.01;     // contact stiffness ramps in over ±this violation (C² energy)
  double friction_coefficient = 0.05;
  double stick_slip_mm = 0.01;       // friction ε: slips below this count as sticking
  double max_node_step_mm = 0.5;     // trust region per Newton iteration (no tunnelling)
  double initial_damping_N_mm = 1e-6;  // Levenberg–Marquardt λ to start from
  double max_penetration_mm = 0.04;    // deeper nodes are moved out after a step (lengths kept)
  int max_factorizations = 1000;       // budget of linear solves per step (real-time callers cap it)
};

// A wall contact at a node (edge < 0) or at an edge's midpoint (edge ≥ 0, node = edge: the
// midpoint of edge i lies between nodes i and i + 1).
struct RodContact {
  int node = -1;
  double normal_force_N = 0;
  glm::dvec3 normal{0};
  int edge = -1;
};

struct RodSolveReport {
  int iterations = 0;
  int factorizations = 0;            // Cholesky factorisations: one an iteration, one more a rejected step
  double residual_N = 0;
  bool converged = false;
  double damping_N_mm = 0;           // λ at the end: a good start for the next step
  std::vector<RodContact> contacts;  // nodes and edge midpoints touching the wall at the end of the solve
  double deepest_mm = 0;             // the deepest node or edge midpoint in the wall at the end (0: none)
};

// The matrices and vectors a solve works in. A caller that solves step after step keeps one and
// passes it, so the solve allocates nothing of the rod's size (at a thousand nodes each matrix is
// an allocation the system maps and unmaps afresh). What a solve leaves in it never changes the
// next solve's result.
struct RodSolveWorkspace {
  RodHessian hessian, trial_hessian, clamped_hessian, bending_hessian;
  RodHessianFactor factor;
  std::vector<glm::dvec3> rhs;
  std::vector<glm::dvec3> before_iteration;
  // Per wall sample (indexed as the wall function's): where the wall last promised it clear, and
  // the promise's radius squared (set afresh each solve).
  std::vector<glm::dvec3> clear_at;
  std::vector<double> clear_within2;
};

// One quasi-static step. The twist and the rest bends it sets are solved once, from the positions
// at the start of the step, and held while the positions settle (a staggered scheme: at the
// step rate the two stay coupled, and each step minimises one fixed energy). Friction anchors
// at the positions at the start of the step;
// `external_force_N` (optional, per node) adds applied loads; `wall` may be empty (no contact).
// `friction_contacts`: the normal forces friction works with (lagged); by default those found
// at the start positions. A stepping caller passes the previous step's converged contacts.
// `friction_anchor`: where each node was on the wall before the step (slip is measured from it);
// by default the start positions. A caller that warm-starts the nodes elsewhere passes where they
// were, so a node its warm start slid along the wall is already sliding. `workspace`: see
// RodSolveWorkspace (by default the solve makes its own).
RodSolveReport solve_rod_equilibrium(Rod& rod, const RodClamp& clamp, const WallFunction& wall,
                                     const RodSolveSettings& settings,
                                     const std::vector<glm::dvec3>* external_force_N = nullptr,
                                     const std::vector<double>* start_twist = nullptr,
                                     const std::vector<RodContact>* friction_contacts = nullptr,
                                     const std::vector<glm::dvec3>* friction_anchor = nullptr,
                                     RodSolveWorkspace* workspace = nullptr);

// The rod's stored elastic energy (N·mm): stretch, bending against its rest shape (rest bends laid
// in the current material frames) and torsion up to the hub angle.
double rod_elastic_energy(const Rod& rod, const RodClamp& clamp);

// The position problem's energy (elastic + wall, no friction, rest bends from the current frames)
// and its gradient per node: for checking the solver's derivatives.
double rod_position_energy(const Rod& rod, const RodClamp& clamp, const WallFunction& wall,
                           const RodSolveSettings& settings, std::vector<glm::dvec3>* gradient);

// The position problem's elastic Hessian (stretch and bending, no wall), as the solver assembles
// it for its Newton steps: for checking against differences of the gradient. One block per free
// node k < n (unknowns 3k + axis).
RodHessian rod_position_hessian(const Rod& rod, const RodClamp& clamp);

}  // namespace angiosim
