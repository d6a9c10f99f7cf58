#pragma once
// Automatic display window for a view: a coarse (64 × 64) reference projection of the same
// detector gives the log-signal percentiles, as an automatic brightness control measures a
// low-resolution copy of the image. Cheap enough to run whenever the view changes.
#include "core/imaging/c_arm.h"
#include "core/imaging/cpu_projector.h"
#include "core/imaging/image_chain.h"

namespace angiosim {

DisplayWindow auto_window_for_view(const CpuProjector& projector, const ProjectionGeometry& g,
                                   const AttenuationTable& table, int coarse_pixels = 64);

}  // namespace angiosim
