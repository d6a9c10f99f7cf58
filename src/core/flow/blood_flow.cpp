#include "core/flow/blood_flow.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace angiosim {

namespace {

// Young & Tsai's expansion-loss coefficient for a stenosis.
constexpr double kExpansionLoss = 1.52;
// A lumen narrower than this (mm) carries no flow of its own: a total occlusion.
constexpr double kClosedRadius_mm = 0.05;
// Lumen sampled this finely when integrating a cell's resistance and volume.
constexpr double kSample_mm = 0.25;

double mu_Pa_s(const FlowSpec& f) { return 1e-3 * f.blood_viscosity_mPa_s; }

struct CellGeometry {
  double resistance = 0, volume = 0;
  bool closed = false;
};

// Poiseuille resistance 8μ∫ds/(πr⁴) and volume ∫πr²ds of a stretch of vessel, with the radius
// from `radius(s)`.
template <typename Radius>
CellGeometry integrate(double s0, double s1, double mu, Radius radius) {
  CellGeometry g;
  const int n = std::max(1, int(std::ceil((s1 - s0) / kSample_mm)));
  const double ds = (s1 - s0) / n;
  for (int k = 0; k < n; ++k) {
    const double r = radius(s0 + (k + 0.5) * ds);
    if (r < kClosedRadius_mm) {
      g.closed = true;
      continue;
    }
    g.resistance += 8 * mu * ds / (std::numbers::pi * r * r * r * r);
    g.volume += std::numbers::pi * r * r * ds;
  }
  return g;
}

}  // namespace

BloodFlow::BloodFlow(const VesselTree& tree, double cell_mm) : spec_(tree.spec().flow), cell_mm_(cell_mm) {
  build_cells(tree);
  calibrate_beds(tree);
  update_lumen(tree);
}

void BloodFlow::build_cells(const VesselTree& tree) {
  const int vessels = int(tree.vessel_count());
  vessel_cells_.assign(size_t(vessels), {});
  parent_cell_.assign(1, -1);  // node 0: the inlet
  std::vector<int> last_node(size_t(vessels), -1);
  for (int v = 0; v < vessels; ++v) {
    // A child starts at its parent's end; a side branch at the parent's node nearest its origin.
    int node = tree.parent(v) < 0            ? 0
               : tree.is_side_branch(v) ? node_at(tree.parent(v), tree.origin_mm(v))
                                          : last_node[size_t(tree.parent(v))];
    const double length = tree.length_mm(v);
    const int n = std::max(1, int(std::lround(length / cell_mm_)));
    for (int k = 0; k < n; ++k) {
      FlowCell c;
      c.vessel = v;
      c.s0_mm = length * k / n;
      c.s1_mm = length * (k + 1) / n;
      c.proximal_node = node;
      c.distal_node = int(parent_cell_.size());
      parent_cell_.push_back(int(cells_.size()));
      vessel_cells_[size_t(v)].push_back(int(cells_.size()));
      cells_.push_back(c);
      node = c.distal_node;
    }
    last_node[size_t(v)] = node;
  }
  child_cells_.assign(parent_cell_.size(), {});
  for (size_t c = 0; c < cells_.size(); ++c) child_cells_[size_t(cells_[c].proximal_node)].push_back(int(c));
  outlet_nodes_.clear();
  for (int v = 0; v < vessels; ++v)
    if (tree.end_children(v).empty()) outlet_nodes_.push_back(last_node[size_t(v)]);
  flow_.assign(cells_.size(), 0.0);
  pressure_Pa_.assign(parent_cell_.size(), spec_.mean_arterial_pressure_mmHg * kPascalPerMmHg);
}

// Peripheral resistances that make the healthy tree (reference radii) carry Murray's-law flows
// scaled to the model's resting common femoral flow.
void BloodFlow::calibrate_beds(const VesselTree& tree) {
  const int vessels = int(tree.vessel_count());
  // Murray's law at each bed (a vessel's end without children: r³ at its start, or at its end
  // when side branches take part of its flow on the way), summed up the tree: a vessel's flow is
  // what enters it.
  std::vector<double> vessel_flow(size_t(vessels), 0.0), bed_flow(size_t(vessels), 0.0);
  for (int v = vessels - 1; v >= 0; --v) {
    if (tree.end_children(v).empty()) {
      const bool has_side_branches = tree.children(v).size() > 0;
      bed_flow[size_t(v)] = std::pow(tree.reference_radius_mm(v, has_side_branches ? tree.length_mm(v) : 0.0), 3);
      vessel_flow[size_t(v)] += bed_flow[size_t(v)];
    }
    if (tree.parent(v) >= 0) vessel_flow[size_t(tree.parent(v))] += vessel_flow[size_t(v)];
  }
  double femoral = 0;
  int femorals = 0;
  for (int v = 0; v < vessels; ++v)
    if (tree.vessel(v).name.find("common_femoral") != std::string::npos) {
      femoral += vessel_flow[size_t(v)];
      ++femorals;
    }
  const double wanted_mm3_s = spec_.common_femoral_flow_ml_min * 1000.0 / 60.0;
  const double scale = femorals > 0 ? wanted_mm3_s * femorals / femoral : 2 * wanted_mm3_s / vessel_flow[0];
  for (double& q : vessel_flow) q *= scale;
  for (double& q : bed_flow) q *= scale;
  // Each vessel's healthy inflow, kept for healthy_flow_at (here and for collaterals).
  healthy_vessel_flow_mm3_s_ = std::move(vessel_flow);

  // Pressures down the healthy tree, and each bed's resistance from its terminal pressure.
  const double mu = mu_Pa_s(spec_);
  std::vector<double> healthy_pressure(parent_cell_.size(), spec_.mean_arterial_pressure_mmHg * kPascalPerMmHg);
  for (const FlowCell& c : cells_) {
    const CellGeometry g = integrate(c.s0_mm, c.s1_mm, mu, [&](double s) { return tree.reference_radius_mm(c.vessel, s); });
    healthy_pressure[size_t(c.distal_node)] =
        healthy_pressure[size_t(c.proximal_node)] - g.resistance * healthy_flow_at(c.vessel, 0.5 * (c.s0_mm + c.s1_mm), tree);
  }
  outlet_conductance_.assign(parent_cell_.size(), 0.0);
  const double outflow_Pa = spec_.outflow_pressure_mmHg * kPascalPerMmHg;
  for (int node : outlet_nodes_) {
    const int v = cells_[size_t(parent_cell_[size_t(node)])].vessel;
    outlet_conductance_[size_t(node)] = bed_flow[size_t(v)] / std::max(healthy_pressure[size_t(node)] - outflow_Pa, 1.0);
  }
  // The healthy pressures, for the collaterals' beds.
  healthy_pressure_Pa_ = std::move(healthy_pressure);
}

// Along a vessel the flow drops by each side branch's share past its origin.
double BloodFlow::healthy_flow_at(int v, double s_mm, const VesselTree& tree) const {
  double q = healthy_vessel_flow_mm3_s_[size_t(v)];
  for (int c : tree.children(v))
    if (tree.is_side_branch(c) && tree.origin_mm(c) <= s_mm) q -= healthy_vessel_flow_mm3_s_[size_t(c)];
  return q;
}

void BloodFlow::update_lumen(const VesselTree& tree) {
  const double mu = mu_Pa_s(spec_);
  const double outflow_Pa = spec_.outflow_pressure_mmHg * kPascalPerMmHg;
  for (FlowCell& c : cells_) {
    const CellGeometry g = integrate(c.s0_mm, c.s1_mm, mu, [&](double s) { return tree.lumen(c.vessel, s).radius_mm; });
    c.resistance_Pa_s_mm3 = g.resistance;
    c.volume_mm3 = g.volume;
    c.loss_Pa_s2_mm6 = 0;
    c.collateral = g.closed;
  }
  // Collaterals: a closed run of cells carries the flow of a resistance `factor` times the bed
  // beyond it, through a volume that takes the collateral transit time.
  for (size_t v = 0; v < vessel_cells_.size(); ++v) {
    const std::vector<int>& ids = vessel_cells_[v];
    for (size_t a = 0; a < ids.size();) {
      if (!cells_[size_t(ids[a])].collateral) {
        ++a;
        continue;
      }
      size_t b = a;
      while (b < ids.size() && cells_[size_t(ids[b])].collateral) ++b;
      const int distal = cells_[size_t(ids[b - 1])].distal_node;
      const double q = healthy_flow_at(int(v), cells_[size_t(ids[a])].s0_mm, tree);
      const double bed = std::max(healthy_pressure_Pa_[size_t(distal)] - outflow_Pa, 1.0) / q;
      const double collateral_q = q / (1 + spec_.collateral_resistance_factor);
      for (size_t k = a; k < b; ++k) {
        FlowCell& c = cells_[size_t(ids[k])];
        c.resistance_Pa_s_mm3 = spec_.collateral_resistance_factor * bed / double(b - a);
        c.volume_mm3 = collateral_q * spec_.collateral_transit_s / double(b - a);
      }
      a = b;
    }
  }
  // Stenoses: the expansion loss at each open lesion's throat.
  const double rho_kg_mm3 = spec_.blood_density_kg_m3 * 1e-9;
  for (const LesionSpec& l : tree.spec().lesions) {
    const int v = tree.find_vessel(l.vessel);
    double s_min = l.center_mm, r_min = 1e9;
    for (double s = l.center_mm - 0.5 * l.length_mm; s <= l.center_mm + 0.5 * l.length_mm; s += kSample_mm) {
      const double r = tree.lumen(v, s).radius_mm;
      if (r < r_min) {
        r_min = r;
        s_min = s;
      }
    }
    if (r_min < kClosedRadius_mm) continue;
    const double a0 = std::numbers::pi * std::pow(tree.reference_radius_mm(v, s_min), 2);
    const double a1 = std::numbers::pi * r_min * r_min;
    if (a1 >= a0) continue;
    // ΔP [Pa] = K_t/2 · ρ · (A₀/A₁ − 1)² · (Q/A₀)²; ρ·(mm/s)² in kg/(mm·s²) is 1000 Pa.
    cells_[size_t(cell_at(v, s_min))].loss_Pa_s2_mm6 +=
        1000.0 * 0.5 * kExpansionLoss * rho_kg_mm3 * std::pow(a0 / a1 - 1, 2) / (a0 * a0);
  }
  solve(injection_node_, injection_mm3_s_);
}

void BloodFlow::solve(int node, double injection_mm3_s) {
  injection_node_ = node;
  injection_mm3_s_ = node >= 0 ? injection_mm3_s : 0.0;
  const size_t n = parent_cell_.size();
  const double inlet_Pa = spec_.mean_arterial_pressure_mmHg * kPascalPerMmHg;
  const double outflow_Pa = spec_.outflow_pressure_mmHg * kPascalPerMmHg;
  std::vector<double> conductance(cells_.size()), diagonal(n), rhs(n);
  // Picard iterations on the quadratic stenosis loss: R_eff = R + loss·|Q|, Q from the last pass.
  for (int pass = 0; pass < 12; ++pass) {
    for (size_t c = 0; c < cells_.size(); ++c)
      conductance[c] = 1.0 / (cells_[c].resistance_Pa_s_mm3 + cells_[c].loss_Pa_s2_mm6 * std::abs(flow_[c]));
    std::fill(diagonal.begin(), diagonal.end(), 0.0);
    for (size_t i = 0; i < n; ++i) {
      diagonal[i] = outlet_conductance_[i];
      rhs[i] = outlet_conductance_[i] * outflow_Pa;
    }
    if (node > 0) rhs[size_t(node)] += injection_mm3_s_;
    for (size_t c = 0; c < cells_.size(); ++c) {
      diagonal[size_t(cells_[c].proximal_node)] += conductance[c];
      diagonal[size_t(cells_[c].distal_node)] += conductance[c];
    }
    // Leaves first: every node's children have higher indices than it.
    for (size_t i = n; i-- > 1;) {
      const int c = parent_cell_[i];
      const size_t p = size_t(cells_[size_t(c)].proximal_node);
      const double g = conductance[size_t(c)];
      diagonal[p] -= g * g / diagonal[i];
      rhs[p] += g * rhs[i] / diagonal[i];
    }
    // An injection at the inlet node itself simply adds to what the inlet delivers.
    pressure_Pa_[0] = inlet_Pa;
    for (size_t i = 1; i < n; ++i) {
      const int c = parent_cell_[i];
      const double g = conductance[size_t(c)];
      pressure_Pa_[i] = (rhs[i] + g * pressure_Pa_[size_t(cells_[size_t(c)].proximal_node)]) / diagonal[i];
    }
    double change = 0;
    for (size_t c = 0; c < cells_.size(); ++c) {
      const double q = conductance[c] * (pressure_Pa_[size_t(cells_[c].proximal_node)] - pressure_Pa_[size_t(cells_[c].distal_node)]);
      const double relaxed = pass == 0 ? q : 0.5 * (q + flow_[c]);
      change = std::max(change, std::abs(relaxed - flow_[c]));
      flow_[c] = relaxed;
    }
    if (change < 1e-6 * std::max(1.0, inlet_flow_mm3_s())) break;
  }
}

double BloodFlow::outlet_flow_mm3_s(int node) const {
  return outlet_conductance_[size_t(node)] * (pressure_Pa_[size_t(node)] - spec_.outflow_pressure_mmHg * kPascalPerMmHg);
}

double BloodFlow::inlet_flow_mm3_s() const {
  double q = 0;
  for (int c : child_cells_[0]) q += flow_[size_t(c)];
  return q;
}

double BloodFlow::pressure_mmHg(int node) const { return pressure_Pa_[size_t(node)] / kPascalPerMmHg; }

int BloodFlow::cell_at(int vessel, double s_mm) const {
  const std::vector<int>& ids = vessel_cells_[size_t(vessel)];
  for (int c : ids)
    if (s_mm < cells_[size_t(c)].s1_mm) return c;
  return ids.back();
}

int BloodFlow::node_at(int vessel, double s_mm) const {
  const FlowCell& c = cells_[size_t(cell_at(vessel, s_mm))];
  return s_mm - c.s0_mm < c.s1_mm - s_mm ? c.proximal_node : c.distal_node;
}

}  // namespace angiosim
