#pragma once
// Resting blood flow through the vessel tree, as a network of resistances (docs/flow.md):
//   cells      each vessel cut into cells of ~2 mm; a cell is a Poiseuille resistance
//              8μ∫ds/(πr⁴) over its lumen (stenoses included), and its lumen volume
//   stenosis   the expansion loss of Young & Tsai (J Biomech 6:547, 1973),
//              ΔP = K_t·ρ/2·(A₀/A₁ − 1)²·(Q/A₀)², K_t = 1.52, at each lesion's throat
//   occlusion  a closed lumen passes flow only through collaterals: a resistance several times
//              the bed it feeds, with the volume that makes contrast take collateral_transit_s
//   beds       each terminal vessel drains through a peripheral resistance into the outflow
//              pressure; calibrated so that the healthy tree splits flow by Murray's law (Q ∝ r³,
//              Murray, PNAS 12:207, 1926) with the resting common femoral flow of the model
//   inlet      the root's inlet is held at the mean arterial pressure
// An injection is a flow source at a node: faster than the local flow, it reverses the flow
// upstream of it (contrast refluxes), as in a real retrograde injection.
// The network is a tree, solved exactly in O(n) by eliminating leaves first; the stenosis loss,
// quadratic in flow, by a few Picard iterations.
#include <vector>

#include "core/anatomy/vessel_tree.h"

namespace angiosim {

struct FlowCell {
  int vessel = -1;
  double s0_mm = 0, s1_mm = 0;
  double volume_mm3 = 0;
  double resistance_Pa_s_mm3 = 0;   // linear (viscous, or collateral)
  double loss_Pa_s2_mm6 = 0;        // quadratic stenosis loss: ΔP = loss·Q·|Q|
  int proximal_node = -1, distal_node = -1;
  bool collateral = false;          // the lumen is closed: this cell stands for the collaterals
};

class BloodFlow {
 public:
  explicit BloodFlow(const VesselTree& tree, double cell_mm = 2.0);

  // Recomputes resistances and volumes from the tree's current lumen (a crossed or dilated
  // lesion), keeping the beds calibrated on the healthy tree; then solves again.
  void update_lumen(const VesselTree& tree);
  // Flows with `injection_mm3_s` entering at `node` (none if node < 0).
  void solve(int node = -1, double injection_mm3_s = 0);

  const FlowSpec& spec() const { return spec_; }
  double cell_mm() const { return cell_mm_; }  // the cells' nominal length
  const std::vector<FlowCell>& cells() const { return cells_; }
  // Signed flow through each cell (mm³/s), positive from its proximal to its distal node.
  const std::vector<double>& cell_flow_mm3_s() const { return flow_; }
  size_t node_count() const { return parent_cell_.size(); }
  // The cell whose distal node is `node` (−1 for the inlet node).
  int parent_cell(int node) const { return parent_cell_[size_t(node)]; }
  // Outflow into the bed at a terminal node (mm³/s; 0 elsewhere), and the inflow at the inlet.
  double outlet_flow_mm3_s(int node) const;
  double inlet_flow_mm3_s() const;
  double pressure_mmHg(int node) const;
  int inlet_node() const { return 0; }
  const std::vector<int>& outlet_nodes() const { return outlet_nodes_; }
  // The node nearest to arclength s on vessel v.
  int node_at(int vessel, double s_mm) const;
  // The cell holding arclength s on vessel v.
  int cell_at(int vessel, double s_mm) const;
  // Vessel v's cells, proximal to distal.
  const std::vector<int>& vessel_cells(int vessel) const { return vessel_cells_[size_t(vessel)]; }
  // Injection state of the last solve.
  int injection_node() const { return injection_node_; }
  double injection_mm3_s() const { return injection_mm3_s_; }

 private:
  void build_cells(const VesselTree& tree);
  void calibrate_beds(const VesselTree& tree);
  // The healthy tree's flow through vessel v at arclength s (less the side branches before s).
  double healthy_flow_at(int v, double s_mm, const VesselTree& tree) const;
  FlowSpec spec_;
  double cell_mm_;
  std::vector<FlowCell> cells_;
  std::vector<double> flow_;
  std::vector<int> parent_cell_;               // per node
  std::vector<std::vector<int>> child_cells_;  // per node: cells leaving it distally
  std::vector<int> outlet_nodes_;
  std::vector<double> outlet_conductance_;     // per node (0 if not an outlet), mm³/(Pa·s)
  std::vector<double> pressure_Pa_;
  std::vector<std::vector<int>> vessel_cells_;  // per vessel, its cells in order
  std::vector<double> healthy_pressure_Pa_;      // per node, the calibration's healthy tree
  std::vector<double> healthy_vessel_flow_mm3_s_;
  int injection_node_ = -1;
  double injection_mm3_s_ = 0;
};

constexpr double kPascalPerMmHg = 133.322;

}  // namespace angiosim
