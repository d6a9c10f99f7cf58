#pragma once
// What the app remembers between runs: the panels' layout (Dear ImGui's settings text), the UI
// scale and the theme. Kept in settings.json under the user's configuration folder
// ($ANGIOSIM_CONFIG_DIR, else $XDG_CONFIG_HOME/angiosim, else ~/.config/angiosim), written
// atomically. A missing file gives the defaults; a malformed one the defaults and a one-line
// warning naming the file and the field, never a failure to start.
#include <string>

namespace angiosim {

struct AppSettings {
  float ui_scale = 1.0f;      // fonts and sizes (lecture halls: 1.5–2.5)
  bool high_contrast = false; // the lecture theme: black, white and yellow
  std::string layout;         // ImGui's .ini text for the windows' positions and sizes

  static constexpr float kMinScale = 0.75f, kMaxScale = 3.0f;
};

std::string settings_dir();
std::string settings_path();

// Reads `path`; on a malformed file `warning` gets "path: field: what" and the defaults return.
AppSettings load_settings(const std::string& path, std::string* warning = nullptr);
void save_settings(const AppSettings& settings, const std::string& path);  // atomic; throws on I/O failure

}  // namespace angiosim
