#include "core/physics/guidewire.h"

#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

#include <algorithm>
#include <cmath>

namespace angiosim {

namespace {

AccessSite access_along(const VesselTree& tree, int vessel, double s_mm, double sense) {
  AccessSite a;
  a.vessel = vessel;
  a.s_mm = s_mm;
  a.tip_mm = tree.lumen(vessel, s_mm).center_mm;
  a.direction = sense * tree.tangent(vessel, s_mm);
  const glm::dvec3 anterior(0, -1, 0);
  glm::dvec3 n = anterior - glm::dot(anterior, a.direction) * a.direction;
  if (glm::length(n) < 1e-6) n = glm::dvec3(1, 0, 0) - a.direction.x * a.direction;
  a.reference_normal = glm::normalize(n);
  return a;
}

}  // namespace

AccessSite retrograde_access(const VesselTree& tree, int vessel, double s_mm) {
  return access_along(tree, vessel, s_mm, -1.0);
}

AccessSite antegrade_access(const VesselTree& tree, int vessel, double s_mm) {
  return access_along(tree, vessel, s_mm, +1.0);
}

Guidewire::Guidewire(const GuidewireSpec& spec, const AccessSite& access, double initial_insertion_mm,
                     double node_spacing_mm)
    : spec_(spec), access_(access), spacing_mm_(node_spacing_mm), inserted_mm_(initial_insertion_mm) {
  clamp_.point = access.tip_mm;
  clamp_.direction = access.direction;
  clamp_.reference_normal = access.reference_normal;
  rod_.radius_mm = 0.5 * spec.outer_diameter_mm;
  settings_.friction_coefficient = spec.friction_coefficient;
  // Equilibrium to 3 mN (0.3 gf): a tenth of the softest occlusion cap's resistance and 3 % of the
  // tip force taken as an injury risk, far below what a hand feels through a wire. Easy steps
  // stop after a few iterations; hard ones (a tip meeting a wall) may take more.
  settings_.max_iterations = 40;
  settings_.max_factorizations = 60;  // a hard step may end unconverged rather than stall the app
  settings_.force_tolerance_N = 3e-3;
  // Straight out of the sheath: nodes every spacing from the tip, the last edge to the sheath tip.
  inserted_mm_ = std::max(inserted_mm_, 2.0 * spacing_mm_);
  const int m = std::max(1, static_cast<int>(std::floor(inserted_mm_ / spacing_mm_ - 0.5)));
  for (int k = 0; k <= m; ++k) rod_.x.push_back(access.tip_mm + access.direction * (inserted_mm_ - k * spacing_mm_));
  rod_.x.push_back(access.tip_mm);
  rod_.rest_length.assign(m, spacing_mm_);
  rod_.rest_length.push_back(inserted_mm_ - m * spacing_mm_);
  rod_.twist_rad.assign(rod_.rest_length.size(), 0.0);
  rod_.ea_N.resize(rod_.rest_length.size());
  rod_.ei_N_mm2.resize(rod_.x.size());
  rod_.gj_N_mm2.resize(rod_.x.size());
  rod_.rest_turn_rad.resize(rod_.x.size());
  for (size_t j = 0; j < rod_.x.size(); ++j) set_joint_properties(j);
  wall_.samples.assign(rod_.x.size(), {});
}

double Guidewire::material_distance_mm(size_t node) const {
  return node + 1 < rod_.x.size() ? node * spacing_mm_ : inserted_mm_;
}

size_t Guidewire::healthy_wall_risks() const {
  return size_t(std::count_if(risks_.begin(), risks_.end(), [](const WallInjuryRisk& r) { return r.lesion < 0; }));
}

double Guidewire::hub_angle_deg() const { return glm::degrees(clamp_.hub_angle_rad); }

double Guidewire::hand_force_N() const {
  // Compression of the edge leaving the sheath: what the hand pushes with.
  const size_t last = rod_.rest_length.size() - 1;
  const double length = glm::distance(rod_.x[last], rod_.x[last + 1]);
  return -rod_.ea_N[last] / rod_.rest_length[last] * (length - rod_.rest_length[last]);
}

double Guidewire::hub_torque_N_mm() const {
  // Joint n joins the last free edge to the clamped one; it stands for half the free edge (as in
  // the rod's torsion energy).
  const size_t n = rod_.edge_count();
  return rod_.gj_N_mm2[n] / (0.5 * rod_.rest_length[n - 1]) * (clamp_.hub_angle_rad - rod_.twist_rad[n - 1]);
}

glm::dvec3 Guidewire::tip_direction() const { return glm::normalize(rod_.x[0] - rod_.x[1]); }

// Stiffness and rest bend at joint j (node j) and of edge j, from the material position.
void Guidewire::set_joint_properties(size_t j) {
  const double s = material_distance_mm(j);
  if (j < rod_.ea_N.size()) rod_.ea_N[j] = spec_.axial_stiffness_N(s + 0.5 * spacing_mm_);
  rod_.ei_N_mm2[j] = spec_.bending_stiffness_N_mm2(s);
  rod_.gj_N_mm2[j] = spec_.torsional_stiffness_N_mm2(s);
  // Rest turning angle over the joint's Voronoi length (half of each adjacent edge).
  const double before = j > 0 ? rod_.rest_length[j - 1] : 0.0;
  const double after = j < rod_.rest_length.size() ? rod_.rest_length[j] : before;
  rod_.rest_turn_rad[j] = j == 0 ? 0.0 : spec_.rest_curvature_per_mm(s) * 0.5 * (before + after);
}

// Warm start for an advance of `delta` mm: every free node moves along the wire's current path
// toward the tip (or back), as a pushed wire follows its own track; the tip extrapolates straight.
// The solve then only corrects what the path's curvature and the wall change. The path is the
// cubic Hermite curve through the nodes (Catmull–Rom tangents), not the polyline: a node slid
// along a chord would cut the bend's corner by up to h²/8R (17 µm for 0.8 mm edges on a 5 mm
// bend), and a wire resting on a wall would start each step pressed into it by that much.
void Guidewire::slide_along_wire(double delta) {
  if (delta == 0) return;
  const size_t n = rod_.x.size() - 1;  // x[n] is the sheath tip, fixed
  // Path from the sheath (proximal) to the tip as cumulative arclength.
  std::vector<glm::dvec3> path(rod_.x.rbegin(), rod_.x.rend());
  path.insert(path.begin(), clamp_.point - clamp_.direction * std::max(0.0, -delta) - clamp_.direction * 1.0);
  std::vector<double> arc(path.size(), 0.0);
  for (size_t k = 1; k < path.size(); ++k) arc[k] = arc[k - 1] + glm::distance(path[k - 1], path[k]);
  // Queried from the tip back, at falling arclengths: the span is found by walking back.
  size_t k = arc.size() - 1;
  auto at = [&](double a) {
    if (a >= arc.back()) return path.back() + glm::normalize(path.back() - path[path.size() - 2]) * (a - arc.back());
    a = std::max(a, 0.0);
    while (k > 0 && arc[k] > a) --k;
    while (k + 2 < arc.size() && arc[k + 1] <= a) ++k;
    const double len = std::max(arc[k + 1] - arc[k], 1e-12);
    const double f = (a - arc[k]) / len;
    // Cubic Hermite with Catmull–Rom tangents (per unit arclength, scaled to the span).
    auto tangent = [&](size_t j) {
      const size_t lo = j > 0 ? j - 1 : j, hi = j + 1 < path.size() ? j + 1 : j;
      return (path[hi] - path[lo]) / std::max(arc[hi] - arc[lo], 1e-12);
    };
    const glm::dvec3 m0 = tangent(k) * len, m1 = tangent(k + 1) * len;
    const double f2 = f * f, f3 = f2 * f;
    return (2 * f3 - 3 * f2 + 1) * path[k] + (f3 - 2 * f2 + f) * m0 + (-2 * f3 + 3 * f2) * path[k + 1] + (f3 - f2) * m1;
  };
  std::vector<glm::dvec3> moved(n);
  for (size_t i = 0; i < n; ++i) moved[i] = at(arc[path.size() - 1 - i] + delta);
  for (size_t i = 0; i < n; ++i) rod_.x[i] = moved[i];
}

// Follow-the-leader projection (as in catheter insertion models, e.g. Lenoir et al. 2006): from
// the sheath tip distally, each node is pulled onto its edge's rest length along the edge's
// current direction. One O(n) pass makes every length exact, so the solve starts without the
// stiff stretch residual that sliding along the polyline leaves (chords shorten on curves).
void Guidewire::restore_lengths() {
  for (size_t i = rod_.rest_length.size(); i-- > 0;) {
    const glm::dvec3 e = rod_.x[i] - rod_.x[i + 1];
    const double len = glm::length(e);
    if (len > 1e-12) rod_.x[i] = rod_.x[i + 1] + e * (rod_.rest_length[i] / len);
  }
}

// The warm start's straight extrapolation of a tip resting on the wall pushes it into the wall, by
// as much as the advance times the sine of its angle of attack, and the solve would have to undo it
// against the contact's stiffness (a Newton residual of tens of newtons every step). A tip on the
// wall slides along it instead: the extra depth is taken back along the wall's normal, no deeper
// than before the step (or than the contact ramp's start), and the tip edge keeps its length.
void Guidewire::keep_tip_off_wall(const LumenQuery& lumen, const glm::dvec3& tip_before) {
  const double before_mm = wall_sample(lumen, 0, tip_before).distance_mm + rod_.radius_mm;
  const double allowed_mm = std::max(before_mm, -settings_.contact_ramp_mm);
  for (int pass = 0; pass < 2; ++pass) {  // the second corrects for the wall's curvature
    const WallSample w = wall_sample(lumen, 0, rod_.x[0]);
    const double depth_mm = w.distance_mm + rod_.radius_mm;
    const double normal_length = glm::length(w.normal);
    if (depth_mm <= allowed_mm || normal_length < 1e-9) return;
    rod_.x[0] -= (depth_mm - allowed_mm) * w.normal / normal_length;
    rod_.x[0] = rod_.x[1] + glm::normalize(rod_.x[0] - rod_.x[1]) * rod_.rest_length[0];
  }
}

void Guidewire::feed_nodes() {
  // The last edge (last interior node → sheath tip) carries the inserted length beyond the last
  // whole spacing; keep it within [0.5, 1.5) spacings by adding or removing nodes there. One
  // direction per call: at λ = 1.5 h exactly, rounding could otherwise add and remove forever.
  const double h = spacing_mm_;
  auto lambda = [&] { return inserted_mm_ - double(rod_.rest_length.size() - 1) * h; };
  if (lambda() >= 1.5 * h) {
    while (lambda() >= 1.5 * h) {
      const size_t last = rod_.rest_length.size() - 1;
      const double l = lambda();
      const glm::dvec3 a = rod_.x[last], b = rod_.x[last + 1];
      rod_.x.insert(rod_.x.begin() + last + 1, a + (h / l) * (b - a));
      rod_.rest_length[last] = h;
      rod_.rest_length.push_back(l - h);
      rod_.twist_rad.push_back(rod_.twist_rad[last]);
      rod_.ea_N.push_back(0);
      rod_.ei_N_mm2.push_back(0);
      rod_.gj_N_mm2.push_back(0);
      rod_.rest_turn_rad.push_back(0);
      wall_.samples.insert(wall_.samples.begin() + last + 1, CachedWall{});
    }
  } else {
    while (lambda() < 0.5 * h && rod_.rest_length.size() >= 2) {
      const size_t last = rod_.rest_length.size() - 1;
      rod_.x.erase(rod_.x.begin() + last);
      rod_.rest_length.pop_back();
      rod_.twist_rad.pop_back();
      rod_.ea_N.pop_back();
      rod_.ei_N_mm2.pop_back();
      rod_.gj_N_mm2.pop_back();
      rod_.rest_turn_rad.pop_back();
      wall_.samples.erase(wall_.samples.begin() + last);
    }
  }
  rod_.rest_length.back() = lambda();
  const size_t n = rod_.rest_length.size();
  for (size_t j = std::max<size_t>(n, 2) - 2; j <= n; ++j) set_joint_properties(j);
}

WallSample Guidewire::wall_sample(const LumenQuery& lumen, int node, const glm::dvec3& p) {
  // Nodes and edge midpoints each have a cache entry. Entries shift when nodes are fed, which is
  // harmless: what an entry remembers holds for any point near its centre.
  if (size_t(node) >= wall_.samples.size()) wall_.samples.resize(size_t(node) + 1);
  CachedWall& c = wall_.samples[size_t(node)];
  double moved = c.near ? glm::distance(p, c.center_mm) : 1e30;
  if (!c.near || moved > c.reach_mm) {
    if (!std::isfinite(p.x + p.y + p.z)) return {};  // no cube to file it under (and no wall)
    const glm::dvec3 cell = glm::floor(p / kWallCell_mm);
    // 21 bits per axis: ±1 km of cubes, far beyond any anatomy.
    auto bits = [](double v) { return std::int64_t(v + (1 << 20)) & ((1 << 21) - 1); };
    const std::int64_t key = bits(cell.x) | bits(cell.y) << 21 | bits(cell.z) << 42;
    auto found = wall_.cells.find(key);
    if (found == wall_.cells.end()) {
      if (wall_.cells.size() >= kMaxWallCells) {
        wall_.cells.clear();
        for (CachedWall& other : wall_.samples) other.near = nullptr;
      }
      found = wall_.cells.emplace(key, LumenQuery::NearWall{}).first;
      lumen.near_wall((cell + 0.5) * kWallCell_mm, kWallCellReach_mm, found->second);
    }
    const LumenQuery::NearWall& near = found->second;
    c.near = &near;
    c.cell_key = key;
    c.center_mm = near.center_mm;
    c.reach_mm = near.reach_mm;
    c.lipschitz = near.lipschitz;
    c.no_wall = near.by_distance.empty();
    c.nearest_at_center_mm = c.no_wall ? 0.0 : near.by_distance.front().first;
    c.has_exact = false;
    moved = glm::distance(p, c.center_mm);
  }
  // No candidate in the cube's reach: clear as far as the reach goes.
  if (c.no_wall) return {1e9, glm::dvec3(0), std::max(0.0, c.reach_mm - moved)};
  // The signed distance is L-Lipschitz within the reach: d(p) ≤ d(q) + L·|p − q| for q the search
  // centre, or the last point whose distance was computed exactly. A point that cannot have come
  // within the contact's reach of the wall (its ramp starts at d = −(r + w)) needs no exact distance:
  // its contact energy, force and stiffness are zero, and a bound that far out says so.
  const double clear_below_mm = -(rod_.radius_mm + settings_.contact_ramp_mm + kClearMargin_mm);
  double bound = c.nearest_at_center_mm + c.lipschitz * moved;
  if (c.has_exact) bound = std::min(bound, c.exact_signed_mm + c.lipschitz * glm::distance(p, c.exact_at_mm));
  // Clear, and for as far as the distance cannot climb to the contact's reach (and the cube's
  // candidates hold).
  auto clear_within = [&](double signed_mm) {
    return std::max(0.0, std::min((clear_below_mm - signed_mm) / c.lipschitz, c.reach_mm - moved));
  };
  if (bound < clear_below_mm) return {bound, glm::dvec3(0), clear_within(bound)};
  const WallDistance w = lumen.wall_distance_near(p, *c.near);
  c.has_exact = true;
  c.exact_at_mm = p;
  c.exact_signed_mm = w.signed_mm;
  return {w.signed_mm, w.normal, w.signed_mm < clear_below_mm ? clear_within(w.signed_mm) : 0.0};
}

void Guidewire::step(double dt_s, const HubControls& hands, const LumenQuery& lumen) {
  time_s_ += dt_s;
  const double advance = std::isfinite(hands.advance_mm_s)
                             ? std::clamp(hands.advance_mm_s, -kMaxAdvanceSpeed_mm_s, kMaxAdvanceSpeed_mm_s)
                             : 0.0;
  const double rotate = std::isfinite(hands.rotate_deg_s)
                            ? std::clamp(hands.rotate_deg_s, -kMaxRotateSpeed_deg_s, kMaxRotateSpeed_deg_s)
                            : 0.0;
  // The hand cannot push or pull harder than kMaxHandForce_N: the wire slips instead.
  const double hand = hand_force_N();
  const double held_advance = (advance > 0 && hand > kMaxHandForce_N) || (advance < 0 && hand < -kMaxHandForce_N)
                                  ? 0.0
                                  : advance;
  // A push the solve cannot settle within its budget (a tip rammed into a dead end at full speed)
  // would leave the wire in the wall: then, as a wire stops in the fingers, the hub does not
  // advance this step; it still turns.
  before_push_.rod = rod_;
  before_push_.inserted_mm = inserted_mm_;
  before_push_.hub_angle_rad = clamp_.hub_angle_rad;
  before_push_.solve = last_solve_;
  settle(held_advance * dt_s, glm::radians(rotate * dt_s), lumen);
  if (held_advance != 0 && !last_solve_.converged && last_solve_.deepest_mm > settings_.max_penetration_mm) {
    rod_ = before_push_.rod;
    inserted_mm_ = before_push_.inserted_mm;
    clamp_.hub_angle_rad = before_push_.hub_angle_rad;
    last_solve_ = before_push_.solve;
    wall_.samples.assign(rod_.x.size(), CachedWall{});
    settle(0.0, glm::radians(rotate * dt_s), lumen);
  }

  // The tip's push into the wall: contact forces within 2 mm of the tip, counted by how squarely
  // the tip points into the wall (a tip sliding along the wall pushes nothing into it).
  tip_force_N_ = 0;
  glm::dvec3 where = rod_.x[0];
  const glm::dvec3 heading = tip_direction();
  for (const RodContact& c : last_solve_.contacts)
    if (material_distance_mm(size_t(c.node)) <= 2.0) {
      tip_force_N_ += c.normal_force_N * std::max(0.0, glm::dot(heading, c.normal));
      where = rod_.x[size_t(c.node)];
    }
  const bool pushing = tip_force_N_ > kWallInjuryForce_N;
  if (pushing && !risk_active_) {
    const CenterlineLocation at = lumen.nearest_centerline(where);
    risks_.push_back({time_s_, at.vessel, at.s_mm, lumen.lesion_at(at), where, tip_force_N_});
  }
  risk_active_ = pushing;
}

// Starts from the state step() kept in before_push_ (rod_ is still that, or back to it).
void Guidewire::settle(double advance_mm, double turn_rad, const LumenQuery& lumen) {
  // Keep a stub out of the sheath and the hub outside the patient.
  const double before = inserted_mm_;
  inserted_mm_ = std::clamp(inserted_mm_ + advance_mm, 2.0 * spacing_mm_, spec_.length_mm - 300.0);
  clamp_.hub_angle_rad += turn_rad;
  const std::vector<glm::dvec3>& before_step = before_push_.rod.x;  // what rod_.x is now
  const glm::dvec3 tip_before = before_step[0];
  slide_along_wire(inserted_mm_ - before);
  // The warm start extrapolates the tip straight ahead; where that is into the wall, the tip
  // stays put and the solve decides whether it slides, deflects or the body bows.
  if (wall_sample(lumen, 0, rod_.x[0]).distance_mm + rod_.radius_mm > settings_.max_penetration_mm) rod_.x[0] = tip_before;
  feed_nodes();
  restore_lengths();
  keep_tip_off_wall(lumen, tip_before);

  // Friction measures each node's slip from where it was before the step, so a node the warm
  // start slid along the wall is sliding from the first iteration. (Nodes keep their index from
  // the tip; one fed in at the sheath has no past and starts where it was put.)
  std::vector<glm::dvec3> anchor = rod_.x;
  for (size_t i = 0; i + 1 < std::min(before_step.size(), anchor.size()); ++i) anchor[i] = before_step[i];

  const std::vector<double> twist0 = rod_.twist_rad;
  settings_.initial_damping_N_mm = std::max(last_solve_.damping_N_mm, 0.03);
  last_solve_ = solve_rod_equilibrium(
      rod_, clamp_, [&](int node, const glm::dvec3& p) { return wall_sample(lumen, node, p); }, settings_,
      nullptr, &twist0, &last_solve_.contacts, &anchor, &solve_workspace_);
}

}  // namespace angiosim
