#pragma once
// Where the guidewire is in the vessel tree, in the terms an operator uses: which vessel the tip
// is in, and whether the wire has gone through a lesion and on beyond it ("across").
#include "core/anatomy/vessel_paths.h"

namespace angiosim {

class Simulation;
struct LesionSpec;

// A lesion's ends as met from `from` (the sheath): the near one first.
struct LesionEnds {
  TreePlace near, far;
};
LesionEnds lesion_ends(const VesselTree& tree, const LesionSpec& lesion, const TreePlace& from);

// Where the wire tip is on the tree (nearest centerline point); vessel -1 without a wire.
TreePlace wire_tip_place(const Simulation& sim);

// The wire went in through the sheath, through the lesion (both ends on its path) and on at least
// `margin_mm` beyond the far end.
bool wire_across(const Simulation& sim, const LesionSpec& lesion, double margin_mm);

}  // namespace angiosim
