#include "app/window_app.h"

#include <SDL.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <epoxy/gl.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "app/fluoro_view.h"
#include "core/imaging/png_writer.h"
#include "render/anatomy_view.h"
#include "render/gl_readback.h"
#include "core/scenario/case_loader.h"
#include "core/sim/fixed_step_clock.h"
#include "core/sim/simulation.h"
#include "core/util/state_hash.h"
#include "platform/gl_context.h"

namespace angiosim {
namespace {

// How the operator's keys turn the C-arm (degrees per second of held key).
constexpr double kKeyRotation_deg_s = 30.0;
// The hands on the wire: push/pull (W/S) and torque (A/D); Shift for fine control.
constexpr double kPush_mm_s = 20.0, kFinePush_mm_s = 5.0;
constexpr double kTorque_deg_s = 120.0, kFineTorque_deg_s = 30.0;

// What the fluoro image depends on: the C-arm, the matrix and the wire's shape (not the clock).
uint64_t image_inputs_hash(const Simulation& sim, int pixels) {
  StateHash h;
  h.add(pixels);
  h.add(sim.state().c_arm.lao_deg);
  h.add(sim.state().c_arm.cranial_deg);
  h.add(sim.state().c_arm.isocenter_mm);
  if (const Guidewire* wire = sim.guidewire())
    for (const glm::dvec3& x : wire->rod().x) h.add(x);
  return h.value();
}

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
  ImGui::SetNextWindowPos(ImVec2(10, 690), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(300, 160), ImGuiCond_FirstUseEver);
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

struct UiState {
  float target_lao_deg = 0;
  float target_cranial_deg = 0;
  int pixels = 512;
  bool full_resolution = false;
  bool show_anatomy_3d = true;
  render::OrbitCamera camera;
};

// The 3D see-through view: drag to orbit, wheel to zoom.
void draw_anatomy_panel(UiState& ui, render::AnatomyView& view) {
  if (!ui.show_anatomy_3d) return;
  ImGui::SetNextWindowPos(ImVec2(10, 350), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(300, 330), ImGuiCond_FirstUseEver);
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

void draw_c_arm_panel(UiState& ui, const Simulation& sim, double fluoro_ms, double frame_ms) {
  ImGui::SetNextWindowPos(ImVec2(10, 10), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(300, 330), ImGuiCond_FirstUseEver);
  ImGui::Begin("C-arm");
  ImGui::TextWrapped("Arrow keys or sliders turn the C-arm; it moves at %.0f°/s.",
                     sim.c_arm_spec().max_rotation_speed_deg_s);
  ImGui::SliderFloat("LAO(+)/RAO(-)", &ui.target_lao_deg, -Simulation::kMaxLao_deg, Simulation::kMaxLao_deg, "%.0f°");
  ImGui::SliderFloat("CRA(+)/CAU(-)", &ui.target_cranial_deg, -Simulation::kMaxCranial_deg, Simulation::kMaxCranial_deg, "%.0f°");
  auto preset = [&](const char* name, float lao, float cranial) {
    if (ImGui::Button(name)) {
      ui.target_lao_deg = lao;
      ui.target_cranial_deg = cranial;
    }
  };
  preset("AP", 0, 0);
  ImGui::SameLine();
  preset("LAO 30", 30, 0);
  ImGui::SameLine();
  preset("RAO 30", -30, 0);
  ImGui::SameLine();
  preset("CAU 20", 0, -20);
  const CArmPose& pose = sim.state().c_arm;
  ImGui::Separator();
  ImGui::Text("Position  %s", angle_label(pose.lao_deg, pose.cranial_deg).c_str());
  ImGui::Text("SID %.0f mm, magnification %.2f", sim.c_arm_spec().source_to_image_mm,
              sim.c_arm_spec().source_to_image_mm / sim.c_arm_spec().source_to_isocenter_mm);
  ImGui::Checkbox("Full detector resolution", &ui.full_resolution);
  ImGui::Checkbox("3D anatomy view", &ui.show_anatomy_3d);
  ImGui::Separator();
  ImGui::Text("Frame time      %6.1f ms", frame_ms);
  ImGui::Text("Fluoro render   %6.1f ms", fluoro_ms);
  ImGui::Text("Simulated time  %6.1f s", sim.state().time_s);
  ImGui::End();
}

void draw_monitor(GLuint texture, const CArmPose& pose, const std::string& title) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  // Square image plus the title bar, fitted to the space right of the C-arm panel.
  const float title_bar = ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().WindowPadding.y;
  const float side = std::max(64.f, std::min(vp->WorkSize.x - 340.f, vp->WorkSize.y - 20.f - title_bar));
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + 330, vp->WorkPos.y + 10), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(side + 2 * ImGui::GetStyle().WindowPadding.x, side + title_bar),
                           ImGuiCond_FirstUseEver);
  ImGui::Begin("Live monitor", nullptr, ImGuiWindowFlags_NoScrollbar);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float edge = std::max(16.f, std::min(avail.x, avail.y));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  // GL textures start at the bottom row: flip vertically.
  ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture)), ImVec2(edge, edge),
               ImVec2(0, 1), ImVec2(1, 0));
  // Console-style overlay: angles and the case, as on a cath-lab monitor.
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddText(ImVec2(origin.x + 8, origin.y + 6), IM_COL32(255, 220, 120, 255),
                angle_label(pose.lao_deg, pose.cranial_deg).c_str());
  draw->AddText(ImVec2(origin.x + 8, origin.y + edge - 22), IM_COL32(255, 220, 120, 255), title.c_str());
  ImGui::End();
}

// Saves the window's back buffer (the frame just drawn) as a PNG.
void save_screenshot(const std::string& path, int width, int height) {
  write_png(path, width, height, 3, render::read_pixels_top_down(0, GL_BACK, width, height, 3));
}

}  // namespace

int run_window(const AppOptions& options) {
  const LoadedCase c = load_case(options.scenario_path, options.contrast_fraction);
  Simulation sim = opening_simulation(c, options);
  const CArmPose pose = sim.state().c_arm;

  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0)
    throw std::runtime_error(std::string("SDL: ") + SDL_GetError());
  request_gl33_core();
  SDL_Window* window = SDL_CreateWindow("angiosim", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                        1280, 860, SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (!window) throw std::runtime_error(std::string("SDL window: ") + SDL_GetError());
  SDL_GLContext gl = SDL_GL_CreateContext(window);
  if (!gl) throw std::runtime_error(std::string("OpenGL 3.3 core context: ") + SDL_GetError());
  SDL_GL_MakeCurrent(window, gl);
  SDL_GL_SetSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // layout persistence comes with the cath-lab layout
  ImGui::StyleColorsDark();
  ImGui_ImplSDL2_InitForOpenGL(window, gl);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  {
    FluoroView view(c);
    render::AnatomyView anatomy_view;
    UiState ui;
    prepare_anatomy_view(anatomy_view, ui.camera, c);
    ui.target_lao_deg = static_cast<float>(pose.lao_deg);
    ui.target_cranial_deg = static_cast<float>(pose.cranial_deg);
    FixedStepClock clock(Simulation::kStep_s);
    CArmPose rendered_pose = pose;
    uint64_t rendered_state = 0;
    view.render_to_texture(sim, ui.pixels);
    update_device_meshes(anatomy_view, sim);
    double fluoro_ms = 0, frame_ms = 0;
    auto last = std::chrono::steady_clock::now();
    int frame_count = 0;

    bool running = true;
    while (running) {
      // 1. Events: ImGui first; the app takes keys ImGui does not want.
      SDL_Event event;
      while (SDL_PollEvent(&event)) {
        ImGui_ImplSDL2_ProcessEvent(&event);
        if (event.type == SDL_QUIT) running = false;
        if (event.type == SDL_KEYDOWN && event.key.keysym.sym == SDLK_ESCAPE) running = false;
      }
      const auto now = std::chrono::steady_clock::now();
      const double frame_s = std::chrono::duration<double>(now - last).count();
      last = now;
      frame_ms = 1000.0 * frame_s;
      if (!ImGui::GetIO().WantCaptureKeyboard) {
        const Uint8* keys = SDL_GetKeyboardState(nullptr);
        const float turn = static_cast<float>(kKeyRotation_deg_s * std::min(frame_s, 0.1));
        if (keys[SDL_SCANCODE_LEFT]) ui.target_lao_deg -= turn;
        if (keys[SDL_SCANCODE_RIGHT]) ui.target_lao_deg += turn;
        if (keys[SDL_SCANCODE_UP]) ui.target_cranial_deg += turn;
        if (keys[SDL_SCANCODE_DOWN]) ui.target_cranial_deg -= turn;
      }

      // 2. Simulation: as many fixed steps as wall time requires.
      OperatorCommands commands;
      if (!ImGui::GetIO().WantCaptureKeyboard) commands.wire = wire_hands_from_keys(SDL_GetKeyboardState(nullptr));
      commands.c_arm_lao_deg = ui.target_lao_deg;
      commands.c_arm_cranial_deg = ui.target_cranial_deg;
      const int steps = clock.advance(frame_s);
      for (int k = 0; k < steps; ++k) sim.step(commands);

      // 3. A new fluoro image only when the view or the wire changed.
      const CArmPose& now_pose = sim.state().c_arm;
      const int pixels = ui.full_resolution ? c.c_arm.detector_pixels : ui.pixels;
      const uint64_t scene_state = image_inputs_hash(sim, pixels);
      if (steps > 0 && scene_state != rendered_state) {
        const auto t0 = std::chrono::steady_clock::now();
        view.render_to_texture(sim, pixels);
        glFinish();
        fluoro_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        rendered_pose = now_pose;
        rendered_state = scene_state;
        update_device_meshes(anatomy_view, sim);
      }

      // 4. UI.
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplSDL2_NewFrame();
      ImGui::NewFrame();
      draw_c_arm_panel(ui, sim, fluoro_ms, frame_ms);
      draw_anatomy_panel(ui, anatomy_view);
      draw_wire_panel(sim, *c.anatomy);
      draw_monitor(view.renderer().display_texture(), rendered_pose, c.scenario.title);
      ImGui::Render();
      int w = 0, h = 0;
      SDL_GL_GetDrawableSize(window, &w, &h);
      glViewport(0, 0, w, h);
      glClearColor(0.08f, 0.09f, 0.10f, 1.f);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      ++frame_count;
      if (options.frames && frame_count >= *options.frames) {
        if (!options.screenshot_path.empty()) save_screenshot(options.screenshot_path, w, h);
        running = false;
      }
      SDL_GL_SwapWindow(window);
    }
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return 0;
}

}  // namespace angiosim
