// Blood flow on the vessel network against hand calculations: Poiseuille resistance, Murray's
// split, Kirchhoff's current law at junctions, Young & Tsai's stenosis loss, reflux under an
// injection faster than the local flow, and collateral flow past an occlusion.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <string>

#include "core/anatomy/anatomy_loader.h"
#include "core/flow/blood_flow.h"
#include "core/util/data_paths.h"

using namespace angiosim;

namespace {

// A Y: a 100 mm aorta of radius `aorta_r` splitting into two 150 mm common femorals of radius
// 3.5 and 3.0 mm (straight, along −z), with an optional lesion on the left one.
VesselTree y_tree(const std::string& lesion = "", double aorta_r = 7) {
  const std::string r = std::to_string(aorta_r);
  std::string json = R"({"name": "y", "vessels": [
    {"name": "aorta", "points": [{"position_mm": [0, 0, 250], "radius_mm": )" + r + R"(}, {"position_mm": [0, 0, 200], "radius_mm": )" + r +
                     R"(}, {"position_mm": [0, 0, 150], "radius_mm": )" + r + R"(}]},
    {"name": "left_common_femoral", "parent": "aorta", "points": [{"position_mm": [0, 0, 150], "radius_mm": 3.5},
      {"position_mm": [20, 0, 80], "radius_mm": 3.5}, {"position_mm": [40, 0, 10], "radius_mm": 3.5}, {"position_mm": [40, 0, 0], "radius_mm": 3.5}]},
    {"name": "right_common_femoral", "parent": "aorta", "points": [{"position_mm": [0, 0, 150], "radius_mm": 3.0},
      {"position_mm": [-20, 0, 80], "radius_mm": 3.0}, {"position_mm": [-40, 0, 10], "radius_mm": 3.0}, {"position_mm": [-40, 0, 0], "radius_mm": 3.0}]}])";
  if (!lesion.empty()) json += R"(, "lesions": [)" + lesion + "]";
  return VesselTree(parse_anatomy(json + "}", "y.json"));
}

double vessel_flow_ml_min(const BloodFlow& f, const VesselTree& t, const char* name, double s = 5) {
  return f.cell_flow_mm3_s()[size_t(f.cell_at(t.find_vessel(name), s))] * 0.06;
}

}  // namespace

TEST_CASE("the healthy tree splits by Murray's law at the model's femoral flow, and junctions conserve flow") {
  const VesselTree tree = y_tree();
  const BloodFlow flow(tree);
  const double left = vessel_flow_ml_min(flow, tree, "left_common_femoral");
  const double right = vessel_flow_ml_min(flow, tree, "right_common_femoral");
  // Mean of the two common femorals at the model's 350 mL/min; split as r³ (3.5³ : 3.0³).
  CHECK(0.5 * (left + right) == doctest::Approx(350).epsilon(1e-6));
  CHECK(left / right == doctest::Approx(std::pow(3.5 / 3.0, 3)).epsilon(1e-6));
  CHECK(flow.inlet_flow_mm3_s() * 0.06 == doctest::Approx(left + right).epsilon(1e-9));
  double out = 0;
  for (int o : flow.outlet_nodes()) out += flow.outlet_flow_mm3_s(o);
  CHECK(out == doctest::Approx(flow.inlet_flow_mm3_s()).epsilon(1e-9));
  CHECK(flow.pressure_mmHg(flow.inlet_node()) == doctest::Approx(93));
}

TEST_CASE("a cell's resistance is Poiseuille's 8μL/(πr⁴)") {
  const VesselTree tree = y_tree();
  const BloodFlow flow(tree);
  const FlowCell& c = flow.cells()[size_t(flow.cell_at(tree.find_vessel("aorta"), 50))];
  const double length = c.s1_mm - c.s0_mm, r = 7;
  CHECK(c.resistance_Pa_s_mm3 == doctest::Approx(8 * 3.5e-3 * length / (std::numbers::pi * std::pow(r, 4))).epsilon(1e-6));
  CHECK(c.volume_mm3 == doctest::Approx(std::numbers::pi * r * r * length).epsilon(1e-6));
  // Pressure falls along the cell by R·Q.
  const double dp = (flow.pressure_mmHg(c.proximal_node) - flow.pressure_mmHg(c.distal_node)) * kPascalPerMmHg;
  CHECK(dp == doctest::Approx(c.resistance_Pa_s_mm3 * flow.cell_flow_mm3_s()[size_t(flow.cell_at(0, 50))]).epsilon(1e-6));
}

TEST_CASE("a stenosis loses Young & Tsai's pressure and the tighter one lets less through") {
  const VesselTree healthy = y_tree();
  const double q0 = vessel_flow_ml_min(BloodFlow(healthy), healthy, "left_common_femoral");
  double last = q0;
  for (double percent : {50.0, 70.0, 90.0}) {
    CAPTURE(percent);
    const VesselTree tree = y_tree(R"({"name": "s", "vessel": "left_common_femoral", "center_mm": 70, "length_mm": 20, "plaque": "fibrous", "stenosis_percent": )" +
                                   std::to_string(percent) + "}");
    const BloodFlow flow(tree);
    const double q = vessel_flow_ml_min(flow, tree, "left_common_femoral");
    CHECK(q < last);
    last = q;
    // The throat's cell carries the expansion loss K_t·ρ/2·(A₀/A₁ − 1)²/A₀² (×1000: ρ·(mm/s)² in Pa).
    const int v = tree.find_vessel("left_common_femoral");
    double r_min = 1e9;
    for (double s = 60; s <= 80; s += 0.25) r_min = std::min(r_min, tree.lumen(v, s).radius_mm);
    const double a0 = std::numbers::pi * 3.5 * 3.5, a1 = std::numbers::pi * r_min * r_min;
    double loss = 0;
    for (const FlowCell& c : flow.cells()) loss += c.loss_Pa_s2_mm6;
    CHECK(loss == doctest::Approx(1000 * 0.5 * 1.52 * 1060e-9 * std::pow(a0 / a1 - 1, 2) / (a0 * a0)).epsilon(0.02));
  }
  CHECK(last < 0.5 * q0);  // a 90 % stenosis limits flow even at rest
}

TEST_CASE("an injection faster than the local flow reverses the flow upstream of it") {
  const VesselTree tree = y_tree();
  BloodFlow flow(tree);
  const int v = tree.find_vessel("left_common_femoral");
  const double resting = vessel_flow_ml_min(flow, tree, "left_common_femoral", 20);
  CHECK(resting > 0);
  flow.solve(flow.node_at(v, 120), 10000);  // 10 mL/s into a vessel carrying ~6 mL/s
  CHECK(vessel_flow_ml_min(flow, tree, "left_common_femoral", 20) < 0);  // reflux toward the aorta
  CHECK(vessel_flow_ml_min(flow, tree, "left_common_femoral", 140) > resting);
  // What enters (inlet + injection) leaves through the beds.
  double out = 0;
  for (int o : flow.outlet_nodes()) out += flow.outlet_flow_mm3_s(o);
  CHECK(out == doctest::Approx(flow.inlet_flow_mm3_s() + 10000).epsilon(1e-9));
}

TEST_CASE("past a total occlusion only the collaterals carry flow") {
  const VesselTree healthy = y_tree();
  const double q0 = vessel_flow_ml_min(BloodFlow(healthy), healthy, "left_common_femoral", 140);
  const VesselTree tree = y_tree(R"({"name": "o", "vessel": "left_common_femoral", "center_mm": 70, "length_mm": 30, "plaque": "fibrous", "total_occlusion": true})");
  const BloodFlow flow(tree);
  int collateral = 0;
  for (const FlowCell& c : flow.cells()) collateral += c.collateral;
  CHECK(collateral > 0);
  // Collaterals of 4× the bed's resistance: about a fifth of the flow gets through.
  CHECK(vessel_flow_ml_min(flow, tree, "left_common_femoral", 140) == doctest::Approx(q0 / 5).epsilon(0.1));
}

TEST_CASE("the default anatomy: resting flows in the reference range") {
  const VesselTree tree(load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  const BloodFlow flow(tree);
  // anatomy.md: resting CFA flow 350 ± 141 mL/min; femoral mean velocity ~8-10 cm/s.
  const double right = vessel_flow_ml_min(flow, tree, "right_common_femoral", 10);
  CHECK(right > 209);
  CHECK(right < 491);
  const FlowCell& c = flow.cells()[size_t(flow.cell_at(tree.find_vessel("right_common_femoral"), 10))];
  const double velocity_cm_s = flow.cell_flow_mm3_s()[size_t(flow.cell_at(tree.find_vessel("right_common_femoral"), 10))] /
                               (c.volume_mm3 / (c.s1_mm - c.s0_mm)) / 10;
  CHECK(velocity_cm_s > 6);
  CHECK(velocity_cm_s < 20);
  // The 70 % stenosis of the left common iliac costs flow on that side.
  CHECK(vessel_flow_ml_min(flow, tree, "left_common_femoral", 10) < right);
}
