#include "app/panel_layout.h"

#include <algorithm>

namespace angiosim {
namespace {

bool relayout_pending = false, relayout_now = false;

constexpr float kMargin = 10;
constexpr float kColumn = 370;  // the side columns at 1× (the step texts wrap to it)

}  // namespace

PanelLayout cath_lab_layout(ImVec2 origin, ImVec2 size, float ui_scale, Arrangement arrangement, bool show_3d,
                            float title_bar, float padding) {
  const float m = kMargin, W = size.x, H = size.y;
  // The left column (steps, devices) at its width for the scale, but never more than 30 % of the
  // window; the right one (reference monitor, console) a little narrower: the live monitor first.
  const float column = std::min(kColumn * ui_scale, std::max(240.f, 0.3f * W));
  const float right_column = std::max(std::min(220.f, column), 0.85f * column);
  PanelLayout l;
  // The live monitor: a square image as large as the middle allows.
  const float live_x = m + column + m;
  const float side_w = W - live_x - m - right_column - m - 2 * padding;
  float side_h = H - 2 * m - title_bar;
  // Practice keeps a third of the height under it for the 3D view; elsewhere the view goes there
  // when the width has left that much room anyway.
  const bool practice_view = arrangement == Arrangement::Practice && show_3d;
  if (practice_view) side_h = 0.62f * (H - 3 * m - 2 * title_bar);
  const float side = std::max(120.f, std::min(side_w, side_h));
  l.live = {ImVec2(live_x, m), ImVec2(side + 2 * padding, side + title_bar)};
  const float under_live = H - (m + l.live.size.y + m) - m;
  const bool view_below = practice_view || under_live >= 200;
  // The right column: the reference monitor, then the console or the 3D view and the wire.
  const float right_x = live_x + l.live.size.x + m;
  const float right_w = std::max(160.f, W - right_x - m);
  const float reference_side = std::max(80.f, std::min(right_w - 2 * padding, 0.45f * H - title_bar));
  l.reference = {ImVec2(right_x, m), ImVec2(reference_side + 2 * padding, reference_side + title_bar)};
  const float below_reference = m + l.reference.size.y + m;
  const float rest = std::max(120.f, H - below_reference - m);
  l.console = {ImVec2(right_x, below_reference), ImVec2(right_w, rest)};
  if (view_below) {
    const float y = m + l.live.size.y + m;
    l.view3d = {ImVec2(live_x, y), ImVec2(l.live.size.x, std::max(120.f, H - y - m))};
  } else {
    l.view3d = {ImVec2(right_x, below_reference), ImVec2(right_w, 0.6f * rest)};
  }
  l.guidewire = view_below ? l.console
                           : PanelRect{ImVec2(right_x, below_reference + 0.6f * rest + m), ImVec2(right_w, std::max(80.f, 0.4f * rest - m))};
  // The left column: the steps (all of it in Demo), the device table under them in Practice.
  const float split = arrangement == Arrangement::Demo ? H - 2 * m : 0.54f * (H - 3 * m);
  l.procedure = {ImVec2(m, m), ImVec2(column, split)};
  l.device_table = {ImVec2(m, m + split + m), ImVec2(column, std::max(120.f, H - split - 3 * m))};
  for (PanelRect* r : {&l.procedure, &l.device_table, &l.live, &l.reference, &l.console, &l.view3d, &l.guidewire}) {
    r->pos.x += origin.x;
    r->pos.y += origin.y;
  }
  return l;
}

PanelLayout cath_lab_layout(float ui_scale, Arrangement arrangement, bool show_3d) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImGuiStyle& style = ImGui::GetStyle();
  return cath_lab_layout(vp->WorkPos, vp->WorkSize, ui_scale, arrangement, show_3d,
                         ImGui::GetFrameHeight() + 2 * style.WindowPadding.y, style.WindowPadding.x);
}

PanelLayout clean_view_layout(ImVec2 origin, ImVec2 size, float title_bar, float padding) {
  const float m = kMargin;
  PanelLayout l;
  // The live image's edge: the height less the title bar, unless the width leaves less.
  const float live_side = std::max(120.f, std::min(size.y - 2 * m - title_bar, size.x - 2 * m - 2 * padding));
  l.live = {ImVec2(origin.x + m, origin.y + m), ImVec2(live_side + 2 * padding, live_side + title_bar), true};
  const float right_x = m + l.live.size.x + m;
  const float reference_side = std::min(size.x - right_x - m - 2 * padding, size.y - 2 * m - title_bar);
  if (reference_side >= 120.f)
    l.reference = {ImVec2(origin.x + right_x, origin.y + m), ImVec2(reference_side + 2 * padding, reference_side + title_bar), true};
  else  // too narrow for both: no reference monitor (an empty rect, which callers leave out)
    l.reference = {ImVec2(origin.x + m, origin.y + m), ImVec2(0, 0), true};
  return l;
}

PanelLayout clean_view_layout() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImGuiStyle& style = ImGui::GetStyle();
  return clean_view_layout(vp->WorkPos, vp->WorkSize, ImGui::GetFrameHeight() + 2 * style.WindowPadding.y, style.WindowPadding.x);
}

void place_next_panel(const PanelRect& r) {
  const ImGuiCond when = relayout_now || r.fixed ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(r.pos, when);
  ImGui::SetNextWindowSize(r.size, when);
}

void request_relayout() { relayout_pending = true; }

const char* to_string(Arrangement a) {
  switch (a) {
    case Arrangement::Practice: return "practice";
    case Arrangement::Demo: return "demo";
    case Arrangement::Free: return "free";
  }
  return "free";
}

void begin_layout_frame() {
  relayout_now = relayout_pending;
  relayout_pending = false;
}

}  // namespace angiosim
