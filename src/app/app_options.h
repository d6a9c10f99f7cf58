#pragma once
// Command line of the angiosim app.
#include <optional>
#include <string>

namespace angiosim {

struct AppOptions {
  std::string scenario_path;  // default: scenarios/default.json in the data directory
  bool headless = false;      // forced on when no display is available
  std::string out_dir = "angiosim-out";
  std::optional<int> pixels;  // detector matrix for the headless image
  std::optional<double> lao_deg, cranial_deg;
  std::optional<unsigned long long> seed;
  bool cpu_reference = false;  // headless: also write the CPU reference image
  std::optional<double> contrast_fraction;  // replaces the scenario's arterial contrast (0..1)
  double wire_advance_mm = 0;  // headless: push the guidewire this far (30 mm/s) before imaging
  double wire_rotate_deg = 0;  // headless: turn its hub this much first
  // Window: after `frames` frames, save the window to `screenshot_path` (if set) and quit.
  std::optional<int> frames;
  std::string screenshot_path;
  bool hold_fluoro = false;  // window: the fluoroscopy pedal held from the start (demos, screenshots)
  bool inject = false;       // window: the scenario's injection at the start
  double acquire_s = 0;      // window: hold the acquisition pedal this long from the start
  bool help = false;
};

// Parses argv; throws std::invalid_argument with a one-line message on a bad option.
AppOptions parse_app_options(int argc, char** argv);
const char* app_usage();

}  // namespace angiosim
