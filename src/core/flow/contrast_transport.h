#pragma once
// Contrast medium carried by the blood through the vessel tree (docs/flow.md):
//   ∂(A·c)/∂t + ∂(Q·c)/∂s = ∂/∂s(A·D·∂c/∂s)          c: volume fraction of contrast medium
// on BloodFlow's cells, by finite volumes: first-order upwind advection with the cells' signed
// flows, explicit axial dispersion D between neighbours, and zero-volume nodes that mix what
// flows into them and share it among what flows out by flow. Fresh blood enters at the inlet;
// contrast leaves through the beds (washout) or back past the inlet. An injection adds pure
// medium at its node at its rate. Explicit substeps keep every cell within its CFL limit.
// Conservative: medium injected = medium inside + medium washed out, to rounding.
#include <vector>

#include "core/flow/blood_flow.h"

namespace angiosim {

// An injection of contrast medium (volume fraction 1: the medium as supplied, e.g. iohexol 350).
struct Injection {
  int vessel = -1;
  double s_mm = 0;           // where the sheath or catheter tip delivers it
  double rate_ml_s = 5;
  double volume_ml = 10;
};

class ContrastTransport {
 public:
  explicit ContrastTransport(BloodFlow flow);

  // Starts an injection (replacing any running one); the flows change while it runs.
  void inject(const Injection& injection);
  void stop_injection();
  bool injecting() const { return remaining_ml_ > 0; }
  // Advances by dt: injection, advection, dispersion, washout.
  void step(double dt_s);

  // Volume fraction of contrast medium in the cell holding arclength s of vessel v.
  double fraction_at(int vessel, double s_mm) const;
  // Mean volume fraction over arclengths [s0, s1] of vessel v, each cell weighted by the length
  // of it the span covers (the point value when the span is empty).
  double mean_fraction(int vessel, double s0_mm, double s1_mm) const;
  const std::vector<double>& cell_fraction() const { return fraction_; }
  const BloodFlow& flow() const { return flow_; }
  // Lumen changed (a crossed, dilated or stented lesion): new flows, same contrast.
  void update_lumen(const VesselTree& tree);

  double injected_ml() const { return injected_mm3_ / 1000.0; }     // medium used so far
  double inside_ml() const;                                          // medium in the vessels now
  double washed_out_ml() const { return washed_out_mm3_ / 1000.0; }  // through beds or the inlet

 private:
  void advance(double dt_s);
  BloodFlow flow_;
  std::vector<double> fraction_;  // per cell
  Injection injection_;
  double remaining_ml_ = 0;
  double injected_mm3_ = 0, washed_out_mm3_ = 0;
};

}  // namespace angiosim
