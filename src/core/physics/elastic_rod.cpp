#include "core/physics/elastic_rod.h"

#include <glm/geometric.hpp>
#include <glm/mat3x3.hpp>

#include <algorithm>
#include <cassert>
#include <cmath>

namespace angiosim {
namespace {

using glm::dvec3;

constexpr double kMinDamping_N_mm = 1e-9;
// The position Hessian couples node i to i ± 1 through full 3×3 blocks (stretch, and a wall
// sample or friction at an edge midpoint) and to i ± 2 only through bending, whose blocks are
// multiples of the identity (each joint's bending residual is a weighted sum of three node
// positions, axis by axis): RodHessian's layout.
// A step starts from at most this damping, whatever the last one ended with (a wall's stiffness).
constexpr double kMaxStartDamping_N_mm = 10.0;

// Column-major outer product a·bᵀ.
glm::dmat3 outer(const dvec3& a, const dvec3& b) { return glm::dmat3(a * b.x, a * b.y, a * b.z); }

// A scalar potential with its first and second derivatives.
struct Potential {
  double value = 0, slope = 0, curvature = 0;
};

// Wall contact for violation v = d + r (mm): ½k·v² beyond w, 0 below −w, and between them the
// cubic k(v + w)³/(12w), so the energy is C² and its Hessian ramps from 0 to k over 2w instead of
// jumping when a node touches the wall (Newton then stops bouncing on nodes that graze it).
Potential contact_potential(double v, double k, double w) {
  if (v <= -w) return {};
  if (v < w) {
    const double a = v + w;
    return {k * a * a * a / (12 * w), k * a * a / (4 * w), k * a / (2 * w)};
  }
  return {0.5 * k * v * v + k * w * w / 6, k * v, k};
}

// The wall's potential at a sample whose wall distance is distance_mm (the rod's surface is
// radius_mm out from its axis).
Potential wall_potential(const Rod& rod, const RodSolveSettings& s, double distance_mm) {
  return contact_potential(distance_mm + rod.radius_mm, s.contact_stiffness_N_mm, s.contact_ramp_mm);
}

// Lagged Coulomb friction over a tangential slip s ≥ 0: s beyond ε, and below it IPC's C² smoothed
// f₀(s) = −s³/(3ε²) + s²/ε + ε/3 (Li et al., "Incremental Potential Contact", SIGGRAPH 2020):
// sticking (a stiff spring) for tiny slips, full sliding force μN beyond ε.
Potential friction_potential(double s, double eps) {
  if (s >= eps) return {s, 1, 0};
  return {-s * s * s / (3 * eps * eps) + s * s / eps + eps / 3, -s * s / (eps * eps) + 2 * s / eps,
          -2 * s / (eps * eps) + 2 / eps};
}

struct Frames {
  std::vector<dvec3> tangent;  // per edge, unit, pointing distally (toward the tip)
  std::vector<dvec3> u, v;     // Bishop frame per edge
  dvec3 clamp_u, clamp_v;      // on the clamped edge (behind x_n)
};

// Bishop frame carried from the clamp toward the tip by minimal rotations between consecutive
// tangents (parallel transport, Bishop 1975).
Frames bishop_frames(const Rod& rod, const RodClamp& clamp) {
  const size_t n = rod.edge_count();
  Frames f;
  f.tangent.resize(n);
  f.u.resize(n);
  f.v.resize(n);
  dvec3 prev_t = glm::normalize(clamp.direction);
  dvec3 u = clamp.reference_normal - glm::dot(clamp.reference_normal, prev_t) * prev_t;
  u = glm::normalize(u);
  f.clamp_u = u;
  f.clamp_v = glm::cross(prev_t, u);
  for (size_t k = n; k-- > 0;) {
    const dvec3 t = glm::normalize(rod.x[k] - rod.x[k + 1]);
    const double c = 1.0 + glm::dot(prev_t, t);
    if (c > 1e-9) u = u - (glm::dot(u, t) / c) * (prev_t + t);
    u = glm::normalize(u - glm::dot(u, t) * t);
    f.tangent[k] = t;
    f.u[k] = u;
    f.v[k] = glm::cross(t, u);
    prev_t = t;
  }
  return f;
}

// Joint j's bending term ½·c·|A_j|²: its stiffness c = EI_j/l_j, and the weights a of nodes
// j − 1, j, j + 1 in A_j (∂A_j/∂x = a·I).
struct BendingJoint {
  double stiffness;
  double weight[3];
};

// Everything one Newton iteration holds fixed: frames, rest bends, friction anchors and normals.
struct Lagged {
  std::vector<dvec3> rest_bend;    // per joint j (index j, 1..n)
  std::vector<dvec3> bend_dphi;    // ∂b̄_j/∂φ_j
  // Per wall sample, indexed as the wall function's: node k at k, edge i's midpoint at n + 1 + i.
  std::vector<double> friction_N;  // μ·N from the lagged contact
  std::vector<dvec3> friction_normal;
  // The rod's constants over the solve (divisions done once, not per evaluation).
  std::vector<double> stretch_stiffness;  // per edge: E·A / l̄ (N/mm)
  std::vector<BendingJoint> joint;        // per joint j (index j, 1..n)
};

double ghost_length(const Rod& rod) { return rod.rest_length.back(); }

dvec3 ghost_point(const Rod& rod, const RodClamp& clamp) {
  return rod.x.back() - glm::normalize(clamp.direction) * ghost_length(rod);
}

double rest_of_edge(const Rod& rod, size_t j) {
  return j < rod.edge_count() ? rod.rest_length[j] : ghost_length(rod);
}

// The length of rod a joint stands for: half of each adjacent edge. The clamped joint stands only
// for half its free edge: the other half lies in the rigid sheath. (With the ghost half counted the
// cantilever converges as 1 + 3/(2n); without, as 1 + 1/(2n²).)
double voronoi_length(const Rod& rod, size_t j) {
  if (j == rod.edge_count()) return 0.5 * rest_of_edge(rod, j - 1);
  return 0.5 * (rest_of_edge(rod, j - 1) + rest_of_edge(rod, j));
}

// Rest bend at joint j: the turn from edge j's tangent toward its material normal m1.
void rest_bends(const Rod& rod, const RodClamp& clamp, const Frames& f, Lagged& lag) {
  const size_t n = rod.edge_count();
  lag.rest_bend.assign(n + 1, dvec3(0));
  lag.bend_dphi.assign(n + 1, dvec3(0));
  for (size_t j = 1; j <= n; ++j) {
    const double turn = rod.rest_turn_rad[j];
    if (turn == 0) continue;
    const bool clamped = j == n;
    const dvec3 t = clamped ? glm::normalize(clamp.direction) : f.tangent[j];
    const dvec3 u = clamped ? f.clamp_u : f.u[j], v = clamped ? f.clamp_v : f.v[j];
    const double phi = clamped ? clamp.hub_angle_rad : rod.twist_rad[j];
    const dvec3 m1 = std::cos(phi) * u + std::sin(phi) * v;
    const dvec3 m2 = -std::sin(phi) * u + std::cos(phi) * v;
    lag.rest_bend[j] = (std::cos(turn) - 1.0) * t + std::sin(turn) * m1;
    lag.bend_dphi[j] = std::sin(turn) * m2;
  }
}

// Chord-difference bending residual A_j = e_j/l̄_j − e_{j−1}/l̄_{j−1} − b̄_j, with joint j's
// weights (1/l̄ of each edge) and rest bend b̄_j.
dvec3 bend_residual(const Rod& rod, const dvec3& ghost, const BendingJoint& b, const dvec3& rest_bend, size_t j) {
  const dvec3 next = j < rod.edge_count() ? rod.x[j + 1] : ghost;
  return (next - rod.x[j]) * b.weight[2] - (rod.x[j] - rod.x[j - 1]) * b.weight[0] - rest_bend;
}

// Second-order correction of a Newton step: the step changes each edge's length only to first
// order in its end displacements (a node turning about its neighbour moves along the tangent of
// its arc); walking from the clamp to the tip, each edge keeps the trial's direction and takes the
// length the linear model predicted, |e0| + t0·Δe, so a turn stays a turn instead of a stretch.
void retract_lengths(Rod& rod, const std::vector<dvec3>& x0) {
  const size_t n = rod.edge_count();
  dvec3 proximal_trial = rod.x[n];  // the trial position of node i + 1 before its correction
  for (size_t i = n; i-- > 0;) {
    const dvec3 trial = rod.x[i];
    const dvec3 e0 = x0[i] - x0[i + 1];
    const dvec3 e = trial - proximal_trial;
    const double l0 = glm::length(e0), l = glm::length(e);
    proximal_trial = trial;
    if (l0 < 1e-12 || l < 1e-12) continue;
    const double target = l0 + glm::dot(e0 / l0, e - e0);
    rod.x[i] = rod.x[i + 1] + e * (target / l);
  }
}

struct Evaluation {
  double energy = 0;
  std::vector<dvec3> gradient;  // per node (fixed nodes included, ignored)
  // The wall's contacts at these positions, as contacts_now lists them (nodes, then midpoints),
  // and the deepest violation (0 if none is in the wall): the end of a solve needs no new samples.
  std::vector<RodContact> contacts;
  double deepest_mm = 0;
};

BendingJoint bending_joint(const Rod& rod, size_t j) {
  return {rod.ei_N_mm2[j] / voronoi_length(rod, j),
          {1.0 / rest_of_edge(rod, j - 1), -1.0 / rest_of_edge(rod, j) - 1.0 / rest_of_edge(rod, j - 1),
           1.0 / rest_of_edge(rod, j)}};
}

// The rod's constants a solve holds (its rest lengths and stiffnesses do not change within one).
void set_rod_terms(const Rod& rod, Lagged& lag) {
  const size_t n = rod.edge_count();
  lag.stretch_stiffness.resize(n);
  for (size_t i = 0; i < n; ++i) lag.stretch_stiffness[i] = rod.ea_N[i] / rod.rest_length[i];
  lag.joint.resize(n + 1);
  for (size_t j = 1; j <= n; ++j) lag.joint[j] = bending_joint(rod, j);
}

// The bending energy's Hessian: quadratic in the positions (chord differences over rest lengths),
// so it is the same at every point and is assembled once a solve. Joint j couples nodes j − 1, j
// and j + 1 through multiples of the identity (each axis to itself only).
void add_bending_hessian(const Rod& rod, const Lagged& lag, RodHessian& hessian) {
  const size_t n = rod.edge_count();
  for (size_t j = 1; j <= n; ++j) {
    const BendingJoint& b = lag.joint[j];
    const size_t node[3] = {j - 1, j, j + 1};
    for (int p = 0; p < 3; ++p)
      for (int q = 0; q <= p; ++q) {
        if (node[p] >= n || node[q] >= n) continue;  // only free nodes carry unknowns
        const double v = b.stiffness * b.weight[p] * b.weight[q];
        const int a = int(node[p]);
        if (p == q) hessian.add_diagonal(a, glm::dmat3(v));
        else if (p == q + 1) hessian.add_neighbour(a, glm::dmat3(v));
        else hessian.add_second(a, v);
      }
  }
}

// A wall sample's contact for the wall's push: the contact potential's slope times |∇d| (the
// distance's gradient is shorter than unit where vessels' walls blend), along the unit normal.
// Sample i is node i, or with `midpoint` the midpoint of edge i. Zero force when clear.
RodContact wall_contact(size_t i, bool midpoint, double slope, const dvec3& gradient) {
  const double length = glm::length(gradient);
  const int edge = midpoint ? int(i) : -1;
  if (slope <= 0 || length < 1e-12) return {int(i), 0.0, dvec3(0), edge};
  return {int(i), slope * length, gradient / length, edge};
}

// The wall's promises of clearance during a solve (RodSolveWorkspace::clear_at, clear_within2): a
// sample within its promise is clear, and the wall is not asked again.
struct ClearWall {
  std::vector<dvec3>* at = nullptr;
  std::vector<double>* within2 = nullptr;
};

// Energy (and optionally gradient and Hessian) of the position problem. With a Hessian, `bending`
// (add_bending_hessian's) is required: the Hessian is set to it, then the rest is added.
// clamp_compression: drop the negative transverse stiffness of compressed edges (keeps the matrix
// positive definite when the exact one is not). `clear`: the wall's promises, kept and used (by
// default none: every sample asks the wall).
Evaluation evaluate(const Rod& rod, const RodClamp& clamp, const WallFunction& wall,
                    const RodSolveSettings& s, const std::vector<dvec3>& start, const Lagged& lag,
                    const std::vector<dvec3>* force, RodHessian* hessian, const RodHessian* bending,
                    bool clamp_compression = false, ClearWall clear = {}) {
  const size_t n = rod.edge_count();
  assert(!hessian || bending);
  if (hessian) *hessian = *bending;
  Evaluation ev;
  ev.gradient.assign(n + 2, dvec3(0));
  const dvec3 ghost = ghost_point(rod, clamp);
  // Adds a 3×3 block at nodes (a, b), a ≥ b, to the Hessian (rows of a, columns of b; symmetric
  // where a = b); only free nodes (< n) carry unknowns.
  auto add_block = [&](size_t a, size_t b, const glm::dmat3& m) {
    if (!hessian || a >= n || b >= n) return;
    if (a == b) hessian->add_diagonal(int(a), m);
    else if (a == b + 1) hessian->add_neighbour(int(a), m);
  };
  auto add_pair = [&](size_t a, size_t b, const glm::dmat3& m) {  // symmetric pair
    if (a >= b) add_block(a, b, m);
    else add_block(b, a, glm::transpose(m));
  };

  // A wall sample's gradient and stiffness, shared by its nodes: a node (a == b) takes them whole;
  // an edge midpoint moves by half of each end's displacement, so each end takes half the
  // gradient and a quarter of the stiffness, with the coupling between them.
  auto add_sample_gradient = [&](size_t a, size_t b, const dvec3& g) {
    if (a == b) {
      ev.gradient[a] += g;
    } else {
      ev.gradient[a] += 0.5 * g;
      ev.gradient[b] += 0.5 * g;
    }
  };
  auto add_sample_block = [&](size_t a, size_t b, const glm::dmat3& K) {
    if (a == b) {
      add_block(a, a, K);
    } else {
      add_block(a, a, 0.25 * K);
      add_block(b, b, 0.25 * K);
      add_pair(b, a, 0.25 * K);
    }
  };

  // Stretch.
  for (size_t i = 0; i < n; ++i) {
    const dvec3 e = rod.x[i + 1] - rod.x[i];
    const double len = glm::length(e), rest = rod.rest_length[i], inverse_len = 1.0 / len;
    const double k = lag.stretch_stiffness[i];
    const dvec3 dir = e * inverse_len;
    ev.energy += 0.5 * k * (len - rest) * (len - rest);
    const dvec3 g = k * (len - rest) * dir;
    ev.gradient[i + 1] += g;
    ev.gradient[i] -= g;
    if (hessian) {
      const glm::dmat3 along = outer(dir, dir);
      const double transverse = clamp_compression ? std::max(0.0, 1.0 - rest * inverse_len) : 1.0 - rest * inverse_len;
      const glm::dmat3 K = k * (along + transverse * (glm::dmat3(1.0) - along));
      add_block(i, i, K);
      add_block(i + 1, i + 1, K);
      add_pair(i + 1, i, -K);
    }
  }

  // Bending at joints 1..n (joint n bends against the clamped, straight part in the sheath); its
  // Hessian is `bending`.
  for (size_t j = 1; j <= n; ++j) {
    const BendingJoint& b = lag.joint[j];
    const dvec3 A = bend_residual(rod, ghost, b, lag.rest_bend[j], j);
    ev.energy += 0.5 * b.stiffness * glm::dot(A, A);
    const size_t node[3] = {j - 1, j, j + 1};
    for (int p = 0; p < 3; ++p) ev.gradient[node[p]] += b.stiffness * b.weight[p] * A;
  }

  // Applied forces.
  if (force)
    for (size_t i = 0; i < n; ++i) {
      ev.energy -= glm::dot((*force)[i], rod.x[i]);
      ev.gradient[i] -= (*force)[i];
    }

  // Wall contact and lagged friction.
  struct Touch {
    size_t a, b;          // the sample's nodes (equal for a node, adjacent for an edge midpoint)
    dvec3 normal;
    Potential potential;
    double depth_mm;      // into the contact ramp: violation + ramp half-width (> 0)
  };
  std::vector<Touch> touching;
  // Lagged friction of wall sample k (a node, or an edge midpoint whose slip is its two nodes'
  // mean): μN·f₀(|tangential slip|), its gradient and Hessian shared as the sample's position is.
  auto add_friction = [&](size_t k, size_t i) {
    const double muN = k < lag.friction_N.size() ? lag.friction_N[k] : 0.0;
    if (muN <= 0) return;
    const bool midpoint = k > n;
    const dvec3 nrm = lag.friction_normal[k];
    const dvec3 slip = midpoint ? 0.5 * ((rod.x[i] - start[i]) + (rod.x[i + 1] - start[i + 1])) : rod.x[i] - start[i];
    const dvec3 tangential = slip - glm::dot(slip, nrm) * nrm;
    const double len = glm::length(tangential);
    const Potential f = friction_potential(len, s.stick_slip_mm);
    ev.energy += muN * f.value;
    const glm::dmat3 P = glm::dmat3(1.0) - outer(nrm, nrm);
    glm::dmat3 K;
    dvec3 g(0);
    if (len < 1e-12) {  // the limit of slope/len as the slip vanishes: 2/ε
      K = muN * 2 / s.stick_slip_mm * P;
    } else {
      const dvec3 dir = tangential / len;
      g = muN * f.slope * dir;
      const glm::dmat3 along = outer(dir, dir);
      K = muN * (f.curvature * along + f.slope / len * (P - along));
    }
    const size_t b = midpoint ? i + 1 : i;
    add_sample_gradient(i, b, g);
    add_sample_block(i, b, K);
  };
  if (wall) {
    std::vector<RodContact> midpoint_contacts;
    for (size_t i = 0; i < n; ++i) {
      // Node i, then edge i's midpoint: nodes alone would let an edge cut across a convex wall
      // edge (a carina) with both its ends inside the lumen.
      for (const size_t b : {i, i + 1}) {
        const bool midpoint = b != i;
        const size_t k = midpoint ? n + 1 + i : i;
        const dvec3 p = midpoint ? 0.5 * (rod.x[i] + rod.x[i + 1]) : rod.x[i];
        if (clear.at) {
          const dvec3 moved = p - (*clear.at)[k];
          if (glm::dot(moved, moved) < (*clear.within2)[k]) continue;  // promised clear: no contact
        }
        const WallSample w = wall(int(k), p);
        if (clear.at) {
          (*clear.at)[k] = p;
          (*clear.within2)[k] = w.clear_within_mm * w.clear_within_mm;
        }
        ev.deepest_mm = std::max(ev.deepest_mm, w.distance_mm + rod.radius_mm);
        const Potential c = wall_potential(rod, s, w.distance_mm);
        if (c.curvature <= 0) continue;
        ev.energy += c.value;
        add_sample_gradient(i, b, c.slope * w.normal);
        touching.push_back({i, b, w.normal, c, w.distance_mm + rod.radius_mm + s.contact_ramp_mm});
        if (const RodContact contact = wall_contact(i, midpoint, c.slope, w.normal); contact.normal_force_N > 0)
          (midpoint ? midpoint_contacts : ev.contacts).push_back(contact);
      }
      add_friction(i, i);
      add_friction(n + 1 + i, i);
    }
    ev.contacts.insert(ev.contacts.end(), midpoint_contacts.begin(), midpoint_contacts.end());
  }
  // Contact stiffness. The C² ramp's curvature vanishes where contact begins, so a sample that is
  // leaving the wall would be walked out by Newton in halving steps (the residual falling 4× per
  // iteration, ~6 iterations for every released contact). Where nothing else presses the sample
  // into the wall, the secant slope/depth takes its place: Newton lands on the ramp's start in one
  // step. Where the sample is pressed in, the exact curvature keeps Newton quadratic (a secant
  // there would jump back and forth across the equilibrium). Any positive curvature gives a
  // descent direction; the line search still decides.
  if (hessian)
    for (const Touch& t : touching) {
      const double others = glm::dot(t.normal, ev.gradient[t.a] + (t.b != t.a ? ev.gradient[t.b] : dvec3(0))) -
                             t.potential.slope;
      const bool released = others >= 0 && t.depth_mm < 2 * s.contact_ramp_mm;
      const double curvature = released ? t.potential.slope / t.depth_mm : t.potential.curvature;
      add_sample_block(t.a, t.b, curvature * outer(t.normal, t.normal));
    }
  return ev;
}

// The wall's push on wall sample k (node k, or for k > n the midpoint of edge k − n − 1), as
// wall_contact gives it. `violation_mm` (optional) receives how deep the sample is in the wall (d + r).
RodContact contact_at(const Rod& rod, const WallFunction& wall, const RodSolveSettings& s, size_t k,
                      double* violation_mm = nullptr) {
  const size_t n = rod.edge_count();
  const bool midpoint = k > n;
  const size_t i = midpoint ? k - n - 1 : k;
  const dvec3 p = midpoint ? 0.5 * (rod.x[i] + rod.x[i + 1]) : rod.x[i];
  const WallSample w = wall(int(k), p);
  if (violation_mm) *violation_mm = w.distance_mm + rod.radius_mm;
  return wall_contact(i, midpoint, wall_potential(rod, s, w.distance_mm).slope, w.normal);
}

// The contacts of every node and edge midpoint touching the wall now; `deepest_mm` (optional)
// receives the largest violation among them all, or 0 if none is in the wall.
std::vector<RodContact> contacts_now(const Rod& rod, const WallFunction& wall, const RodSolveSettings& s,
                                     double* deepest_mm = nullptr) {
  std::vector<RodContact> out;
  if (deepest_mm) *deepest_mm = 0;
  if (!wall) return out;
  const size_t n = rod.edge_count();
  for (size_t k = 0; k < 2 * n + 1; ++k) {
    if (k == n) continue;  // the clamped node
    double violation;
    if (const RodContact c = contact_at(rod, wall, s, k, &violation); c.normal_force_N > 0) out.push_back(c);
    if (deepest_mm) *deepest_mm = std::max(*deepest_mm, violation);
  }
  return out;
}

// Lagged friction from contacts: μ·N and the normal at each touching sample.
void set_friction(const Rod& rod, const RodSolveSettings& s, const std::vector<RodContact>& contacts, Lagged& lag) {
  const size_t n = rod.edge_count();
  lag.friction_N.assign(2 * n + 1, 0.0);
  lag.friction_normal.assign(2 * n + 1, dvec3(0));
  for (const RodContact& c : contacts) {
    if (c.node < 0 || size_t(c.node) >= n) continue;
    const size_t k = c.edge >= 0 ? n + 1 + size_t(c.node) : size_t(c.node);
    if (c.edge >= 0 && size_t(c.node) + 1 > n) continue;
    lag.friction_N[k] = s.friction_coefficient * c.normal_force_N;
    lag.friction_normal[k] = c.normal;
  }
}

// Solves the symmetric tridiagonal system with diagonal d and off-diagonal e (e[i] couples i and
// i + 1) for x in place of rhs, by the Thomas algorithm (Golub & Van Loan, §4.3.6): Gaussian
// elimination without pivoting, stable for the diagonally dominant matrices torsion gives.
// Returns false where a pivot is not positive. `work` is scratch.
bool solve_tridiagonal(const std::vector<double>& d, const std::vector<double>& e, std::vector<double>& rhs,
                       std::vector<double>& work) {
  const size_t n = d.size();
  work.resize(n);
  double pivot = d[0];
  if (!(pivot > 0)) return false;
  double inverse = 1.0 / pivot;  // one division a row: it sits on the chain from row to row
  rhs[0] *= inverse;
  for (size_t i = 1; i < n; ++i) {
    work[i] = e[i - 1] * inverse;  // the multiplier carried into row i
    pivot = d[i] - e[i - 1] * work[i];
    if (!(pivot > 0) || !std::isfinite(pivot)) return false;
    inverse = 1.0 / pivot;
    rhs[i] = (rhs[i] - e[i - 1] * rhs[i - 1]) * inverse;
  }
  for (size_t i = n - 1; i-- > 0;) rhs[i] -= work[i + 1] * rhs[i + 1];
  return true;
}

// The twist of every edge given the positions: a tridiagonal problem (torsion between edges,
// the tip's rest bend, torque friction at wall contacts), Newton iterations until no edge turns
// by more than a microradian (torsion alone is linear: one iteration; the rest bend and the
// friction's stick–slip take a few).
void solve_twist(Rod& rod, const RodClamp& clamp, const Frames& f, const RodSolveSettings& s,
                 const std::vector<double>& start_twist, const Lagged& lag) {
  const size_t n = rod.edge_count();
  if (n == 0) return;
  constexpr double kTolerance_rad = 1e-6;
  const dvec3 ghost = ghost_point(rod, clamp);
  std::vector<double> diagonal(n), off(n), g(n), work;
  std::vector<double> torsion(n + 1);  // per joint: GJ/l
  for (size_t j = 1; j <= n; ++j) torsion[j] = rod.gj_N_mm2[j] / voronoi_length(rod, j);
  // Joints whose rest bend turns with the twist (an angled or J tip): only those need the bends.
  size_t last_bent = 0;
  for (size_t j = 1; j < n; ++j)
    if (rod.rest_turn_rad[j] != 0) last_bent = j;
  Lagged bends;  // the rest bends at the current twist (friction and the rod's terms come from lag)
  for (int iteration = 0; iteration < 8; ++iteration) {
    if (last_bent > 0) rest_bends(rod, clamp, f, bends);
    std::fill(diagonal.begin(), diagonal.end(), 1e-12);
    std::fill(off.begin(), off.end(), 0.0);
    std::fill(g.begin(), g.end(), 0.0);
    for (size_t j = 1; j <= n; ++j) {
      const double k = torsion[j];
      const double proximal = j < n ? rod.twist_rad[j] : clamp.hub_angle_rad;
      const double d = proximal - rod.twist_rad[j - 1];
      g[j - 1] -= k * d;
      diagonal[j - 1] += k;
      if (j < n) {
        g[j] += k * d;
        diagonal[j] += k;
        off[j - 1] -= k;
      }
      // The rest bend at joint j turns with edge j's material frame (j < n; the clamp's is set).
      if (j <= last_bent && rod.rest_turn_rad[j] != 0) {
        const double c = lag.joint[j].stiffness;
        const dvec3 A = bend_residual(rod, ghost, lag.joint[j], bends.rest_bend[j], j);
        g[j] -= c * glm::dot(A, bends.bend_dphi[j]);
        diagonal[j] += c * glm::dot(bends.bend_dphi[j], bends.bend_dphi[j]);
      }
    }
    // Torque friction: the wire's surface slides r·Δφ over the wall at each contact.
    for (size_t i = 0; i < n; ++i) {
      // Edge i turns against the wall where its node i or its midpoint touches.
      const double muN = lag.friction_N[i] + lag.friction_N[n + 1 + i];
      if (muN <= 0) continue;
      const double slip = rod.radius_mm * (rod.twist_rad[i] - start_twist[i]);
      const double eps = s.stick_slip_mm;
      if (std::abs(slip) < eps) {
        g[i] += muN * rod.radius_mm * slip / eps;
        diagonal[i] += muN * rod.radius_mm * rod.radius_mm / eps;
      } else {
        g[i] += muN * rod.radius_mm * (slip > 0 ? 1.0 : -1.0);
        diagonal[i] += 1e-9;
      }
    }
    for (double& v : g) v = -v;
    if (!solve_tridiagonal(diagonal, off, g, work)) return;
    double biggest = 0;
    for (size_t i = 0; i < n; ++i) biggest = std::max(biggest, std::abs(g[i]));
    const double scale = biggest > 0.5 ? 0.5 / biggest : 1.0;  // at most ~30° per iteration
    for (size_t i = 0; i < n; ++i) rod.twist_rad[i] += scale * g[i];
    if (biggest < kTolerance_rad) break;
  }
}

}  // namespace

double Rod::length_mm() const {
  double l = 0;
  for (size_t i = 0; i + 1 < x.size(); ++i) l += glm::distance(x[i], x[i + 1]);
  return l;
}

double Rod::rest_length_mm() const {
  double l = 0;
  for (double r : rest_length) l += r;
  return l;
}

double rod_elastic_energy(const Rod& rod, const RodClamp& clamp) {
  double torsion = 0;
  const size_t n = rod.edge_count();
  for (size_t j = 1; j <= n; ++j) {
    const double d = (j < n ? rod.twist_rad[j] : clamp.hub_angle_rad) - rod.twist_rad[j - 1];
    torsion += 0.5 * rod.gj_N_mm2[j] / voronoi_length(rod, j) * d * d;
  }
  return rod_position_energy(rod, clamp, nullptr, RodSolveSettings{}, nullptr) + torsion;
}

namespace {

// What a solve would hold fixed at the rod's present positions, without friction: for the
// checking functions below.
Lagged lagged_without_friction(const Rod& rod, const RodClamp& clamp, const RodSolveSettings& settings) {
  Lagged lag;
  set_rod_terms(rod, lag);
  rest_bends(rod, clamp, bishop_frames(rod, clamp), lag);
  set_friction(rod, settings, {}, lag);
  return lag;
}

}  // namespace

double rod_position_energy(const Rod& rod, const RodClamp& clamp, const WallFunction& wall,
                           const RodSolveSettings& settings, std::vector<glm::dvec3>* gradient) {
  const Lagged lag = lagged_without_friction(rod, clamp, settings);
  Evaluation ev = evaluate(rod, clamp, wall, settings, rod.x, lag, nullptr, nullptr, nullptr);
  if (gradient) *gradient = ev.gradient;
  return ev.energy;
}

RodHessian rod_position_hessian(const Rod& rod, const RodClamp& clamp) {
  const RodSolveSettings settings;
  const Lagged lag = lagged_without_friction(rod, clamp, settings);
  const int nodes = int(rod.edge_count());
  RodHessian bending(nodes), hessian(nodes);
  add_bending_hessian(rod, lag, bending);
  evaluate(rod, clamp, nullptr, settings, rod.x, lag, nullptr, &hessian, &bending);
  return hessian;
}

RodSolveReport solve_rod_equilibrium(Rod& rod, const RodClamp& clamp, const WallFunction& wall,
                                     const RodSolveSettings& s, const std::vector<dvec3>* force,
                                     const std::vector<double>* start_twist,
                                     const std::vector<RodContact>* friction_contacts,
                                     const std::vector<dvec3>* friction_anchor, RodSolveWorkspace* workspace) {
  const size_t n = rod.edge_count();
  RodSolveReport report;
  RodSolveWorkspace own;
  RodSolveWorkspace& ws = workspace ? *workspace : own;
  const std::vector<dvec3> start = friction_anchor && friction_anchor->size() == rod.x.size() ? *friction_anchor : rod.x;
  const std::vector<double> twist0 = start_twist ? *start_twist : rod.twist_rad;
  std::vector<dvec3>& rhs = ws.rhs;
  rhs.resize(n);
  double lambda = std::clamp(s.initial_damping_N_mm, kMinDamping_N_mm, kMaxStartDamping_N_mm);
  int factorizations = 0;
  // Friction's normal forces are those at the start of the step, held for the whole solve, so the
  // step minimises one fixed energy (IPC lags friction per solve, not per iteration).
  Lagged lag;
  set_rod_terms(rod, lag);
  set_friction(rod, s, friction_contacts ? *friction_contacts : contacts_now(rod, wall, s), lag);

  {
    const Frames frames = bishop_frames(rod, clamp);
    solve_twist(rod, clamp, frames, s, twist0, lag);
    rest_bends(rod, clamp, frames, lag);
  }
  // Each trial point is evaluated once, with its gradient and Hessian: an accepted trial (most
  // are) is the next iteration's starting point, so no position is evaluated twice.
  RodHessian& assembled = ws.hessian;  // H at the current point (each evaluation sets it from `bending`)
  RodHessian& trial_H = ws.trial_hessian;
  RodHessian& clamped = ws.clamped_hessian;
  RodHessian& bending = ws.bending_hessian;
  bending.resize(int(n));  // zeroed
  add_bending_hessian(rod, lag, bending);
  ws.clear_at.assign(2 * n + 1, dvec3(0));
  ws.clear_within2.assign(2 * n + 1, 0.0);
  const ClearWall clear{&ws.clear_at, &ws.clear_within2};
  Evaluation ev = evaluate(rod, clamp, wall, s, start, lag, force, &assembled, &bending, false, clear);
  RodHessianFactor& work = ws.factor;  // factorize() sizes it
  for (int iteration = 0; iteration < s.max_iterations; ++iteration) {
    double residual_squared = 0;
    for (size_t i = 0; i < n; ++i) residual_squared = std::max(residual_squared, glm::dot(ev.gradient[i], ev.gradient[i]));
    const double residual = std::sqrt(residual_squared);
    report.iterations = iteration;
    report.residual_N = residual;
    if (residual < s.force_tolerance_N) {
      report.converged = true;
      break;
    }
    // Levenberg–Marquardt (Nocedal & Wright, Numerical Optimization, §10.3): solve
    // (H + λI)·Δ = −g and accept Δ if the energy drops, then relax λ; otherwise stiffen λ and
    // retry. A pushed wire is near buckling, so H is nearly singular along the buckling mode: λ
    // keeps steps to what the energy model can vouch for. The exact H is used where it is
    // positive definite, else the one without compressed edges' negative transverse stiffness.
    bool use_clamped = false;
    std::vector<dvec3>& x0 = ws.before_iteration;
    x0 = rod.x;
    bool accepted = false;
    for (int attempt = 0; attempt < 16 && !accepted && factorizations < s.max_factorizations; ++attempt) {
      ++factorizations;
      if (!work.factorize(use_clamped ? clamped : assembled, lambda)) {
        if (!use_clamped) {
          clamped.resize(int(n));
          evaluate(rod, clamp, wall, s, start, lag, force, &clamped, &bending, true, clear);
          use_clamped = true;
        } else {
          lambda *= 4;
        }
        continue;
      }
      for (size_t i = 0; i < n; ++i) rhs[i] = -ev.gradient[i];
      work.solve(rhs);
      // Never more than max_node_step_mm for any node in one iteration (no tunnelling).
      double biggest_squared = 0;
      for (size_t i = 0; i < n; ++i) {
        biggest_squared = std::max(biggest_squared, glm::dot(rhs[i], rhs[i]));
      }
      const double biggest = std::sqrt(biggest_squared);
      const double scale = biggest > s.max_node_step_mm ? s.max_node_step_mm / biggest : 1.0;
      double slope = 0;
      for (size_t i = 0; i < n; ++i) {
        const dvec3 step = scale * rhs[i];
        slope += glm::dot(ev.gradient[i], step);
        rod.x[i] = x0[i] + step;
      }
      retract_lengths(rod, x0);
      Evaluation trial = evaluate(rod, clamp, wall, s, start, lag, force, &trial_H, &bending, false, clear);
      accepted = trial.energy <= ev.energy + 1e-4 * slope;
      if (accepted) {
        lambda = std::max(lambda / 3.0, kMinDamping_N_mm);
        ev = std::move(trial);
        std::swap(assembled, trial_H);
      } else {
        rod.x = x0;
        lambda = std::max(lambda * 4.0, 1e-4);
      }
    }
    if (!accepted) break;
    // Settled at a kink of the energy (a node in a crease of the wall, where the gradient never
    // vanishes): no step lowers the energy any more.
    if (lambda > 1e6 * std::max(1.0, s.contact_stiffness_N_mm)) {
      report.converged = true;
      break;
    }
  }

  report.damping_N_mm = lambda;
  report.factorizations = factorizations;
  // Contacts at the end of the step (for forces, events and the next step's friction).
  if (!wall) return report;
  // (The last evaluation was at these positions.)
  double deepest_mm = ev.deepest_mm;
  report.contacts = std::move(ev.contacts);
  // A step that ended unconverged may leave nodes deeper in the wall than the tolerance. Then a
  // few position-based passes (Müller et al., "Position Based Dynamics", 2007) restore each
  // edge's length and each node's clearance together; moving nodes out of the wall alone would
  // stretch the edges next to them.
  if (deepest_mm > s.max_penetration_mm) {
    const std::vector<dvec3> solved = rod.x;
    for (int pass = 0; pass < 8; ++pass) {
      for (size_t i = 0; i < n; ++i) {
        const dvec3 e = rod.x[i + 1] - rod.x[i];
        const double len = glm::length(e);
        if (len < 1e-12) continue;
        const dvec3 correction = (len - rod.rest_length[i]) * e / len;
        if (i + 1 < n) {
          rod.x[i] += 0.5 * correction;
          rod.x[i + 1] -= 0.5 * correction;
        } else {
          rod.x[i] += correction;  // x[n] is clamped
        }
      }
      for (size_t i = 0; i < n; ++i) {
        const WallSample w = wall(int(i), rod.x[i]);
        const double violation = w.distance_mm + rod.radius_mm;
        if (violation > 0.5 * s.max_penetration_mm) rod.x[i] -= (violation - 0.5 * s.max_penetration_mm) * w.normal;
        const WallSample m = wall(int(n + 1 + i), 0.5 * (rod.x[i] + rod.x[i + 1]));
        const double v = m.distance_mm + rod.radius_mm;
        if (v > 0.5 * s.max_penetration_mm) {  // move the edge's free ends together
          const dvec3 push = (v - 0.5 * s.max_penetration_mm) * m.normal;
          rod.x[i] -= push;
          if (i + 1 < n) rod.x[i + 1] -= push;
        }
      }
    }
    // Where walls meet in a crease the two demands can conflict; then length wins over clearance
    // and the solved positions are kept (the step reports the deeper contact).
    double worst_strain = 0;
    for (size_t i = 0; i < n; ++i)
      worst_strain = std::max(worst_strain, std::abs(glm::distance(rod.x[i], rod.x[i + 1]) / rod.rest_length[i] - 1.0));
    if (worst_strain > 1e-3) rod.x = solved;
    report.contacts = contacts_now(rod, wall, s, &deepest_mm);
  }
  report.deepest_mm = deepest_mm;
  return report;
}

}  // namespace angiosim
