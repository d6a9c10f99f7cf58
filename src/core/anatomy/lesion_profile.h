#pragma once
// Shape of a focal lesion along its vessel: full narrowing over the central 40 % of its length,
// raised-cosine shoulders over 30 % at each end (a smooth, angiographically typical "hourglass").
#include "core/anatomy/anatomy_spec.h"

namespace angiosim {

// Fraction of the lesion's full narrowing at arclength s (0 outside, 1 on the central plateau).
double lesion_weight(const LesionSpec& lesion, double s_mm);

// Fraction of the reference diameter lost at s: stenosis_percent/100 · weight.
inline double lesion_narrowing(const LesionSpec& lesion, double s_mm) {
  return lesion.stenosis_percent / 100.0 * lesion_weight(lesion, s_mm);
}

}  // namespace angiosim
