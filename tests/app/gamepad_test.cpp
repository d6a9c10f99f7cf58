// A game controller as two hands, read through SDL's virtual controller: the dead zone, the
// sticks' scale and direction, fine control, the pedals on the triggers, presses as events.
#include <doctest/doctest.h>

#include <SDL.h>

#include "app/gamepad.h"
#include "app/window_panels.h"

using namespace angiosim;

TEST_CASE("gamepad: sticks and triggers as the hands and feet") {
  REQUIRE(SDL_Init(SDL_INIT_GAMECONTROLLER) == 0);
  const int index = SDL_JoystickAttachVirtual(SDL_JOYSTICK_TYPE_GAMECONTROLLER, SDL_CONTROLLER_AXIS_MAX,
                                              SDL_CONTROLLER_BUTTON_MAX, 0);
  REQUIRE(index >= 0);
  SDL_Joystick* joy = SDL_JoystickOpen(index);
  REQUIRE(joy);
  {
    Gamepad pad;
    REQUIRE(pad.connected());
    auto set_axis = [&](SDL_GameControllerAxis a, Sint16 v) {
      SDL_JoystickSetVirtualAxis(joy, a, v);
      SDL_GameControllerUpdate();
    };
    // Inside the dead zone: nothing.
    set_axis(SDL_CONTROLLER_AXIS_LEFTY, -3000);
    CHECK(!pad.read().any());
    // Full up: the wire pushed at the keyboard's speed; right a half past the dead zone: half torque.
    set_axis(SDL_CONTROLLER_AXIS_LEFTY, -32767);
    set_axis(SDL_CONTROLLER_AXIS_LEFTX, Sint16(32767 * (Gamepad::kDeadZone + 0.5 * (1 - Gamepad::kDeadZone))));
    GamepadHands h = pad.read();
    CHECK(h.wire.advance_mm_s == doctest::Approx(kPush_mm_s));
    CHECK(h.wire.rotate_deg_s == doctest::Approx(0.5 * kTorque_deg_s).epsilon(0.01));
    // The left shoulder held: a quarter.
    SDL_JoystickSetVirtualButton(joy, SDL_CONTROLLER_BUTTON_LEFTSHOULDER, 1);
    SDL_GameControllerUpdate();
    CHECK(pad.read().wire.advance_mm_s == doctest::Approx(0.25 * kPush_mm_s));
    SDL_JoystickSetVirtualButton(joy, SDL_CONTROLLER_BUTTON_LEFTSHOULDER, 0);
    // Right stick down: the catheter pulled back; the thumbwheel on the right shoulder.
    set_axis(SDL_CONTROLLER_AXIS_RIGHTY, 32767);
    SDL_JoystickSetVirtualButton(joy, SDL_CONTROLLER_BUTTON_RIGHTSHOULDER, 1);
    SDL_GameControllerUpdate();
    h = pad.read();
    CHECK(h.catheter_mm_s == doctest::Approx(-Gamepad::kCatheter_mm_s));
    CHECK(h.retract_mm_s == doctest::Approx(Gamepad::kRetract_mm_s));
    // Triggers: the pedals.
    set_axis(SDL_CONTROLLER_AXIS_TRIGGERRIGHT, 32767);
    CHECK(pad.read().pedals.fluoro);
    CHECK(!pad.read().pedals.acquire);
    // A press arrives as an event and is read once.
    SDL_Event e{};
    e.type = SDL_CONTROLLERBUTTONDOWN;
    e.cbutton.button = SDL_CONTROLLER_BUTTON_A;
    CHECK(pad.handle_event(e));
    CHECK(pad.read().inject);
    CHECK(!pad.read().inject);
  }
  SDL_JoystickClose(joy);
  SDL_JoystickDetachVirtual(index);
  SDL_QuitSubSystem(SDL_INIT_GAMECONTROLLER);
}
