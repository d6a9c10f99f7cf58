#pragma once
// One ring of a self-expanding stent (docs/physics.md, "Stent rings"). Its crowns bend as the ring
// is crimped or opens: at diameter D the struts stand at half-angle θ(D) (πD = 2·crowns·ℓ·sin θ),
// and each crown — a hinge of length ℓ_b — bends by 2(θ₀ − θ) from its shape-set angle θ₀, a
// curvature κ = 2(θ₀ − θ)/ℓ_b. Across the strut's width the fibres strain ε = κ·y and follow the
// nitinol law (NitinolPoint), so the ring remembers its history: crimped into the sheath along the
// loading plateau, it pushes out along the unloading plateau — a chronic outward force below the
// radial resistive force. By virtual work over the 2·crowns hinges against the circumference,
//   F_hoop = 2·M / (ℓ·cos θ),   M = Σ σ_i · y_i · t · Δy
// and the radial force per length as ASTM F3067 reports it is 2π·F_hoop / (ring pitch).
#include <vector>

#include "core/devices/stent_spec.h"
#include "core/physics/nitinol.h"

namespace angiosim {

class StentRing {
 public:
  explicit StentRing(const StentSpec& spec, int fibres = 24);

  // Moves the ring to diameter D (from where it was: its history is kept) and returns the hoop
  // force (N; + outward, the ring pushing on what holds it).
  double set_diameter(double diameter_mm);
  double diameter_mm() const { return diameter_mm_; }
  double hoop_force_N() const { return hoop_N_; }
  double radial_force_N_per_mm() const;
  double max_strain() const;  // at the crown's edge
  double pitch_mm() const;    // the ring and its bridge along the stent, at this diameter

 private:
  const StentSpec* spec_;
  std::vector<NitinolPoint> fibres_;
  std::vector<double> y_mm_;
  double dy_mm_;
  double diameter_mm_, hoop_N_ = 0;
};

// A uniform thin elastic tube (a vessel wall), optionally lined with a plaque layer: hoop tension
// per unit length for a lumen D > D₀ (N/mm; none below). The plaque is incompressible: its area
// is kept, so the wall behind it stretches to D_out(D) = √(D² + D_out0² − D₀²), not by the lumen's
// strain:
//   T(D) = E_w·h_w·(D_out − D_out0)/D_out0 + E_p·h_p·(D − D₀)/D₀,   D_out0 = D₀ + 2h_p
// Without plaque, T = E·h·(D − D₀)/D₀.
struct ElasticTube {
  double diameter_mm = 7;  // the lumen unloaded
  double wall_modulus_MPa = 1.0;
  double wall_thickness_mm = 1.0;
  double plaque_thickness_mm = 0;
  double plaque_modulus_MPa = 0;
  double tension_N_per_mm(double d_mm) const;
};

// Lets the ring (with its history) open or close inside the tube until its hoop force per unit
// length balances the tube's tension, moving its diameter monotonically in steps of step_mm
// (interpolating the last). Returns the equilibrium diameter.
double settle_in_tube(StentRing& ring, const ElasticTube& tube, double step_mm = 0.002);

}  // namespace angiosim
