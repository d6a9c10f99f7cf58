#pragma once
// What the app remembers between runs: the panels' layout (Dear ImGui's settings text) for each
// arrangement of panels, the UI scale and the theme. Kept in settings.json under the user's configuration folder
// ($ANGIOSIM_CONFIG_DIR, else $XDG_CONFIG_HOME/angiosim, else ~/.config/angiosim), written
// atomically. A missing file gives the defaults; a malformed one the defaults and a one-line
// warning naming the file and the field, never a failure to start.
#include <map>
#include <string>

namespace angiosim {

// Labels on the anatomy and the devices (F4): none, on the 3D view, on the 3D view and the fluoro image.
enum class Annotations { Off, View3d, View3dAndFluoro };

struct AppSettings {
  float ui_scale = 1.0f;      // fonts and sizes (lecture halls: 1.5–2.5); the first run takes the display's
  bool high_contrast = false; // the lecture theme: black, white and yellow
  Annotations annotations = Annotations::Off;
  bool show_3d_view = true;   // the see-through 3D view (F5)
  int window_width = 0, window_height = 0;  // the window's last size (0: the default)
  // Per arrangement ("practice", "demo", "free"): ImGui's .ini text for the panels' positions and
  // sizes. One each: the arrangements place the same panels differently, and a run in one must
  // not leave its places to the other.
  std::map<std::string, std::string> layouts;

  static constexpr float kMinScale = 0.75f, kMaxScale = 3.0f;
};

const char* to_string(Annotations a);  // "off", "3d", "3d_and_fluoro"

// The scale a first run starts with on a display of `dpi` dots per inch: 96 dpi is 1×, in steps
// of 0.25 within 1..2.5 (a high-DPI laptop 1.5–2×); an unknown DPI (≤ 0) gives 1.
float scale_for_display_dpi(float dpi);

std::string settings_dir();
std::string settings_path();

// Reads `path`; on a malformed file `warning` gets "path: field: what" and the defaults return.
AppSettings load_settings(const std::string& path, std::string* warning = nullptr);
void save_settings(const AppSettings& settings, const std::string& path);  // atomic; throws on I/O failure

}  // namespace angiosim
