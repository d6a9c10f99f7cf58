#pragma once
// Pieces of the window shared by free practice and the procedure: the keys on the wire's hub,
// the guidewire and 3D anatomy panels, the monitors with their overlay, screenshots.
#include <SDL.h>
#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

#include "app/panel_layout.h"
#include "core/imaging/c_arm.h"
#include "core/scenario/scene_labels.h"
#include "core/sim/simulation.h"
#include "render/anatomy_view.h"
#include "render/gray_texture.h"

namespace angiosim {

// The hands on the wire: push/pull (W/S) and torque (A/D); Shift for fine control.
constexpr double kPush_mm_s = 20.0, kFinePush_mm_s = 5.0;
constexpr double kTorque_deg_s = 120.0, kFineTorque_deg_s = 30.0;

// The hub controls the keys hold this frame.
HubControls wire_hands_from_keys(const Uint8* keys);

// The guidewire's readouts (inserted length, hub, hand and tip forces, where the tip is, injury
// risks, occlusion caps), in the current window; and the panel that shows them alone.
void draw_wire_readouts(const Simulation& sim, const VesselTree& tree);
void draw_wire_panel(const Simulation& sim, const VesselTree& tree, const PanelRect& place);

struct UiState {
  float target_lao_deg = 0;
  float target_cranial_deg = 0;
  float table_lateral_mm = 0, table_longitudinal_mm = 0;  // table pan from the opening position
  float sid_mm = 0;
  int pixels = 512;
  bool full_resolution = false;
  render::OrbitCamera camera;
};

// A label placed on an image: `at` in 0..1 image coordinates (row 0 at the top).
struct ImageLabel {
  SceneLabel::Kind kind = SceneLabel::Kind::Vessel;
  std::string text;
  ImVec2 at;
};

// Draws labels over an image at `origin`, `size` pixels: a dot at each anchor and its text on a
// dark plate beside it, moved a few lines down or up where it would cover a label already drawn
// (a vessel's name that finds no room is left out: devices and lesions first).
void draw_image_labels(ImDrawList* draw, ImVec2 origin, ImVec2 size, const std::vector<ImageLabel>& labels);

// The scene's labels where the C-arm at its present pose projects them on the image.
std::vector<ImageLabel> fluoro_labels(const std::vector<SceneLabel>& labels, const Simulation& sim);

// The 3D see-through view: drag to orbit, wheel to zoom; with `labels`, the scene's labels on it.
// `open` says whether it is shown (its close button clears it).
void draw_anatomy_panel(UiState& ui, render::AnatomyView& view, bool* open, const std::vector<SceneLabel>* labels,
                        const PanelRect& place);

std::string angle_label(double lao, double cranial);

// A distance measured on a monitor's image, as with a cath-lab system's caliper: drag across the
// image, read the length; right-click clears it. Ends in 0..1 image coordinates (row 0 at the top).
struct ImageCaliper {
  double mm_per_image_edge = 0;  // patient mm (isocentre calibration) across the image; 0: none
  bool shown = false, dragging = false;
  ImVec2 a{0, 0}, b{0, 0};
  double length_mm() const;
  // For the image of a run taken from `view`: its isocentre calibration (the C-arm's SOD); a new
  // run clears the line.
  void calibrate(const ProjectionGeometry& view, double source_to_isocenter_mm) {
    mm_per_image_edge = view.isocenter_mm_per_pixel(source_to_isocenter_mm) * view.width;
    shown = false;
  }
};

// The monitors' window names. The clean view's are windows of their own, in fixed places, so that
// going into it and out again leaves the panels' layout as it was.
inline const char* live_monitor_name(bool clean_view) { return clean_view ? "Live monitor##clean" : "Live monitor"; }
inline const char* reference_monitor_name(bool clean_view) { return clean_view ? "Reference monitor##clean" : "Reference monitor"; }

class FluoroConsole;

// The reference monitor's line on how to measure.
inline constexpr const char* kCaliperHint = "Drag to measure; right-click clears";

// The live monitor's roadmap state: "ROADMAP", why there is none (the view changed under it, or no
// DSA run was made from this view), or "".
const char* roadmap_label(const FluoroConsole& console);

// A monitor window: an image (or a dark screen before the first), with the console's overlay;
// `marker` (0..1 image coordinates, row 0 at the top) draws a cross there.
// `labels` go over the image (draw_image_labels). With a calibrated `caliper`, dragging on the
// image measures.
void draw_monitor(const char* name, const render::GrayTexture& texture, const PanelRect& place,
                  const std::vector<std::string>& top_left, const std::string& bottom_left,
                  std::optional<ImVec2> marker = std::nullopt, const std::vector<ImageLabel>& labels = {},
                  ImageCaliper* caliper = nullptr);

// Saves the window's back buffer (the frame just drawn) as a PNG.
void save_screenshot(const std::string& path, int width, int height);

}  // namespace angiosim
