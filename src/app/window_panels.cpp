#include "app/window_panels.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

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

void draw_wire_panel(const Simulation& sim, const VesselTree& tree) {
  const Guidewire* wire = sim.guidewire();
  if (!wire) return;
  ImGui::SetNextWindowPos(ImVec2(900, 690), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(370, 160), ImGuiCond_FirstUseEver);
  ImGui::Begin("Guidewire");
  ImGui::TextWrapped("%s", wire->spec().name.c_str());
  ImGui::TextWrapped("W/S push/pull, A/D turn the hub (Shift: fine).");
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
  ImGui::End();
}

void draw_anatomy_panel(UiState& ui, render::AnatomyView& view) {
  if (!ui.show_anatomy_3d) return;
  ImGui::SetNextWindowPos(ImVec2(900, 420), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(370, 260), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("3D anatomy", &ui.show_anatomy_3d, ImGuiWindowFlags_NoScrollbar)) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const int w = std::max(32, int(avail.x)), h = std::max(32, int(avail.y));
    view.render(ui.camera, w, h);
    ImGui::ImageButton(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(view.texture())),
                       ImVec2(float(w), float(h)), ImVec2(0, 1), ImVec2(1, 0), 0);
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

void draw_monitor(const char* name, const render::GrayTexture& texture, ImVec2 position, float side,
                  const std::vector<std::string>& top_left, const std::string& bottom_left,
                  std::optional<ImVec2> marker) {
  const float title_bar = ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().WindowPadding.y;
  ImGui::SetNextWindowPos(position, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(side + 2 * ImGui::GetStyle().WindowPadding.x, side + title_bar), ImGuiCond_FirstUseEver);
  ImGui::Begin(name, nullptr, ImGuiWindowFlags_NoScrollbar);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float edge = std::max(16.f, std::min(avail.x, avail.y));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (texture.empty()) {
    draw->AddRectFilled(origin, ImVec2(origin.x + edge, origin.y + edge), IM_COL32(0, 0, 0, 255));
    ImGui::Dummy(ImVec2(edge, edge));
  } else {
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture.id())), ImVec2(edge, edge));
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
  ImGui::End();
}

void save_screenshot(const std::string& path, int width, int height) {
  write_png(path, width, height, 3, render::read_pixels_top_down(0, GL_BACK, width, height, 3));
}

MonitorLayout monitor_layout() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float side = std::max(64.f, std::min(vp->WorkSize.x - 800.f, vp->WorkSize.y - 60.f));
  return {ImVec2(vp->WorkPos.x + 390, vp->WorkPos.y + 10), ImVec2(vp->WorkPos.x + 400 + side + 20, vp->WorkPos.y + 10),
          side, 360.f};
}

}  // namespace angiosim
