#pragma once
// Pieces of the window shared by free practice and the procedure: the keys on the wire's hub,
// the guidewire and 3D anatomy panels, the monitors with their overlay, screenshots.
#include <SDL.h>
#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

#include "core/sim/simulation.h"
#include "render/anatomy_view.h"
#include "render/gray_texture.h"

namespace angiosim {

// The hands on the wire: push/pull (W/S) and torque (A/D); Shift for fine control.
constexpr double kPush_mm_s = 20.0, kFinePush_mm_s = 5.0;
constexpr double kTorque_deg_s = 120.0, kFineTorque_deg_s = 30.0;

// The hub controls the keys hold this frame.
HubControls wire_hands_from_keys(const Uint8* keys);

void draw_wire_panel(const Simulation& sim, const VesselTree& tree);

struct UiState {
  float target_lao_deg = 0;
  float target_cranial_deg = 0;
  float table_lateral_mm = 0, table_longitudinal_mm = 0;  // table pan from the opening position
  float sid_mm = 0;
  int pixels = 512;
  bool full_resolution = false;
  bool show_anatomy_3d = true;
  render::OrbitCamera camera;
};

// The 3D see-through view: drag to orbit, wheel to zoom.
void draw_anatomy_panel(UiState& ui, render::AnatomyView& view);

std::string angle_label(double lao, double cranial);

// Where the two monitors open: the live one large beside the left panels, the reference one
// to its right.
struct MonitorLayout {
  ImVec2 live, reference;
  float live_side, reference_side;
};
MonitorLayout monitor_layout();

// A monitor window: an image (or a dark screen before the first), with the console's overlay;
// `marker` (0..1 image coordinates, row 0 at the top) draws a cross there.
void draw_monitor(const char* name, const render::GrayTexture& texture, ImVec2 position, float side,
                  const std::vector<std::string>& top_left, const std::string& bottom_left,
                  std::optional<ImVec2> marker = std::nullopt);

// Saves the window's back buffer (the frame just drawn) as a PNG.
void save_screenshot(const std::string& path, int width, int height);

}  // namespace angiosim
