#pragma once
// The interactive app: an SDL2 window with an OpenGL 3.3 core context and Dear ImGui panels over
// the live fluoroscopy monitor. Returns the process exit code.
#include "app/app_options.h"

namespace angiosim {

int run_window(const AppOptions& options);

}  // namespace angiosim
