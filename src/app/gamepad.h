#pragma once
// A game controller as two hands (SDL's game controller API; any pad SDL knows, hot-plugged):
//   left stick      the guidewire: up/down push/pull, left/right turn the hub
//   right stick     the catheter on the wire: up/down push/pull; left/right the indeflator
//   right shoulder  the stent's thumbwheel (held: the sheath back)
//   left shoulder   held: fine control (a quarter of the speeds)
//   right trigger   fluoroscopy pedal, left trigger acquisition pedal
//   A  inject contrast     Y  roadmap on/off
// Sticks have a dead zone (15 %) and scale linearly beyond it, so a light touch is a slow push.
#include <SDL.h>

#include "core/physics/balloon_catheter.h"
#include "core/physics/guidewire.h"
#include "core/physics/stent_delivery.h"
#include "core/imaging/fluoro_console.h"

namespace angiosim {

struct GamepadHands {
  HubControls wire;
  double catheter_mm_s = 0;  // balloon or stent system
  double inflate_atm_s = 0;
  double retract_mm_s = 0;
  Pedals pedals;
  bool inject = false, roadmap = false;  // pressed this frame (events)
  bool any() const;
};

class Gamepad {
 public:
  static constexpr double kDeadZone = 0.15;
  static constexpr double kCatheter_mm_s = 10, kInflate_atm_s = 1, kRetract_mm_s = 2;

  Gamepad();   // opens the first controller present (SDL's game controller subsystem must be up)
  ~Gamepad();
  Gamepad(const Gamepad&) = delete;
  Gamepad& operator=(const Gamepad&) = delete;

  // Hot-plug and button presses; true when the event was the pad's.
  bool handle_event(const SDL_Event& event);
  bool connected() const { return pad_ != nullptr; }
  // The hands this frame (the presses since the last read included, then cleared).
  GamepadHands read();

 private:
  double axis(SDL_GameControllerAxis a) const;  // −1 … 1 beyond the dead zone, 0 inside
  SDL_GameController* pad_ = nullptr;
  bool inject_ = false, roadmap_ = false;
};

}  // namespace angiosim
