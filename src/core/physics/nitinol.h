#pragma once
// Superelastic nitinol in one dimension (docs/physics.md, "Nitinol"): austenite loads elastically,
// transforms to martensite along the loading plateau, martensite loads elastically; on unloading
// it transforms back along the lower unloading plateau — the hysteresis that gives a
// self-expanding stent a chronic outward force lower than its radial resistive force ("biased
// stiffness", Duerig, Tolomeo & Wholey, Min Invas Ther 2000). The law follows the 1-D form of
// Auricchio & Taylor (1997) with linear transformation kinetics: with martensite fraction ξ,
//   σ = E(ξ) · (ε − ξ ε_L),   1/E(ξ) = (1 − ξ)/E_A + ξ/E_M  (Reuss mixture)
// forward transformation while σ would exceed σ_L(ξ) = σ_Ls + (σ_Le − σ_Ls) ξ, reverse while it
// would fall below σ_U(ξ) = σ_Ue + (σ_Us − σ_Ue) ξ. Tension and compression alike (|ε|).
namespace angiosim {

struct NitinolParams {
  // Generic superelastic set at 37 °C (shared/reference/mechanics.md, confluentmedical).
  double austenite_modulus_GPa = 62.9;
  double martensite_modulus_GPa = 27.8;
  double transformation_strain = 0.046;
  double loading_start_MPa = 460, loading_end_MPa = 500;
  double unloading_start_MPa = 240, unloading_end_MPa = 210;
};

// One material point: its martensite fraction carries the loading history.
class NitinolPoint {
 public:
  // Moves the point to `strain` (from where it was) and returns the stress (MPa, sign of strain).
  double stress_MPa(double strain, const NitinolParams& p);
  double martensite_fraction() const { return xi_; }

 private:
  double xi_ = 0;
};

}  // namespace angiosim
