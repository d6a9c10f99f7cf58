#include "app/app_options.h"

#include <SDL.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "core/util/data_paths.h"

namespace angiosim {

const char* app_usage() {
  return "usage: angiosim [--scenario FILE] [--headless] [--out DIR] [--pixels N]\n"
         "                [--lao DEG] [--cranial DEG] [--seed N] [--cpu-reference]\n"
         "  --scenario FILE  scenario to open (default: scenarios/default.json)\n"
         "  --headless       no window: render the opening view, write DIR/fluoro.png and\n"
         "                   DIR/report.json (automatic when no display is available)\n"
         "  --out DIR        output directory for headless runs (default: angiosim-out)\n"
         "  --pixels N       detector matrix of the headless image (default: the C-arm's)\n"
         "  --lao DEG        C-arm LAO (+) / RAO (-) angle of the opening view\n"
         "  --cranial DEG    C-arm cranial (+) / caudal (-) angle of the opening view\n"
         "  --seed N         random seed of the simulation\n"
         "  --cpu-reference  headless: also write DIR/fluoro_cpu.png from the CPU projector\n"
         "  --contrast-fraction F  contrast in the arteries, 0..1 (0: plain fluoroscopy)\n"
         "  --wire-advance MM  headless: push the guidewire MM (at 30 mm/s) before imaging\n"
         "  --wire-rotate DEG headless: turn its hub DEG first (at 90 deg/s)\n"
         "  --frames N       window: quit after N frames\n"
         "  --screenshot F   window: save the last frame to F (PNG) before quitting\n"
         "  --keys SCRIPT    window: keys at frames, e.g. \"5:Space+,5:W+,60:W-\" (press +, release -)\n"
         "  --hold-fluoro    window: hold the fluoroscopy pedal down from the start\n"
         "  --inject         window: give the scenario's contrast injection at the start\n"
         "  --acquire S      window: hold the acquisition pedal for the first S seconds\n"
         "  --demo           the autopilot performs the scenario's steps (headless: to the end,\n"
         "                   then DIR/report.json, DIR/report.html, key images, DIR/session.jsonl)\n"
         "  --practice       window: perform the scenario's steps yourself, guided and scored\n"
         "                   (the default in a window when the scenario has steps)\n"
         "  --free           window: free practice with the sheath in, no steps\n"
         "  --speed X        demo: simulated seconds per wall second (headless default: flat out)\n"
         "  --replay FILE    replay a session recording: in the window on a timeline (play,\n"
         "                   pause, speed, seek, steps); headless to its end, then the report\n"
         "  --at S           window replay: start S simulated seconds in\n"
         "  --frame-times F  window: write each frame's wall time (ms) to F (CSV) at the end\n"
         "  --lose-context-at-frame N  window: replace the GL context at frame N, as after a\n"
         "                   GPU reset (tests the recovery)\n"
         "  --record FILE    record the session here (default DIR/session.jsonl headless)\n"
         "  --cpu-pulses     headless procedure: project X-ray pulses on the CPU, not GL\n"
         "  --step ID        window: start at this step (the earlier ones played by the autopilot)\n";
}

namespace {
std::string shortest(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}
}  // namespace

std::vector<ScriptedKey> parse_key_script(const std::string& script) {
  std::vector<ScriptedKey> out;
  size_t at = 0;
  while (at < script.size()) {
    size_t end = script.find(',', at);
    if (end == std::string::npos) end = script.size();
    const std::string entry = script.substr(at, end - at);
    at = end + 1;
    const size_t colon = entry.find(':');
    auto fail = [&](const std::string& why) -> void {
      throw std::invalid_argument("--keys: \"" + entry + "\": " + why);
    };
    if (colon == std::string::npos || entry.size() < colon + 3) fail("expected FRAME:KEY+ or FRAME:KEY-");
    const char sign = entry.back();
    if (sign != '+' && sign != '-') fail("expected + (press) or - (release) at the end");
    int frame = -1;
    try {
      size_t used = 0;
      frame = std::stoi(entry.substr(0, colon), &used);
      if (used != colon) frame = -1;
    } catch (const std::exception&) {
      frame = -1;
    }
    if (frame < 0) fail("the frame is not a whole number >= 0");
    const std::string name = entry.substr(colon + 1, entry.size() - colon - 2);
    const SDL_Scancode key = SDL_GetScancodeFromName(name.c_str());
    if (key == SDL_SCANCODE_UNKNOWN) fail("unknown key \"" + name + "\"");
    out.push_back({frame, int(key), sign == '+'});
  }
  return out;
}

AppOptions parse_app_options(int argc, char** argv) {
  AppOptions o;
  o.scenario_path = data_path("scenarios/default.json");
  auto value = [&](int& i) -> std::string {
    if (i + 1 >= argc) throw std::invalid_argument(std::string(argv[i]) + ": missing value");
    return argv[++i];
  };
  auto number = [&](int& i, double lo, double hi) {
    const std::string flag = argv[i];
    const std::string text = value(i);
    size_t used = 0;
    double v = 0;
    try {
      v = std::stod(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != text.size() || !std::isfinite(v) || v < lo || v > hi)
      throw std::invalid_argument(flag + ": expected a number in [" + shortest(lo) + ", " +
                                  shortest(hi) + "], got \"" + text + "\"");
    return v;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--scenario") {
      o.scenario_path = value(i);
      o.scenario_given = true;
    }
    else if (a == "--headless") o.headless = true;
    else if (a == "--out") o.out_dir = value(i);
    else if (a == "--pixels") o.pixels = static_cast<int>(number(i, 16, 4096));
    else if (a == "--lao") o.lao_deg = number(i, -120, 120);
    else if (a == "--cranial") o.cranial_deg = number(i, -45, 45);
    else if (a == "--seed") o.seed = static_cast<unsigned long long>(number(i, 0, 9e15));
    else if (a == "--cpu-reference") o.cpu_reference = true;
    else if (a == "--contrast-fraction") o.contrast_fraction = number(i, 0, 1);
    else if (a == "--wire-advance") o.wire_advance_mm = number(i, 0, 1000);
    else if (a == "--wire-rotate") o.wire_rotate_deg = number(i, -3600, 3600);
    else if (a == "--frames") o.frames = static_cast<int>(number(i, 1, 1e7));
    else if (a == "--screenshot") o.screenshot_path = value(i);
    else if (a == "--hold-fluoro") o.hold_fluoro = true;
    else if (a == "--keys") o.key_script = parse_key_script(value(i));
    else if (a == "--inject") o.inject = true;
    else if (a == "--acquire") o.acquire_s = number(i, 0, 600);
    else if (a == "--demo") o.demo = true;
    else if (a == "--practice") o.practice = true;
    else if (a == "--free") o.free = true;
    else if (a == "--speed") o.speed = number(i, 0.01, 1000);
    else if (a == "--replay") o.replay_path = value(i);
    else if (a == "--record") o.record_path = value(i);
    else if (a == "--cpu-pulses") o.cpu_pulses = true;
    else if (a == "--step") o.start_step = value(i);
    else if (a == "--at") o.replay_at_s = number(i, 0, 1e6);
    else if (a == "--frame-times") o.frame_times_path = value(i);
    else if (a == "--lose-context-at-frame") o.lose_context_at_frame = static_cast<int>(number(i, 1, 1e7));
    else if (a == "--help" || a == "-h") o.help = true;
    else throw std::invalid_argument(a + ": unknown option (see --help)");
  }
  if (o.demo && o.practice) throw std::invalid_argument("--demo and --practice: choose one");
  if (o.free && (o.demo || o.practice)) throw std::invalid_argument("--free: no steps, so no --demo or --practice");
  if (o.replay_at_s > 0 && o.replay_path.empty()) throw std::invalid_argument("--at: only with --replay");
  if (!o.replay_path.empty() && (o.demo || o.practice))
    throw std::invalid_argument("--replay: replays what the recording did (no --demo or --practice)");
  return o;
}

}  // namespace angiosim
