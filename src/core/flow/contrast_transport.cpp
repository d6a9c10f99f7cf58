#include "core/flow/contrast_transport.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace angiosim {

namespace {
// Fraction of a cell's CFL limit (volume / outflow) an explicit substep may use.
constexpr double kCourant = 0.9;
constexpr double kWashedOutFraction = 1e-6;
}  // namespace

ContrastTransport::ContrastTransport(BloodFlow flow) : flow_(std::move(flow)), fraction_(flow_.cells().size(), 0.0) {}

void ContrastTransport::inject(const Injection& injection) {
  injection_ = injection;
  remaining_ml_ = std::max(0.0, injection.volume_ml);
  const double rate = std::max(0.0, injection.rate_ml_s) * 1000.0;
  flow_.solve(remaining_ml_ > 0 && rate > 0 ? flow_.node_at(injection.vessel, injection.s_mm) : -1, rate);
}

void ContrastTransport::stop_injection() {
  remaining_ml_ = 0;
  flow_.solve();
}

void ContrastTransport::update_lumen(const VesselTree& tree) { flow_.update_lumen(tree); }

double ContrastTransport::fraction_at(int vessel, double s_mm) const {
  return fraction_[size_t(flow_.cell_at(vessel, s_mm))];
}

double ContrastTransport::mean_fraction(int vessel, double s0_mm, double s1_mm) const {
  if (!(s1_mm > s0_mm)) return fraction_at(vessel, s0_mm);
  const std::vector<int>& ids = flow_.vessel_cells(vessel);
  double sum = 0, covered = 0;
  for (size_t k = 0; k < ids.size(); ++k) {
    const FlowCell& cell = flow_.cells()[size_t(ids[k])];
    // The first and last cells also hold what lies beyond the vessel's ends.
    const double lo = k == 0 ? -1e30 : cell.s0_mm, hi = k + 1 == ids.size() ? 1e30 : cell.s1_mm;
    const double overlap = std::min(hi, s1_mm) - std::max(lo, s0_mm);
    if (overlap <= 0) continue;
    sum += overlap * fraction_[size_t(ids[k])];
    covered += overlap;
  }
  return covered > 0 ? sum / covered : fraction_at(vessel, s0_mm);
}

double ContrastTransport::inside_ml() const {
  double v = 0;
  for (size_t c = 0; c < fraction_.size(); ++c) v += fraction_[c] * flow_.cells()[c].volume_mm3;
  return v / 1000.0;
}

void ContrastTransport::step(double dt_s) {
  // Clear vessels and no injection: nothing moves (the common case between runs).
  if (remaining_ml_ <= 0 && std::all_of(fraction_.begin(), fraction_.end(), [](double f) { return f == 0; })) return;
  double left = dt_s;
  while (left > 1e-12) {
    // An injection ends within the step: advance to its end, then on with the resting flows.
    double span = left;
    if (remaining_ml_ > 0) span = std::min(span, remaining_ml_ / std::max(injection_.rate_ml_s, 1e-9));
    advance(span);
    if (remaining_ml_ > 0) {
      remaining_ml_ -= span * injection_.rate_ml_s;
      if (remaining_ml_ <= 1e-9) stop_injection();
    }
    left -= span;
  }
  // Washed out: once no cell holds even a millionth of medium (a thousandth of what X-rays can
  // show) and none is being injected, the remainder is counted as gone and transport rests.
  if (remaining_ml_ <= 0 && *std::max_element(fraction_.begin(), fraction_.end()) < kWashedOutFraction) {
    const std::vector<FlowCell>& cells = flow_.cells();
    for (size_t c = 0; c < cells.size(); ++c) washed_out_mm3_ += fraction_[c] * cells[c].volume_mm3;
    std::fill(fraction_.begin(), fraction_.end(), 0.0);
  }
}

void ContrastTransport::advance(double dt_s) {
  const std::vector<FlowCell>& cells = flow_.cells();
  const std::vector<double>& q = flow_.cell_flow_mm3_s();
  const size_t nodes = flow_.node_count();
  // Substep: no cell may lose more than kCourant of its volume per substep.
  double limit = dt_s;
  for (size_t c = 0; c < cells.size(); ++c)
    if (std::abs(q[c]) > 0 && cells[c].volume_mm3 > 0) limit = std::min(limit, kCourant * cells[c].volume_mm3 / std::abs(q[c]));
  const int substeps = std::max(1, int(std::ceil(dt_s / limit)));
  const double h = dt_s / substeps;
  const int injection_node = flow_.injection_node();
  const double injection = flow_.injection_mm3_s();

  std::vector<double> node_in_flow(nodes), node_in_mass(nodes), node_out_flow(nodes);
  for (int step = 0; step < substeps; ++step) {
    std::fill(node_in_flow.begin(), node_in_flow.end(), 0.0);
    std::fill(node_in_mass.begin(), node_in_mass.end(), 0.0);
    std::fill(node_out_flow.begin(), node_out_flow.end(), 0.0);
    // What flows into each node, and what leaves it through cells.
    for (size_t c = 0; c < cells.size(); ++c) {
      const size_t from = size_t(q[c] >= 0 ? cells[c].proximal_node : cells[c].distal_node);
      const size_t to = size_t(q[c] >= 0 ? cells[c].distal_node : cells[c].proximal_node);
      node_in_flow[to] += std::abs(q[c]);
      node_in_mass[to] += std::abs(q[c]) * fraction_[c];
      node_out_flow[from] += std::abs(q[c]);
    }
    const double inlet = flow_.inlet_flow_mm3_s();
    if (inlet > 0) node_in_flow[0] += inlet;  // fresh blood, no contrast
    else node_out_flow[0] += -inlet;          // flow reversed past the inlet: it leaves there
    for (int o : flow_.outlet_nodes()) node_out_flow[size_t(o)] += std::max(0.0, flow_.outlet_flow_mm3_s(o));
    if (injection_node >= 0) {
      node_in_flow[size_t(injection_node)] += injection;
      node_in_mass[size_t(injection_node)] += injection;  // pure medium
      injected_mm3_ += injection * h;
    }
    // Each node's mixture leaves along its outflows in proportion to them (mass is shared out
    // exactly, whatever rounding the flow balance has).
    auto share = [&](size_t n, double out_flow) {
      return node_out_flow[n] > 0 ? node_in_mass[n] * out_flow / node_out_flow[n] : 0.0;
    };
    std::vector<double> next = fraction_;
    for (size_t c = 0; c < cells.size(); ++c) {
      if (cells[c].volume_mm3 <= 0) continue;
      const size_t from = size_t(q[c] >= 0 ? cells[c].proximal_node : cells[c].distal_node);
      const double gained = share(from, std::abs(q[c]));
      const double lost = std::abs(q[c]) * fraction_[c];
      next[c] += h * (gained - lost) / cells[c].volume_mm3;
    }
    for (int o : flow_.outlet_nodes()) washed_out_mm3_ += h * share(size_t(o), std::max(0.0, flow_.outlet_flow_mm3_s(o)));
    if (inlet < 0) washed_out_mm3_ += h * share(0, -inlet);
    // Axial dispersion between neighbouring cells of a vessel: a flux D·A·Δc/Δs each way.
    const double d = flow_.spec().axial_dispersion_mm2_s;
    if (d > 0)
      for (size_t c = 0; c < cells.size(); ++c) {
        const int parent = flow_.parent_cell(cells[c].proximal_node);
        if (parent < 0 || cells[size_t(parent)].vessel != cells[c].vessel) continue;
        const FlowCell& a = cells[size_t(parent)];
        const FlowCell& b = cells[c];
        if (a.volume_mm3 <= 0 || b.volume_mm3 <= 0 || a.collateral || b.collateral) continue;
        const double area = 0.5 * (a.volume_mm3 / (a.s1_mm - a.s0_mm) + b.volume_mm3 / (b.s1_mm - b.s0_mm));
        const double spacing = 0.5 * ((a.s1_mm - a.s0_mm) + (b.s1_mm - b.s0_mm));
        // Stable for D·h/Δs² < ½; the flux is limited to keep it so at any step.
        const double rate = std::min(d * area / spacing, 0.25 * std::min(a.volume_mm3, b.volume_mm3) / h);
        const double flux = h * rate * (fraction_[size_t(parent)] - fraction_[c]);
        next[size_t(parent)] -= flux / a.volume_mm3;
        next[c] += flux / b.volume_mm3;
      }
    fraction_ = std::move(next);
  }
}

}  // namespace angiosim
