#pragma once
// Command line of the angiosim app.
#include <optional>
#include <string>
#include <vector>

namespace angiosim {

struct ScriptedKey {
  int frame = 0;
  int scancode = 0;  // SDL_Scancode
  bool down = true;  // pressed (else released)
};

// "5:Space+,60:Space-" → the entries; throws std::invalid_argument naming the entry.
std::vector<ScriptedKey> parse_key_script(const std::string& script);

struct AppOptions {
  std::string scenario_path;  // default: scenarios/default.json in the data directory
  bool scenario_given = false;  // --scenario on the command line (a replay otherwise takes its recording's)
  bool headless = false;      // forced on when no display is available
  std::string out_dir = "angiosim-out";
  std::optional<int> pixels;  // detector matrix for the headless image
  std::optional<double> lao_deg, cranial_deg;
  std::optional<unsigned long long> seed;
  bool cpu_reference = false;  // headless: also write the CPU reference image
  std::optional<double> contrast_fraction;  // replaces the scenario's arterial contrast (0..1)
  double wire_advance_mm = 0;  // headless: push the guidewire this far (30 mm/s) before imaging
  double wire_rotate_deg = 0;  // headless: turn its hub this much first
  // Window: after `frames` frames, save the window to `screenshot_path` (if set) and quit. A replay
  // seeking to --at counts its frames (and its --keys) from when it gets there.
  std::optional<int> frames;
  std::string screenshot_path;
  bool hold_fluoro = false;  // window: the fluoroscopy pedal held from the start (demos, screenshots)
  // Window: keys pressed and released at given frames (--keys "FRAME:KEY+,FRAME:KEY-", KEY as SDL
  // names it: W, Space, Return, F1, Left Shift), as if typed: scripted lessons, tests, screenshots.
  std::vector<ScriptedKey> key_script;
  std::string frame_times_path;  // window: each frame's wall time (ms) written here as CSV at the end
  // Window: at this frame, act as if the GL context had been reset (the recovery a GPU reset or
  // driver update triggers, which no test can cause): the context is replaced and every GL object
  // made again. 0: never.
  int lose_context_at_frame = 0;
  bool inject = false;       // window: the scenario's injection at the start
  double acquire_s = 0;      // window: hold the acquisition pedal this long from the start
  // The scenario's procedure (steps, objectives, report). Demo: the autopilot performs it; headless
  // it runs to the end and writes DIR/report.json, DIR/report.html, the key images and the recording.
  bool demo = false;
  bool practice = false;         // window: the trainee performs the steps (the default for a scenario with steps)
  bool free = false;             // window: free practice, no steps (also with --hold-fluoro, --inject, --acquire)
  double speed = 0;              // demo: simulated seconds per wall second (0: as fast as it goes headless, 1 in a window)
  std::string replay_path;       // replay a session recording (headless: to its end, then the report)
  double replay_at_s = 0;        // window replay: start at this simulated time (--at)
  std::string record_path;       // where the session is recorded (default: DIR/session.jsonl headless)
  std::string start_step;        // window: bring the scene to this step (its id) at the start
  bool cpu_pulses = false;       // headless procedure: project pulses on the CPU instead of GL
  bool help = false;
};

// Parses argv; throws std::invalid_argument with a one-line message on a bad option.
AppOptions parse_app_options(int argc, char** argv);
const char* app_usage();

}  // namespace angiosim
