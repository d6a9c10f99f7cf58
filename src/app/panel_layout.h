#pragma once
// Where the cath-lab panels go in the window: the live monitor large in the middle, the reference
// monitor at its right, the step panel and device table on the left, the console (Practice) or
// the wire's readouts (Demo, free practice) under the reference monitor, and the 3D view under the
// live monitor (in Demo and free practice when the window leaves room there, else under the
// reference monitor too). Computed from the window's size and the UI scale, so a larger
// window (a projector, fullscreen) gets a larger live monitor, and larger fonts wider columns.
//
// The panels take these places when they first appear (then wherever the user moves them, kept
// in settings.json), and again whenever the layout is re-made: on F6, fullscreen, a change of
// window size or of UI scale (AppWindow asks for it).
#include <imgui.h>

namespace angiosim {

struct PanelRect {
  ImVec2 pos, size;
  bool fixed = false;  // placed there every frame (the clean view), not only when laid out
};

enum class Arrangement { Practice, Demo, Free };
const char* to_string(Arrangement a);  // "practice", "demo", "free"

struct PanelLayout {
  PanelRect procedure;     // steps (Practice, Demo); the X-ray console in free practice
  PanelRect device_table;  // under it: the device table (Practice); the C-arm panel (free practice)
  PanelRect live, reference;
  PanelRect console;       // Practice: the X-ray console and C-arm, under the reference monitor
  PanelRect view3d;
  PanelRect guidewire;     // Demo and free practice, under the 3D view
};

// `origin`, `size`: the window's work area (pixels); `title_bar` a panel's height beyond its
// content (title bar and the padding above and below) and `padding` its padding at each side (ImGui's style at this scale); `show_3d`: Practice leaves room for
// the 3D view under the live monitor.
PanelLayout cath_lab_layout(ImVec2 origin, ImVec2 size, float ui_scale, Arrangement arrangement, bool show_3d,
                            float title_bar, float padding);
// The same for the current ImGui frame (its viewport and style).
PanelLayout cath_lab_layout(float ui_scale, Arrangement arrangement, bool show_3d);

// The clean view (F3) for a lecture: only the two monitors, as large as the window allows: the
// live one a square the window's height at the left, the reference one beside it, as wide as
// the rest (both fixed there; the other rects are empty).
PanelLayout clean_view_layout(ImVec2 origin, ImVec2 size, float title_bar, float padding);
PanelLayout clean_view_layout();  // for the current ImGui frame

// Sets the next panel's place: the first time it appears, or every panel on a frame that re-makes
// the layout. (ImGui's own state is one per process; so is this.)
void place_next_panel(const PanelRect& r);
void request_relayout();       // the next frame re-makes the layout
void begin_layout_frame();     // at each frame's start (AppWindow::begin_frame)

}  // namespace angiosim
