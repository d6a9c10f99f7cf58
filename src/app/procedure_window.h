#pragma once
// The window for a scenario's procedure: the live and reference monitors, the step panel (active
// step, teaching text, objectives, hints, decisions, metrics; the instructor's jump and back), and
// in Demo mode the autopilot at adjustable speed with pause and single step; in Practice mode
// the trainee's hands on the keys and the access, device and closure buttons. At the end (or on
// closing) the session report and the recording are in the output directory.
#include "app/app_options.h"

namespace angiosim {

int run_procedure_window(const AppOptions& options);

}  // namespace angiosim
