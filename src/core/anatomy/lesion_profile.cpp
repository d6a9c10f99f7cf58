#include "core/anatomy/lesion_profile.h"

#include <cmath>
#include <numbers>

namespace angiosim {

double default_cap_resistance_gf(PlaqueType plaque) {
  switch (plaque) {
    case PlaqueType::Soft: return 3;
    case PlaqueType::Fibrous: return 8;
    case PlaqueType::Calcified: return 30;
  }
  return 8;
}

double lesion_weight(const LesionSpec& lesion, double s_mm) {
  constexpr double kPlateau = 0.4;  // central fraction at full narrowing
  const double u = std::abs(s_mm - lesion.center_mm) / (0.5 * lesion.length_mm);
  if (u >= 1.0) return 0.0;
  if (u <= kPlateau) return 1.0;
  const double x = (1.0 - u) / (1.0 - kPlateau);  // 0 at the lesion's end, 1 at the plateau
  return 0.5 * (1.0 - std::cos(std::numbers::pi * x));
}

}  // namespace angiosim
