#include "app/window_app.h"

#include <SDL.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "app/fluoro_view.h"
#include "app/redraw_pacer.h"
#include "app/window_gl.h"
#include "app/gamepad.h"
#include "app/pulse_worker.h"
#include "app/app_window.h"
#include "app/window_panels.h"
#include "core/imaging/fluoro_console.h"
#include "render/gray_texture.h"
#include "core/imaging/png_writer.h"
#include "render/anatomy_view.h"
#include "render/gl_readback.h"
#include "core/scenario/case_loader.h"
#include "core/sim/fixed_step_clock.h"
#include "core/sim/simulation.h"
#include "core/util/state_hash.h"

namespace angiosim {
namespace {

// How the operator's keys turn the C-arm (degrees per second of held key).
constexpr double kKeyRotation_deg_s = 30.0;

void draw_c_arm_panel(UiState& ui, const Simulation& sim, double fluoro_ms, double frame_ms, bool* show_3d, const PanelRect& place) {
  place_next_panel(place);
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
  ImGui::SliderFloat("table lateral", &ui.table_lateral_mm, -150, 150, "%.0f mm");
  ImGui::SliderFloat("table head/foot", &ui.table_longitudinal_mm, -250, 250, "%.0f mm");
  ImGui::SliderFloat("SID", &ui.sid_mm, float(sim.c_arm_spec().source_to_isocenter_mm + 100), float(Simulation::kMaxSid_mm), "%.0f mm");
  ImGui::Text("Magnification at the isocentre %.2f", ui.sid_mm / sim.c_arm_spec().source_to_isocenter_mm);
  ImGui::Checkbox("Full detector resolution", &ui.full_resolution);
  ImGui::Checkbox("3D anatomy view (F5)", show_3d);
  ImGui::Separator();
  ImGui::Text("Frame time      %6.1f ms", frame_ms);
  ImGui::Text("X-ray projection %5.1f ms", fluoro_ms);
  ImGui::Text("Simulated time  %6.1f s", sim.state().time_s);
  ImGui::End();
}

// The X-ray console: pedals, modes, pulse rate, acquisition, injection, roadmap, collimation,
// field, and the dose and contrast readouts a cath-lab console shows.
struct ConsoleUi {
  bool fluoro_button = false, acquire_button = false;  // the on-screen pedals, held with the mouse
  bool inject = false;                                 // give the injection at the next step
  double field_cm = 0;
  Injection injection;
  bool through_sheath = false;  // inject through the sheath rather than the scenario's catheter
};

void hold_button(const char* label, bool* held) {
  ImGui::Button(label, ImVec2(140, 0));
  *held = ImGui::IsItemActive();
}

// `live_view`: where the C-arm images now (a roadmap is made from a run of that view).
void draw_console_panel(ConsoleUi& ui, FluoroConsole& console, const Simulation& sim, const LoadedCase& c,
                        const ProjectionGeometry& live_view, const PanelRect& place) {
  place_next_panel(place);
  ImGui::Begin("X-ray console");
  ImGui::TextWrapped("Space: fluoroscopy pedal. Enter: acquisition pedal. I: inject. R: roadmap.");
  hold_button("Fluoro (hold)", &ui.fluoro_button);
  ImGui::SameLine();
  hold_button("Acquire (hold)", &ui.acquire_button);
  const ImagingSystemSpec& sys = c.c_arm.imaging;
  for (const char* mode : {"fluoro_low", "fluoro_normal", "fluoro_high"}) {
    const ExposureModeSpec* m = sys.find_mode(mode);
    if (!m) continue;
    if (ImGui::RadioButton(m->label.c_str(), console.fluoro_mode() == mode)) console.set_fluoro_mode(mode);
    ImGui::SameLine();
  }
  ImGui::NewLine();
  for (double pps : sys.pulse_rates) {
    char label[32];
    std::snprintf(label, sizeof label, "%g pps", pps);
    if (ImGui::RadioButton(label, console.pulse_rate() == pps)) console.set_pulse_rate(pps);
    ImGui::SameLine();
  }
  ImGui::NewLine();
  for (const char* mode : {"dsa", "cine"}) {
    const ExposureModeSpec* m = sys.find_mode(mode);
    if (!m) continue;
    if (ImGui::RadioButton(m->label.c_str(), console.acquisition_mode() == mode)) console.set_acquisition_mode(mode);
    ImGui::SameLine();
  }
  float acquisition_rate = float(console.acquisition_rate());
  ImGui::SetNextItemWidth(90);
  if (ImGui::SliderFloat("run pps", &acquisition_rate, 1, 30, "%.0f")) console.set_acquisition_rate(acquisition_rate);
  ImGui::Separator();
  float rate = float(ui.injection.rate_ml_s), volume = float(ui.injection.volume_ml);
  ImGui::SetNextItemWidth(120);
  if (ImGui::SliderFloat("mL/s", &rate, 1, 20, "%.0f")) ui.injection.rate_ml_s = rate;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(100);
  if (ImGui::SliderFloat("mL", &volume, 2, 40, "%.0f")) ui.injection.volume_ml = volume;
  if (ImGui::Button(sim.contrast().injecting() ? "Injecting..." : "Inject")) ui.inject = true;
  ImGui::SameLine();
  if (c.access && ImGui::Checkbox("through the sheath", &ui.through_sheath)) {
    ui.injection.vessel = ui.through_sheath ? c.access->vessel : c.angiogram.vessel;
    ui.injection.s_mm = ui.through_sheath ? c.access->s_mm : c.angiogram.s_mm;
  }
  ImGui::Text("at %s, %.0f mm", c.anatomy->vessel(ui.injection.vessel).name.c_str(), ui.injection.s_mm);
  bool roadmap = console.roadmap();
  if (ImGui::Checkbox("Roadmap (from the last DSA run of this view)", &roadmap)) {
    if (roadmap) console.start_roadmap_in_view(live_view);
    else console.stop_roadmap();
  }
  ImGui::Separator();
  Collimation& col = console.settings().collimation;
  float lr = float(col.left), tb = float(col.top);
  ImGui::SetNextItemWidth(120);
  if (ImGui::SliderFloat("side shutters", &lr, 0, 0.45f, "%.2f")) col.left = col.right = lr;
  ImGui::SetNextItemWidth(120);
  if (ImGui::SliderFloat("top/bottom", &tb, 0, 0.45f, "%.2f")) col.top = col.bottom = tb;
  ImGui::Checkbox("Round field", &col.round);
  float edges = float(console.settings().edge_enhancement);
  ImGui::SetNextItemWidth(120);
  if (ImGui::SliderFloat("edge enhancement", &edges, 0, 2, "%.1f")) console.settings().edge_enhancement = edges;
  if (ImGui::RadioButton("full", ui.field_cm == 0)) ui.field_cm = 0;
  for (double f : sys.detector.fields_cm) {
    ImGui::SameLine();
    char label[32];
    std::snprintf(label, sizeof label, "%g cm", f);
    if (ImGui::RadioButton(label, ui.field_cm == f)) ui.field_cm = f;
  }
  ImGui::Separator();
  const DoseMeter& dose = console.dose();
  ImGui::Text("Fluoro time  %5.0f:%02.0f", std::floor(dose.fluoro_time_s() / 60), std::fmod(dose.fluoro_time_s(), 60));
  ImGui::Text("Air kerma    %8.1f mGy   %5.1f mGy/min", dose.reference_air_kerma_mGy(), dose.air_kerma_rate_mGy_min());
  ImGui::Text("KAP          %8.2f Gy cm2", dose.kerma_area_product_Gy_cm2());
  ImGui::Text("Contrast     %8.1f mL", sim.contrast().injected_ml());
  ImGui::Text("Runs         %8zu", console.runs().size());
  ImGui::End();
}

}  // namespace

int run_window(const AppOptions& options) {
  const LoadedCase c = load_case(options.scenario_path, options.contrast_fraction);
  Simulation sim = opening_simulation(c, options);
  const CArmPose pose = sim.state().c_arm;

  AppWindow app_window(options, Arrangement::Free);
  app_window.set_controls({{"W / S", "push / pull the guidewire (Shift: fine)"},
                           {"A / D", "turn the wire's hub (Shift: fine)"},
                           {"Space (hold)", "fluoroscopy pedal"},
                           {"Enter (hold)", "acquisition pedal (a DSA or cine run)"},
                           {"I", "inject contrast"},
                           {"R", "roadmap from the last DSA run on / off"},
                           {"Arrows", "turn the C-arm (LAO/RAO, cranial/caudal)"},
                           {"Pad: left stick", "the wire: up/down push/pull, left/right turn"},
                           {"Pad: L1", "fine control"},
                           {"Pad: R2 / L2", "fluoroscopy / acquisition pedal"},
                           {"Pad: A / Y", "inject / roadmap"}});

  {
    Gamepad gamepad;
    FluoroView view(c);
    WindowGl gl(view, c);  // the 3D view (the lumen's meshes uploaded) and the monitors' textures
    UiState ui;
    aim_at_vessel_tree(ui.camera, c);
    ui.target_lao_deg = static_cast<float>(pose.lao_deg);
    ui.target_cranial_deg = static_cast<float>(pose.cranial_deg);
    ui.sid_mm = static_cast<float>(c.c_arm.source_to_image_mm);
    FixedStepClock clock(Simulation::kStep_s);
    FluoroConsole console(c.c_arm, options.seed ? *options.seed : c.scenario.seed);
    ConsoleUi console_ui;
    console_ui.injection = c.angiogram;
    console_ui.inject = options.inject;
    PulseWorker worker(console);  // the chain runs beside the interface
    unsigned long shown_pulses = 0;
    double replay_s = 0;  // the reference monitor loops the last run
    size_t replay_frame = size_t(-1), replay_run = size_t(-1);
    ImageCaliper reference_caliper;  // distances measured on the reference monitor's run
    // The view the live pulses are taken from now.
    auto live_view = [&] {
      return make_projection(c.c_arm, sim.state().c_arm, ui.full_resolution ? c.c_arm.detector_pixels : ui.pixels);
    };
    update_device_meshes(gl.anatomy_view(), sim);
    double fluoro_ms = 0, frame_ms = 0;
    RedrawPacer device_redraws;  // the 3D view follows moving devices at most 30 times a second
    auto last = std::chrono::steady_clock::now();

    bool running = true;
    while (running) {
      if (gl.recover_if_lost(app_window, sim)) {  // the monitors filled again below
        shown_pulses = ~0UL;  // (the worker's count is read under its lock, below)
        replay_frame = size_t(-1);
      }
      // 1. Events: ImGui first; the app takes keys ImGui does not want.
      SDL_Event event;
      while (SDL_PollEvent(&event)) {
        ImGui_ImplSDL2_ProcessEvent(&event);
        if (app_window.handle_event(event) || gamepad.handle_event(event)) continue;
        if (event.type == SDL_QUIT) running = false;
        if (event.type == SDL_KEYDOWN && event.key.keysym.sym == SDLK_ESCAPE) running = false;
        if (event.type == SDL_KEYDOWN && !event.key.repeat && !ImGui::GetIO().WantCaptureKeyboard) {
          if (event.key.keysym.sym == SDLK_i) console_ui.inject = true;
          if (event.key.keysym.sym == SDLK_r) {
            const auto guard = worker.lock();
            if (console.roadmap()) console.stop_roadmap();
            else console.start_roadmap_in_view(live_view());
          }
        }
      }
      const auto now = std::chrono::steady_clock::now();
      const double frame_s = std::chrono::duration<double>(now - last).count();
      last = now;
      frame_ms = 1000.0 * frame_s;
      const Uint8* keys = app_window.keys();
      const bool keyboard = !ImGui::GetIO().WantCaptureKeyboard;
      if (keyboard) {
        const float turn = static_cast<float>(kKeyRotation_deg_s * std::min(frame_s, 0.1));
        if (keys[SDL_SCANCODE_LEFT]) ui.target_lao_deg -= turn;
        if (keys[SDL_SCANCODE_RIGHT]) ui.target_lao_deg += turn;
        if (keys[SDL_SCANCODE_UP]) ui.target_cranial_deg += turn;
        if (keys[SDL_SCANCODE_DOWN]) ui.target_cranial_deg -= turn;
      }
      // The pad's hands add to the keyboard's.
      const GamepadHands pad = gamepad.read();
      if (pad.inject) console_ui.inject = true;
      if (pad.roadmap) {
        const auto guard = worker.lock();
        if (console.roadmap()) console.stop_roadmap();
        else console.start_roadmap_in_view(live_view());
      }
      const bool scripted_acquisition = sim.state().time_s < options.acquire_s;
      const Pedals pedals{options.hold_fluoro || console_ui.fluoro_button || pad.pedals.fluoro || (keyboard && keys[SDL_SCANCODE_SPACE]),
                          scripted_acquisition || console_ui.acquire_button || pad.pedals.acquire ||
                              (keyboard && keys[SDL_SCANCODE_RETURN])};

      // 2. Simulation and X-ray pulses: as many fixed steps as wall time requires; each pulse the
      // console asks for is projected and put through the imaging chain.
      OperatorCommands commands;
      if (keyboard) commands.wire = wire_hands_from_keys(keys);
      commands.wire.advance_mm_s += pad.wire.advance_mm_s;
      commands.wire.rotate_deg_s += pad.wire.rotate_deg_s;
      commands.c_arm_lao_deg = ui.target_lao_deg;
      commands.c_arm_cranial_deg = ui.target_cranial_deg;
      commands.field_cm = console_ui.field_cm;
      commands.sid_mm = ui.sid_mm;
      commands.isocenter_mm = pose.isocenter_mm + glm::dvec3(ui.table_lateral_mm, 0, ui.table_longitudinal_mm);
      const int pixels = ui.full_resolution ? c.c_arm.detector_pixels : ui.pixels;
      const int steps = clock.advance(frame_s);
      for (int k = 0; k < steps; ++k) {
        OperatorCommands step_commands = commands;
        if (console_ui.inject && k == 0) {
          step_commands.inject = console_ui.injection;
          console_ui.inject = false;
        }
        sim.step(step_commands);
        FluoroConsole::PulseJob job;
        {
          const auto guard = worker.lock();
          if (console.advance(Simulation::kStep_s, pedals)) job = console.begin_pulse();
        }
        if (job.valid) {  // project here (GL), develop on the worker
          const auto t0 = std::chrono::steady_clock::now();
          worker.submit(job, view.project_live(sim, pixels), make_projection(c.c_arm, sim.state().c_arm, pixels));
          fluoro_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        }
      }
      if (options.frames && app_window.frames() + 1 >= *options.frames) worker.drain();  // the last frame shows every pulse
      const auto console_guard = worker.lock();
      if (worker.filed() != shown_pulses && worker.filed() > 0) {
        gl.live_texture().upload(console.monitor_width(), console.monitor_height(), console.live_monitor());
        shown_pulses = worker.filed();
      }
      if (steps > 0) device_redraws.changed();
      if (device_redraws.due(now)) update_device_meshes(gl.anatomy_view(), sim);
      // The reference monitor loops the last run at its own rate.
      if (!console.runs().empty() && !console.acquiring()) {
        const AcquisitionRun& run = console.runs().back();
        if (!run.frames.empty()) {
          replay_s += frame_s;
          const size_t frame = size_t(replay_s * run.pulse_rate) % run.frames.size();
          if (frame != replay_frame || console.runs().size() - 1 != replay_run) {
            gl.reference_texture().upload(run.width, run.height, run.frames[frame]);
            if (console.runs().size() - 1 != replay_run)
              reference_caliper.calibrate(run.geometry, c.c_arm.source_to_isocenter_mm);
            replay_frame = frame;
            replay_run = console.runs().size() - 1;
          }
        }
      }

      // 3. UI.
      app_window.begin_frame();
      const std::vector<SceneLabel> labels =
          app_window.annotations() != Annotations::Off ? scene_labels(sim) : std::vector<SceneLabel>{};
      const PanelLayout layout = cath_lab_layout(app_window.ui_scale(), Arrangement::Free, *app_window.show_3d_view());
      if (!app_window.clean_view()) {
        draw_console_panel(console_ui, console, sim, c, live_view(), layout.procedure);
        draw_c_arm_panel(ui, sim, fluoro_ms, frame_ms, app_window.show_3d_view(), layout.device_table);
        draw_anatomy_panel(ui, gl.anatomy_view(), app_window.show_3d_view(), app_window.annotations() != Annotations::Off ? &labels : nullptr,
                           layout.view3d);
        draw_wire_panel(sim, *c.anatomy, layout.guidewire);
      }
      {
        const CArmPose& p = sim.state().c_arm;
        const char* state = console.acquiring() ? "ACQUISITION" : console.beam_on() ? "FLUORO" : gl.live_texture().empty() ? "" : "LAST IMAGE HOLD";
        char mode[96];
        if (console.acquiring())
          std::snprintf(mode, sizeof mode, "%s  %g fps", console.acquisition_mode().c_str(), console.acquisition_rate());
        else
          std::snprintf(mode, sizeof mode, "%s  %g pps  %s", console.fluoro_mode().c_str(), console.pulse_rate(),
                        roadmap_label(console));
        char dose[96];
        std::snprintf(dose, sizeof dose, "%.1f mGy  %.2f Gy cm2  %.1f mGy/min", console.dose().reference_air_kerma_mGy(),
                      console.dose().kerma_area_product_Gy_cm2(), console.dose().air_kerma_rate_mGy_min());
        const bool clean = app_window.clean_view();
        const PanelLayout monitors = clean ? clean_view_layout() : layout;
        draw_monitor(live_monitor_name(clean), gl.live_texture(), monitors.live,
                     {angle_label(p.lao_deg, p.cranial_deg), state, mode, dose}, c.scenario.title, std::nullopt,
                     app_window.annotations() == Annotations::View3dAndFluoro ? fluoro_labels(labels, sim) : std::vector<ImageLabel>{});
        char run_label[64] = "";
        if (!console.runs().empty())
          std::snprintf(run_label, sizeof run_label, "Run %zu  %s  frame %zu", console.runs().size(),
                        console.runs().back().mode.c_str(), replay_frame + 1);
        if (monitors.reference.size.x > 0)
          draw_monitor(reference_monitor_name(clean), gl.reference_texture(), monitors.reference, {run_label},
                       gl.reference_texture().empty() ? "" : kCaliperHint, std::nullopt, {}, &reference_caliper);
      }
      running = app_window.end_frame(options) && running;  // the console is read while drawing; its lock ends here
    }
  }

  return 0;
}

}  // namespace angiosim
