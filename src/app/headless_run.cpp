#include "app/headless_run.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/fluoro_view.h"
#include "core/imaging/fluoro_console.h"
#include "core/imaging/png_writer.h"
#include "render/anatomy_view.h"
#include "core/scenario/case_loader.h"
#include "core/scenario/session_report.h"
#include "core/sim/simulation.h"
#include "core/util/atomic_file.h"
#include "platform/gl_context.h"

namespace angiosim {
namespace {

}  // namespace

int run_headless(const AppOptions& options) {
  const LoadedCase c = load_case(options.scenario_path, options.contrast_fraction);
  // The opening second of the case in fixed steps (the C-arm settles at the opening view).
  Simulation sim = opening_simulation(c, options);
  const CArmPose& pose = sim.state().c_arm;
  const uint64_t seed = options.seed ? *options.seed : c.scenario.seed;
  const int steps = static_cast<int>(1.0 / Simulation::kStep_s);
  for (int k = 0; k < steps; ++k) sim.step({});
  // Then the hands, if asked: turn the hub, and push the wire in at 30 mm/s.
  if (sim.guidewire()) {
    constexpr double kPush_mm_s = 30, kTurn_deg_s = 90;
    OperatorCommands hands;
    hands.wire.rotate_deg_s = options.wire_rotate_deg >= 0 ? kTurn_deg_s : -kTurn_deg_s;
    for (int k = 0; k < int(std::abs(options.wire_rotate_deg) / kTurn_deg_s / Simulation::kStep_s); ++k) sim.step(hands);
    hands.wire = {kPush_mm_s, 0};
    for (int k = 0; k < int(options.wire_advance_mm / kPush_mm_s / Simulation::kStep_s); ++k) sim.step(hands);
  }

  ensure_directory(options.out_dir);
  HeadlessGlContext gl;
  FluoroView view(c);
  const int pixels = options.pixels ? *options.pixels : c.c_arm.detector_pixels;
  const auto t0 = std::chrono::steady_clock::now();
  const FluoroFrame frame = view.render(sim, pixels);
  const double render_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  const std::string png = options.out_dir + "/fluoro.png";
  write_png(png, pixels, pixels, 1, frame.gray);

  nlohmann::json report;
  report["scenario"] = {{"file", c.scenario.source_file}, {"title", c.scenario.title}};
  report["anatomy"] = {{"file", c.anatomy->spec().source_file}, {"name", c.anatomy->spec().name},
                       {"vessels", c.anatomy->vessel_count()},
                       {"background_shapes", c.anatomy->spec().background.size()},
                       {"lumen_segments", sim.lumen().segment_count()}};
  report["lesions"] = lesion_report(*c.anatomy, sim.occlusions());
  report["simulation"] = {{"seed", seed}, {"steps", sim.state().step_count},
                          {"time_s", sim.state().time_s},
                          {"state_hash", std::to_string(sim.state_hash())}};
  if (const Guidewire* wire = sim.guidewire()) {
    const CenterlineLocation tip = sim.lumen().nearest_centerline(wire->tip_mm());
    report["guidewire"] = {{"id", wire->spec().id}, {"inserted_length_mm", wire->inserted_length_mm()},
                           {"hub_angle_deg", wire->hub_angle_deg()}, {"nodes", wire->rod().node_count()},
                           {"tip_vessel", c.anatomy->vessel(tip.vessel).name}, {"tip_arclength_mm", tip.s_mm},
                           {"wall_contacts", wire->last_solve().contacts.size()},
                           {"tip_wall_force_N", wire->tip_wall_force_N()},
                           {"hand_force_N", wire->hand_force_N()},
                           {"hub_torque_N_mm", wire->hub_torque_N_mm()},
                           {"wall_injury_risks", wire->healthy_wall_risks()}};
    nlohmann::json pushes = nlohmann::json::array();
    for (const WallInjuryRisk& r : wire->injury_risks())
      pushes.push_back({{"time_s", r.time_s}, {"vessel", c.anatomy->vessel(r.vessel).name}, {"arclength_mm", r.s_mm},
                        {"lesion", r.lesion >= 0 ? nlohmann::json(c.anatomy->spec().lesions[size_t(r.lesion)].name) : nlohmann::json()},
                        {"force_N", r.force_N}});
    report["guidewire"]["hard_pushes"] = pushes;
  }
  report["c_arm"] = {{"lao_deg", pose.lao_deg}, {"cranial_deg", pose.cranial_deg},
                     {"isocenter_mm", {pose.isocenter_mm.x, pose.isocenter_mm.y, pose.isocenter_mm.z}},
                     {"source_to_image_mm", c.c_arm.source_to_image_mm},
                     {"source_to_isocenter_mm", c.c_arm.source_to_isocenter_mm},
                     {"magnification_at_isocenter", c.c_arm.source_to_image_mm / c.c_arm.source_to_isocenter_mm},
                     {"kvp", c.c_arm.imaging.tube.kvp}};
  report["image"] = {{"file", "fluoro.png"}, {"pixels", pixels},
                     {"pixel_pitch_mm", c.c_arm.detector_size_mm / pixels},
                     {"primitives", c.xray_scene.primitives.size()},
                     {"window_log_signal", {frame.window.low, frame.window.high}},
                     {"render_ms", render_ms}, {"renderer", gl.renderer_name()}};
  // The 3D lumen view, seen from the front-left, for the report and the debrief.
  {
    render::AnatomyView anatomy_view;
    render::OrbitCamera camera;
    prepare_anatomy_view(anatomy_view, camera, c);
    update_device_meshes(anatomy_view, sim);
    camera.yaw_deg = 25;
    anatomy_view.render(camera, 512, 512);
    write_png(options.out_dir + "/anatomy3d.png", 512, 512, 3, anatomy_view.read_rgb());
    report["image"]["anatomy_3d_file"] = "anatomy3d.png";
  }
  // The imaging sequence of a diagnostic angiogram, on the console as in the cath lab: a second
  // of fluoroscopy on the pedal, a DSA run with the scenario's injection a second into it, then
  // a roadmap from that run's most opacified frame under fluoroscopy.
  {
    FluoroConsole console(c.c_arm, seed);
    const auto chain_t0 = std::chrono::steady_clock::now();
    int pulses = 0;
    double fluoro_rate_mGy_min = 0;  // the live rate shown during the first fluoroscopy
    auto run_for = [&](double seconds, Pedals pedals, std::optional<Injection> inject_at_1s = {}) {
      const int steps = int(std::lround(seconds / Simulation::kStep_s));
      for (int k = 0; k < steps; ++k) {
        OperatorCommands commands;
        if (inject_at_1s && k == int(std::lround(1.0 / Simulation::kStep_s))) commands.inject = inject_at_1s;
        sim.step(commands);
        if (console.advance(Simulation::kStep_s, pedals)) {
          console.expose(view.project_live(sim, pixels), make_projection(c.c_arm, sim.state().c_arm, pixels));
          ++pulses;
        }
      }
      if (fluoro_rate_mGy_min == 0 && pedals.fluoro) fluoro_rate_mGy_min = console.dose().air_kerma_rate_mGy_min();
      console.advance(0, {});  // pedals up
    };
    run_for(1.0, {true, false});
    write_png(options.out_dir + "/fluoro_live.png", pixels, pixels, 1, console.live_monitor());
    run_for(6.0, {false, true}, c.angiogram);
    const AcquisitionRun& dsa = console.runs().back();
    const int peak = FluoroConsole::most_opacified_frame(dsa);
    nlohmann::json frames = nlohmann::json::array();
    for (size_t k = 0; k < dsa.frames.size(); ++k) {
      char name[32];
      std::snprintf(name, sizeof name, "dsa_%02zu.png", k);
      write_png(options.out_dir + "/" + name, pixels, pixels, 1, dsa.frames[k]);
      frames.push_back(name);
    }
    console.start_roadmap();
    run_for(1.0, {true, false});
    write_png(options.out_dir + "/roadmap.png", pixels, pixels, 1, console.live_monitor());
    const double chain_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - chain_t0).count();
    const DoseMeter& dose = console.dose();
    report["image"]["live_file"] = "fluoro_live.png";
    report["image"]["roadmap_file"] = "roadmap.png";
    report["dsa"] = {{"frames", frames}, {"pulse_rate", dsa.pulse_rate}, {"most_opacified_frame", peak},
                     {"injection", {{"vessel", c.anatomy->vessel(c.angiogram.vessel).name}, {"position_mm", c.angiogram.s_mm},
                                    {"rate_ml_s", c.angiogram.rate_ml_s}, {"volume_ml", c.angiogram.volume_ml}}}};
    report["contrast"] = {{"used_ml", sim.contrast().injected_ml()}, {"inside_ml", sim.contrast().inside_ml()},
                          {"washed_out_ml", sim.contrast().washed_out_ml()}};
    report["dose"] = {{"pulses", dose.pulses()}, {"fluoro_time_s", dose.fluoro_time_s()},
                      {"reference_air_kerma_mGy", dose.reference_air_kerma_mGy()},
                      {"kerma_area_product_Gy_cm2", dose.kerma_area_product_Gy_cm2()},
                      {"fluoro_rate_mGy_min", fluoro_rate_mGy_min},
                      {"kvp", c.c_arm.imaging.tube.kvp}};
    report["image"]["imaging_ms_per_pulse"] = chain_ms / std::max(1, pulses);
  }
  if (options.cpu_reference) {
    const auto cpu = view.render_cpu(sim, pixels, frame.window);
    write_png(options.out_dir + "/fluoro_cpu.png", pixels, pixels, 1, cpu);
    report["image"]["cpu_reference_file"] = "fluoro_cpu.png";
  }
  write_file_atomically(options.out_dir + "/report.json", report.dump(2) + "\n");
  std::printf("angiosim: wrote %s, the angiogram (fluoro_live.png, dsa_*.png, roadmap.png) and %s/report.json "
              "(%d x %d, %.0f ms on %s)\n",
              png.c_str(), options.out_dir.c_str(), pixels, pixels, render_ms, gl.renderer_name().c_str());
  return 0;
}

}  // namespace angiosim
