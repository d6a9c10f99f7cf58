#pragma once
// What an operator does in one tick of a procedure session — the hands (keyboard, mouse, the
// demo autopilot, or a replayed recording all speak this). Held controls (the hands on the hub,
// the pedals, compression) are levels: they stay as last set until changed. Everything else is
// an event of that tick. A recording is the sequence of inputs with their ticks (session_log.h).
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/imaging/fluoro_console.h"
#include "core/sim/simulation.h"

namespace angiosim {

struct SessionInput {
  OperatorCommands sim;                 // C-arm, table, injection, access and devices (sim.wire, sim.balloon, sim.stent unused)
  std::optional<HubControls> hands;     // level: the hands on the wire's hub
  std::optional<BalloonControls> balloon_hands;  // level: the balloon catheter and the indeflator
  std::optional<StentControls> stent_hands;      // level: the stent system and its thumbwheel
  std::optional<Pedals> pedals;         // level: fluoroscopy and acquisition pedals
  std::optional<double> fluoro_pps;     // fluoroscopy pulse rate
  std::optional<std::string> acquisition_mode;  // "dsa" or "cine"
  std::optional<double> acquisition_pps;        // frames per second of a run
  std::optional<std::string> fluoro_mode;       // fluoro_low / fluoro_normal / fluoro_high
  std::optional<Collimation> collimation;       // fluoroscopy shutters
  std::optional<double> edge_enhancement;       // fluoroscopy unsharp-mask gain
  bool start_roadmap = false, stop_roadmap = false;
  bool hint = false;                    // the trainee asks for a hint
  std::optional<int> decide;            // answer to the step's decision (option index)
  bool back = false;                    // instructor: back one step
  std::optional<int> jump_to;           // instructor: bring the scene to the start of this step

  bool empty() const;
};

nlohmann::json to_json(const SessionInput& input);
// Throws InputError "name: what" on a malformed entry.
SessionInput session_input_from_json(const nlohmann::json& j, const std::string& name);

}  // namespace angiosim
