#pragma once
// The app without a window: opens the scenario, runs the simulation's opening second in fixed
// steps, renders the opening fluoroscopic view on the GPU (offscreen GL context) and writes
// OUT/fluoro.png and OUT/report.json. Returns the process exit code.
#include "app/app_options.h"

namespace angiosim {

int run_headless(const AppOptions& options);

}  // namespace angiosim
