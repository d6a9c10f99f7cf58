#include "app/window_panels.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "core/imaging/fluoro_console.h"
#include "core/imaging/png_writer.h"
#include "render/gl_readback.h"

namespace angiosim {

// The hub controls the keys hold this frame.
HubControls wire_hands_from_keys(const Uint8* keys) {
  const bool fine = keys[SDL_SCANCODE_LSHIFT] || keys[SDL_SCANCODE_RSHIFT];
  HubControls h;
  if (keys[SDL_SCANCODE_W]) h.advance_mm_s += fine ? kFinePush_mm_s : kPush_mm_s;
  if (keys[SDL_SCANCODE_S]) h.advance_mm_s -= fine ? kFinePush_mm_s : kPush_mm_s;
  if (keys[SDL_SCANCODE_D]) h.rotate_deg_s += fine ? kFineTorque_deg_s : kTorque_deg_s;
  if (keys[SDL_SCANCODE_A]) h.rotate_deg_s -= fine ? kFineTorque_deg_s : kTorque_deg_s;
  return h;
}

void draw_wire_panel(const Simulation& sim, const VesselTree& tree, const PanelRect& place) {
  const Guidewire* wire = sim.guidewire();
  if (!wire) return;
  place_next_panel(place);
  ImGui::Begin("Guidewire");
  ImGui::TextWrapped("%s", wire->spec().name.c_str());
  ImGui::TextWrapped("W/S push/pull, A/D turn the hub (Shift: fine).");
  draw_wire_readouts(sim, tree);
  ImGui::End();
}

void draw_wire_readouts(const Simulation& sim, const VesselTree& tree) {
  const Guidewire* wire = sim.guidewire();
  if (!wire) return;
  const CenterlineLocation tip = sim.lumen().nearest_centerline(wire->tip_mm());
  ImGui::Text("Inserted   %6.0f mm", wire->inserted_length_mm());
  ImGui::Text("Hub        %6.0f deg   torque %5.2f N mm", wire->hub_angle_deg(), wire->hub_torque_N_mm());
  ImGui::Text("Hand       %6.2f N%s", wire->hand_force_N(),
              std::abs(wire->hand_force_N()) > Guidewire::kMaxHandForce_N ? "  (slipping)" : "");
  ImGui::Text("Tip in     %s", tip.vessel >= 0 ? tree.vessel(tip.vessel).name.c_str() : "-");
  ImGui::Text("Tip force  %6.3f N   wall contacts %zu", wire->tip_wall_force_N(), wire->last_solve().contacts.size());
  if (const size_t healthy = wire->healthy_wall_risks(); healthy > 0)
    ImGui::TextColored(ImVec4(1, 0.5f, 0.3f, 1), "Healthy wall pushed hard %zu times", healthy);
  if (const size_t on_plaque = wire->injury_risks().size() - wire->healthy_wall_risks(); on_plaque > 0)
    ImGui::Text("Plaque pushed hard %zu times", on_plaque);
  for (size_t l = 0; l < tree.spec().lesions.size(); ++l) {
    const LesionSpec& lesion = tree.spec().lesions[l];
    if (!lesion.total_occlusion) continue;
    const double bored = sim.occlusions().progress(int(l));
    if (sim.occlusions().crossed(int(l)))
      ImGui::Text("%s: crossed", lesion.name.c_str());
    else
      ImGui::Text("%s: cap %.0f gf, bored %.0f %%", lesion.name.c_str(), lesion.cap_resistance_gf, 100 * bored);
  }
}

void draw_image_labels(ImDrawList* draw, ImVec2 origin, ImVec2 size, const std::vector<ImageLabel>& labels) {
  std::vector<ImVec4> placed;  // plates drawn so far (min x, min y, max x, max y)
  const float pad = 3, line = ImGui::GetTextLineHeight();
  draw->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
  // Devices first, then lesions, then vessels: where the picture is crowded, a vessel's name
  // gives way (it is not drawn) rather than push a device's label away from what it names.
  std::vector<const ImageLabel*> order;
  for (SceneLabel::Kind kind : {SceneLabel::Kind::Device, SceneLabel::Kind::Lesion, SceneLabel::Kind::Vessel})
    for (const ImageLabel& l : labels)
      if (l.kind == kind) order.push_back(&l);
  for (const ImageLabel* label : order) {
    const ImageLabel& l = *label;
    const ImVec2 anchor(origin.x + l.at.x * size.x, origin.y + l.at.y * size.y);
    const ImU32 color = l.kind == SceneLabel::Kind::Lesion   ? IM_COL32(255, 150, 60, 255)
                        : l.kind == SceneLabel::Kind::Device ? IM_COL32(120, 255, 140, 255)
                                                             : IM_COL32(150, 205, 255, 255);
    const ImVec2 text = ImGui::CalcTextSize(l.text.c_str());
    ImVec2 at(anchor.x + 8, anchor.y - 0.5f * line);
    // Flip to the left of the anchor near the right edge.
    if (at.x + text.x + pad > origin.x + size.x) at.x = anchor.x - 8 - text.x;
    // Where it would cover a plate already drawn: a line down, up, two down, two up, …
    const int moves = l.kind == SceneLabel::Kind::Vessel ? 0 : 8;
    const float home = at.y;
    bool overlaps = true;
    for (int tries = 0; overlaps && tries <= moves; ++tries) {
      const int lines = (tries + 1) / 2 * (tries % 2 == 1 ? 1 : -1);
      at.y = home + float(lines) * (line + 2 * pad);
      overlaps = false;
      for (const ImVec4& r : placed)
        overlaps |= at.x - pad < r.z && at.x + text.x + pad > r.x && at.y - pad < r.w && at.y + text.y + pad > r.y;
    }
    if (overlaps) at.y = home;
    if (overlaps && l.kind == SceneLabel::Kind::Vessel) continue;
    placed.push_back(ImVec4(at.x - pad, at.y - pad, at.x + text.x + pad, at.y + text.y + pad));
    draw->AddCircleFilled(anchor, 3.5f, color);
    if (std::abs(at.y + 0.5f * line - anchor.y) > line)  // moved away: a leader line back to the anchor
      draw->AddLine(anchor, ImVec2(at.x < anchor.x ? at.x + text.x : at.x, at.y + 0.5f * line), color, 1.0f);
    draw->AddRectFilled(ImVec2(at.x - pad, at.y - pad), ImVec2(at.x + text.x + pad, at.y + text.y + pad), IM_COL32(0, 0, 0, 170), 3);
    draw->AddText(at, color, l.text.c_str());
  }
  draw->PopClipRect();
}

std::vector<ImageLabel> fluoro_labels(const std::vector<SceneLabel>& labels, const Simulation& sim) {
  constexpr int kPixels = 512;  // any matrix: the position is kept as a fraction of the image
  const ProjectionGeometry g = make_projection(sim.c_arm_spec(), sim.state().c_arm, kPixels);
  std::vector<ImageLabel> out;
  for (const SceneLabel& l : labels)
    if (const auto px = g.project(l.point_mm))
      if (px->x >= 0 && px->x <= kPixels && px->y >= 0 && px->y <= kPixels)
        out.push_back({l.kind, l.text, ImVec2(float(px->x / kPixels), float(px->y / kPixels))});
  return out;
}

// Panels that show one picture (the monitors, the 3D view) are begun without a background and
// only the part the picture leaves uncovered is filled: a software rasteriser pays for every pixel
// it draws, and a background under a monitor is drawn only to be covered. The picture itself is
// drawn without blending (it is opaque), which spares reading back what lies under it.
void fill_around(ImDrawList* draw, const ImVec2& picture_min, const ImVec2& picture_max) {
  const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  const float top = pos.y + ImGui::GetWindowContentRegionMin().y - ImGui::GetStyle().WindowPadding.y;
  const ImVec2 lo(pos.x, top), hi(pos.x + size.x, pos.y + size.y);
  const ImU32 bg = ImGui::GetColorU32(ImGuiCol_WindowBg);
  draw->AddRectFilled(lo, ImVec2(hi.x, picture_min.y), bg);                          // above
  draw->AddRectFilled(ImVec2(lo.x, picture_max.y), hi, bg);                          // below
  draw->AddRectFilled(ImVec2(lo.x, picture_min.y), ImVec2(picture_min.x, picture_max.y), bg);  // left
  draw->AddRectFilled(ImVec2(picture_max.x, picture_min.y), ImVec2(hi.x, picture_max.y), bg);  // right
}

void add_opaque_image(ImDrawList* draw, ImTextureID texture, const ImVec2& min, const ImVec2& max,
                      const ImVec2& uv0 = ImVec2(0, 0), const ImVec2& uv1 = ImVec2(1, 1)) {
  fill_around(draw, min, max);
  draw->AddCallback([](const ImDrawList*, const ImDrawCmd*) { glDisable(GL_BLEND); }, nullptr);
  draw->AddImage(texture, min, max, uv0, uv1);
  draw->AddCallback(ImDrawCallback_ResetRenderState, nullptr);  // blending back on for the rest
}

void draw_anatomy_panel(UiState& ui, render::AnatomyView& view, bool* open, const std::vector<SceneLabel>* labels,
                        const PanelRect& place) {
  if (!*open) return;
  place_next_panel(place);
  if (ImGui::Begin("3D anatomy", open, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground)) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const int w = std::max(32, int(avail.x)), h = std::max(32, int(avail.y));
    view.render(ui.camera, w, h);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    add_opaque_image(ImGui::GetWindowDrawList(), reinterpret_cast<ImTextureID>(static_cast<intptr_t>(view.texture())),
                     origin, ImVec2(origin.x + float(w), origin.y + float(h)), ImVec2(0, 1), ImVec2(1, 0));
    ImGui::InvisibleButton("orbit", ImVec2(float(w), float(h)));  // dragging the picture orbits the camera
    if (labels) {
      std::vector<ImageLabel> placed;
      for (const SceneLabel& l : *labels)
        if (const auto px = render::project_in_view(ui.camera, w, h, l.point_mm))
          placed.push_back({l.kind, l.text, ImVec2(px->x / float(w), px->y / float(h))});
      draw_image_labels(ImGui::GetWindowDrawList(), origin, ImVec2(float(w), float(h)), placed);
    }
    if (ImGui::IsItemActive()) {
      const ImVec2 drag = ImGui::GetIO().MouseDelta;
      ui.camera.yaw_deg -= 0.4 * drag.x;
      ui.camera.pitch_deg = std::clamp(ui.camera.pitch_deg + 0.4 * drag.y, -85.0, 85.0);
    }
    if (ImGui::IsItemHovered() && ImGui::GetIO().MouseWheel != 0)
      ui.camera.distance_mm = std::clamp(ui.camera.distance_mm * std::pow(0.9, ImGui::GetIO().MouseWheel), 150.0, 2000.0);
  }
  ImGui::End();
}

std::string angle_label(double lao, double cranial) {
  char text[64];
  std::snprintf(text, sizeof text, "%s %.0f°  %s %.0f°", lao >= 0 ? "LAO" : "RAO", std::abs(lao),
                cranial >= 0 ? "CRA" : "CAU", std::abs(cranial));
  return text;
}

const char* roadmap_label(const FluoroConsole& console) {
  if (console.roadmap()) return "ROADMAP";
  switch (console.roadmap_note()) {
    case FluoroConsole::RoadmapNote::ClearedByNewView: return "ROADMAP CLEARED: NEW VIEW";
    case FluoroConsole::RoadmapNote::NoRunInThisView: return "NO DSA RUN IN THIS VIEW FOR A ROADMAP";
    case FluoroConsole::RoadmapNote::None: break;
  }
  return "";
}

double ImageCaliper::length_mm() const {
  return std::hypot(double(b.x - a.x), double(b.y - a.y)) * mm_per_image_edge;
}

namespace {

// The caliper's line with end ticks across it and its length beside the far end.
void draw_caliper(ImDrawList* draw, ImVec2 origin, float edge, const ImageCaliper& c) {
  const ImVec2 a(origin.x + c.a.x * edge, origin.y + c.a.y * edge), b(origin.x + c.b.x * edge, origin.y + c.b.y * edge);
  const ImU32 colour = IM_COL32(90, 220, 255, 255);
  draw->AddLine(a, b, colour, 1.5f);
  const float dx = b.x - a.x, dy = b.y - a.y, len = std::max(1e-3f, std::sqrt(dx * dx + dy * dy));
  const ImVec2 across(-dy / len * 6, dx / len * 6);
  for (const ImVec2& end : {a, b}) draw->AddLine(ImVec2(end.x - across.x, end.y - across.y), ImVec2(end.x + across.x, end.y + across.y), colour, 1.5f);
  char text[32];
  std::snprintf(text, sizeof text, "%.1f mm", c.length_mm());
  const ImVec2 at(b.x + 8, b.y - ImGui::GetTextLineHeight() - 2);
  draw->AddText(ImVec2(at.x + 1, at.y + 1), IM_COL32(0, 0, 0, 230), text);
  draw->AddText(at, colour, text);
}

}  // namespace

void draw_monitor(const char* name, const render::GrayTexture& texture, const PanelRect& place,
                  const std::vector<std::string>& top_left, const std::string& bottom_left,
                  std::optional<ImVec2> marker, const std::vector<ImageLabel>& labels, ImageCaliper* caliper) {
  place_next_panel(place);
  ImGui::Begin(name, nullptr, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float edge = std::max(16.f, std::min(avail.x, avail.y));
  const ImVec2 origin = ImGui::GetCursorScreenPos(), far_corner(origin.x + edge, origin.y + edge);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (texture.empty()) {
    fill_around(draw, origin, far_corner);
    draw->AddRectFilled(origin, far_corner, IM_COL32(0, 0, 0, 255));
  } else {
    add_opaque_image(draw, reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture.id())), origin, far_corner);
  }
  const bool measuring = caliper && caliper->mm_per_image_edge > 0 && !texture.empty();
  if (measuring) {
    ImGui::InvisibleButton("##image", ImVec2(edge, edge), ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const ImVec2 at(std::clamp((mouse.x - origin.x) / edge, 0.f, 1.f), std::clamp((mouse.y - origin.y) / edge, 0.f, 1.f));
    if (ImGui::IsItemActivated() && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
      caliper->a = caliper->b = at;
      caliper->dragging = caliper->shown = true;
    }
    // The far end follows the pointer and stays where the button is let go.
    if (caliper->dragging && (ImGui::IsItemActive() || ImGui::IsItemDeactivated())) caliper->b = at;
    if (!ImGui::IsItemActive()) caliper->dragging = false;
    if (ImGui::IsItemClicked(ImGuiMouseButton_Right)) caliper->shown = false;
  } else {
    ImGui::Dummy(ImVec2(edge, edge));
  }
  // Overlay text with a dark shadow, legible over white (burnt-out) and black parts alike.
  auto text = [&](float x, float y, const std::string& line) {
    draw->AddText(ImVec2(x + 1, y + 1), IM_COL32(0, 0, 0, 230), line.c_str());
    draw->AddText(ImVec2(x, y), IM_COL32(255, 220, 120, 255), line.c_str());
  };
  float y = origin.y + 6;
  for (const std::string& line : top_left) {
    text(origin.x + 8, y, line);
    y += ImGui::GetTextLineHeight() + 2;
  }
  text(origin.x + 8, origin.y + edge - 22, bottom_left);
  if (marker) {
    const ImVec2 c(origin.x + marker->x * edge, origin.y + marker->y * edge);
    draw->AddLine(ImVec2(c.x - 10, c.y), ImVec2(c.x + 10, c.y), IM_COL32(80, 255, 120, 255), 2);
    draw->AddLine(ImVec2(c.x, c.y - 10), ImVec2(c.x, c.y + 10), IM_COL32(80, 255, 120, 255), 2);
  }
  if (!texture.empty()) draw_image_labels(draw, origin, ImVec2(edge, edge), labels);
  if (measuring && caliper->shown) draw_caliper(draw, origin, edge, *caliper);
  ImGui::End();
}

void save_screenshot(const std::string& path, int width, int height) {
  write_png(path, width, height, 3, render::read_pixels_top_down(0, GL_BACK, width, height, 3));
}


}  // namespace angiosim
