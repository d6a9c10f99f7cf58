#include "app/gamepad.h"

#include <algorithm>
#include <cmath>

#include "app/window_panels.h"

namespace angiosim {

bool GamepadHands::any() const {
  return wire.advance_mm_s != 0 || wire.rotate_deg_s != 0 || catheter_mm_s != 0 || inflate_atm_s != 0 ||
         retract_mm_s != 0 || pedals.fluoro || pedals.acquire || inject || roadmap;
}

Gamepad::Gamepad() {
  for (int i = 0; i < SDL_NumJoysticks() && !pad_; ++i)
    if (SDL_IsGameController(i)) pad_ = SDL_GameControllerOpen(i);
}

Gamepad::~Gamepad() {
  if (pad_) SDL_GameControllerClose(pad_);
}

bool Gamepad::handle_event(const SDL_Event& e) {
  switch (e.type) {
    case SDL_CONTROLLERDEVICEADDED:
      if (!pad_) pad_ = SDL_GameControllerOpen(e.cdevice.which);
      return true;
    case SDL_CONTROLLERDEVICEREMOVED:
      if (pad_ && SDL_JoystickInstanceID(SDL_GameControllerGetJoystick(pad_)) == e.cdevice.which) {
        SDL_GameControllerClose(pad_);
        pad_ = nullptr;
      }
      return true;
    case SDL_CONTROLLERBUTTONDOWN:
      if (e.cbutton.button == SDL_CONTROLLER_BUTTON_A) inject_ = true;
      if (e.cbutton.button == SDL_CONTROLLER_BUTTON_Y) roadmap_ = true;
      return true;
    default:
      return false;
  }
}

double Gamepad::axis(SDL_GameControllerAxis a) const {
  const double v = std::clamp(SDL_GameControllerGetAxis(pad_, a) / 32767.0, -1.0, 1.0);
  if (std::abs(v) <= kDeadZone) return 0;
  return std::copysign((std::abs(v) - kDeadZone) / (1 - kDeadZone), v);
}

GamepadHands Gamepad::read() {
  GamepadHands h;
  h.inject = inject_;
  h.roadmap = roadmap_;
  inject_ = roadmap_ = false;
  if (!pad_) return h;
  const double k = SDL_GameControllerGetButton(pad_, SDL_CONTROLLER_BUTTON_LEFTSHOULDER) ? 0.25 : 1.0;
  // Stick up is negative in SDL: up pushes.
  h.wire.advance_mm_s = -axis(SDL_CONTROLLER_AXIS_LEFTY) * kPush_mm_s * k;
  h.wire.rotate_deg_s = axis(SDL_CONTROLLER_AXIS_LEFTX) * kTorque_deg_s * k;
  h.catheter_mm_s = -axis(SDL_CONTROLLER_AXIS_RIGHTY) * kCatheter_mm_s * k;
  h.inflate_atm_s = axis(SDL_CONTROLLER_AXIS_RIGHTX) * kInflate_atm_s * k;
  h.retract_mm_s = SDL_GameControllerGetButton(pad_, SDL_CONTROLLER_BUTTON_RIGHTSHOULDER) ? kRetract_mm_s * k : 0;
  h.pedals.fluoro = axis(SDL_CONTROLLER_AXIS_TRIGGERRIGHT) > 0.5;
  h.pedals.acquire = axis(SDL_CONTROLLER_AXIS_TRIGGERLEFT) > 0.5;
  return h;
}

}  // namespace angiosim
