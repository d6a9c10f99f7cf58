#pragma once
// Conversions for the units device catalogues and clinicians use.

namespace angiosim {

// One gram-force (gf), the unit of guidewire tip loads and of occlusion cap resistance.
inline constexpr double kGramForce_N = 9.80665e-3;

}  // namespace angiosim
