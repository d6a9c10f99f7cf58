#include "app/procedure_window.h"

#include <SDL.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <cmath>
#include <stdexcept>

#include "app/fluoro_view.h"
#include "app/redraw_pacer.h"
#include "app/window_gl.h"
#include "app/procedure_run.h"
#include "app/replay_timeline.h"
#include "app/app_window.h"
#include "app/gamepad.h"
#include "app/window_panels.h"
#include "core/imaging/png_writer.h"
#include "core/scenario/procedure_session.h"
#include "core/scenario/scene_labels.h"
#include "core/scenario/session_report.h"
#include "core/sim/fixed_step_clock.h"
#include "core/util/atomic_file.h"

namespace angiosim {
namespace {

// Where the needle is aimed: s mm along the access artery from its origin (the inguinal
// ligament for the common femoral); below 0 up in its parent, beyond its end down its first child.
glm::dvec3 needle_point(const VesselTree& tree, int v, double s_mm) {
  if (s_mm < 0 && tree.parent(v) >= 0) {
    const int up = tree.parent(v);
    return tree.centerline_point(up, std::max(0.0, tree.length_mm(up) + s_mm));
  }
  if (s_mm > tree.length_mm(v) && !tree.end_children(v).empty()) {
    const int down = tree.end_children(v).front();
    return tree.centerline_point(down, std::min(tree.length_mm(down), s_mm - tree.length_mm(v)));
  }
  return tree.centerline_point(v, std::clamp(s_mm, 0.0, tree.length_mm(v)));
}

const ImVec4 kMet(0.45f, 0.95f, 0.55f, 1), kOpen(0.85f, 0.85f, 0.85f, 1), kBad(1, 0.5f, 0.3f, 1);

// Coloured text that wraps at the panel's edge (a narrow panel, a large UI scale): an objective or
// an error cut off mid-sentence tells a newcomer nothing.
template <typename... Args>
void wrapped(const ImVec4& colour, const char* format, Args... args) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextWrapped(format, args...);
  ImGui::PopStyleColor();
}

struct DemoControls {
  bool paused = false;
  float speed = 1;
  double single_step_s = 0;  // paused: simulated time still to run for a single step
  std::optional<int> jump;
  bool back = false;
  double achieved_speed = 1;  // what the machine kept up with (shown when below `speed`)
  std::optional<SessionMode> take_over;  // a replay taken over from where it stands
};

// Of each frame's wall time, what the simulation and its X-ray pulses may take beyond real time
// (a Demo faster than 1x): a frame also has to draw the window (~10 ms on software GL), and a
// pulse's projection alone takes about as long.
constexpr double kFastForwardBudget_s = 0.006;

void draw_step_panel(const ProcedureSession& s, DemoControls& demo, SessionInput& input, bool* switch_mode, const PanelRect& place,
                     ReplayTimeline* replay) {
  const StepController& ctl = s.controller();
  const ProcedureSpec& spec = ctl.spec();
  place_next_panel(place);
  ImGui::Begin("Procedure");
  ImGui::TextWrapped("%s", s.loaded_case().scenario.title.c_str());
  const SessionMode mode = s.options().mode;
  ImGui::TextColored(kOpen, "%s mode", mode == SessionMode::Demo ? "Demo" : mode == SessionMode::Replay ? "Replay" : "Practice");
  if (mode != SessionMode::Replay) {
    ImGui::SameLine();
    if (ImGui::SmallButton(mode == SessionMode::Demo ? "Take over (Practice)" : "Demo")) *switch_mode = true;
  }
  if (replay) {
    replay->draw(s.ticks(), spec);
    if (!replay->seek_to) {
      ImGui::TextUnformatted("Take over from here:");
      ImGui::SameLine();
      if (ImGui::SmallButton("Practice")) demo.take_over = SessionMode::Practice;
      ImGui::SameLine();
      if (ImGui::SmallButton("Demo##take")) demo.take_over = SessionMode::Demo;
    }
  }
  ImGui::Separator();
  // The step list: done, active, to come; the instructor jumps from here.
  for (size_t k = 0; k < spec.steps.size(); ++k) {
    const bool active = int(k) == ctl.active_step();
    const bool done = ctl.completed_steps()[k];
    ImGui::PushID(int(k));
    if (ImGui::SmallButton("go")) demo.jump = int(k);
    ImGui::SameLine();
    ImGui::TextColored(done ? kMet : active ? ImVec4(1, 0.85f, 0.4f, 1) : kOpen, "%s %zu. %s", done ? "[x]" : active ? "[>]" : "[ ]",
                       k + 1, spec.steps[k].title.c_str());
    ImGui::PopID();
  }
  if (ImGui::Button("Back one step")) demo.back = true;
  ImGui::Separator();
  if (const StepSpec* step = ctl.current()) {
    ImGui::Text("%s", step->title.c_str());
    ImGui::TextWrapped("%s", step->teaching.c_str());
    for (size_t o = 0; o < step->objectives.size(); ++o) {
      const auto& st = ctl.objectives()[o];
      wrapped(st.met ? kMet : kOpen, "%s %s", st.met ? "[x]" : "[ ]", step->objectives[o].text.c_str());
    }
    for (int h : ctl.shown_hints()) ImGui::TextWrapped("Hint: %s", step->hints[size_t(h)].text.c_str());
    if (ctl.shown_hints().size() < step->hints.size() && ImGui::Button("Hint")) input.hint = true;
    if (ctl.awaiting_decision()) {
      wrapped(ImVec4(1, 0.85f, 0.4f, 1), "%s", step->decision->question.c_str());
      for (size_t k = 0; k < step->decision->options.size(); ++k)
        if (ImGui::Button(step->decision->options[k].label.c_str())) input.decide = int(k);
    }
    const StepMetrics& m = ctl.metrics()[size_t(ctl.active_step())];
    ImGui::Text("Step: %.0f s, fluoro %.0f s, %.1f mGy, %.0f mL", m.time_s, m.fluoro_time_s, m.air_kerma_mGy, m.contrast_ml);
  } else {
    ImGui::TextColored(kMet, "Procedure complete");
  }
  const StepMetrics t = ctl.total();
  ImGui::Text("Total: %.0f s, fluoro %.0f s, %.1f mGy, %.2f Gy cm2", t.time_s, t.fluoro_time_s, t.air_kerma_mGy, t.kerma_area_product_Gy_cm2);
  ImGui::Text("Contrast %.0f mL, %d runs", t.contrast_ml, t.runs);
  if (t.errors + t.complications > 0) ImGui::TextColored(kBad, "Errors %d, complications %d", t.errors, t.complications);
  ImGui::Text("Score if it ended now: %.0f / 100", s.controller().score().points);
  // The latest errors and complications, in words.
  int shown = 0;
  for (auto e = ctl.events().rbegin(); e != ctl.events().rend() && shown < 3; ++e)
    if (e->kind == "error" || e->kind == "complication") {
      wrapped(kBad, "%.0f s: %s", e->time_s, e->text.c_str());
      ++shown;
    }
  if (s.options().mode == SessionMode::Demo) {
    ImGui::Separator();
    ImGui::TextWrapped("Autopilot: %s", s.autopilot().doing().c_str());
    if (ImGui::Button(demo.paused ? "Play" : "Pause")) demo.paused = !demo.paused;
    ImGui::SameLine();
    if (ImGui::Button("Step 0.5 s")) {
      demo.paused = true;
      demo.single_step_s += 0.5;
    }
    ImGui::SliderFloat("speed", &demo.speed, 0.25f, 16.f, "%.2fx", ImGuiSliderFlags_Logarithmic);
    if (!demo.paused && !s.finished() && demo.achieved_speed < 0.9 * demo.speed)
      ImGui::TextColored(kOpen, "running at %.1fx: as fast as this machine simulates and images", demo.achieved_speed);
  }
  // In a replay the step buttons seek to where each step began (a jump would change the record).
  if (replay && demo.jump) {
    if (const auto tick = replay->step_tick(*demo.jump)) replay->seek_to = *tick;
    demo.jump.reset();
  }
  if (replay && demo.back) {
    if (const auto tick = replay->step_tick(std::max(0, ctl.active_step() - 1))) replay->seek_to = *tick;
    demo.back = false;
  }
  ImGui::End();
}

// Practice: the X-ray console and the C-arm, as input to the session (so they are recorded).
struct PracticeUi {
  bool fluoro_button = false, acquire_button = false;
  float lao_deg = 0, cranial_deg = 0, table_lateral_mm = 0, table_longitudinal_mm = 0, sid_mm = 1000;
  Injection injection;
  bool through_sheath = false;
  Collimation collimation;
  float edge_enhancement = 0.6f;
};

void draw_practice_console(const ProcedureSession& s, PracticeUi& ui, SessionInput& input, const PanelRect& place) {
  const FluoroConsole& console = s.console();
  const LoadedCase& c = s.loaded_case();
  const ImagingSystemSpec& sys = c.c_arm.imaging;
  // The controls show the machine as it is: the autopilot, a step's view and Back move it too.
  // (Not while a control is held: a slider being dragged shows where the hand puts it.)
  const SimState& machine = s.sim().state();
  if (!ImGui::IsAnyItemActive()) {
    ui.lao_deg = float(machine.target_lao_deg);
    ui.cranial_deg = float(machine.target_cranial_deg);
    ui.sid_mm = float(machine.c_arm.sid_mm > 0 ? machine.c_arm.sid_mm : c.c_arm.source_to_image_mm);
    const glm::dvec3 pan = machine.c_arm.isocenter_mm - c.scenario.initial_view.isocenter_mm;
    ui.table_lateral_mm = float(pan.x);
    ui.table_longitudinal_mm = float(pan.z);
  }
  place_next_panel(place);
  ImGui::Begin("X-ray console and C-arm");
  ImGui::Button("Fluoro (hold)", ImVec2(140, 0));
  ui.fluoro_button = ImGui::IsItemActive();
  ImGui::SameLine();
  ImGui::Button("Acquire (hold)", ImVec2(140, 0));
  ui.acquire_button = ImGui::IsItemActive();
  for (const char* mode : {"fluoro_low", "fluoro_normal", "fluoro_high"})
    if (const ExposureModeSpec* m = sys.find_mode(mode)) {
      if (ImGui::RadioButton(m->label.c_str(), console.fluoro_mode() == mode)) input.fluoro_mode = mode;
      ImGui::SameLine();
    }
  ImGui::NewLine();
  for (double pps : sys.pulse_rates) {
    char label[32];
    std::snprintf(label, sizeof label, "%g pps", pps);
    if (ImGui::RadioButton(label, console.pulse_rate() == pps)) input.fluoro_pps = pps;
    ImGui::SameLine();
  }
  ImGui::NewLine();
  for (const char* mode : {"dsa", "cine"})
    if (const ExposureModeSpec* m = sys.find_mode(mode)) {
      if (ImGui::RadioButton(m->label.c_str(), console.acquisition_mode() == mode)) input.acquisition_mode = mode;
      ImGui::SameLine();
    }
  float run_pps = float(console.acquisition_rate());
  ImGui::SetNextItemWidth(90);
  if (ImGui::SliderFloat("run fps", &run_pps, 1, 30, "%.0f")) input.acquisition_pps = run_pps;
  float rate = float(ui.injection.rate_ml_s), volume = float(ui.injection.volume_ml);
  ImGui::SetNextItemWidth(110);
  if (ImGui::SliderFloat("mL/s", &rate, 1, 20, "%.0f")) ui.injection.rate_ml_s = rate;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(100);
  if (ImGui::SliderFloat("mL", &volume, 2, 40, "%.0f")) ui.injection.volume_ml = volume;
  if (ImGui::Button("Inject (I)")) input.sim.inject = ui.injection;
  ImGui::SameLine();
  if (s.sim().sheath() && ImGui::Checkbox("through the sheath", &ui.through_sheath)) {
    ui.injection.vessel = ui.through_sheath ? s.sim().sheath()->vessel : c.angiogram.vessel;
    ui.injection.s_mm = ui.through_sheath ? s.sim().sheath()->s_mm : c.angiogram.s_mm;
  }
  bool roadmap = console.roadmap();
  if (ImGui::Checkbox("Roadmap (R)", &roadmap)) (roadmap ? input.start_roadmap : input.stop_roadmap) = true;
  bool shutters = false;
  float lr = float(ui.collimation.left), tb = float(ui.collimation.top);
  ImGui::SetNextItemWidth(110);
  if (ImGui::SliderFloat("side shutters", &lr, 0, 0.45f, "%.2f")) shutters = true;
  ImGui::SetNextItemWidth(110);
  if (ImGui::SliderFloat("top/bottom", &tb, 0, 0.45f, "%.2f")) shutters = true;
  if (shutters) {
    ui.collimation.left = ui.collimation.right = lr;
    ui.collimation.top = ui.collimation.bottom = tb;
    input.collimation = ui.collimation;
  }
  ImGui::SetNextItemWidth(110);
  if (ImGui::SliderFloat("edge enhancement", &ui.edge_enhancement, 0, 2, "%.1f")) input.edge_enhancement = ui.edge_enhancement;
  if (ImGui::RadioButton("full", machine.c_arm.field_cm == 0)) input.sim.field_cm = 0.0;
  for (double f : sys.detector.fields_cm) {
    ImGui::SameLine();
    char label[32];
    std::snprintf(label, sizeof label, "%g cm", f);
    if (ImGui::RadioButton(label, machine.c_arm.field_cm == f)) input.sim.field_cm = f;
  }
  ImGui::Separator();
  bool turn = ImGui::SliderFloat("LAO(+)/RAO(-)", &ui.lao_deg, -Simulation::kMaxLao_deg, Simulation::kMaxLao_deg, "%.0f°");
  turn |= ImGui::SliderFloat("CRA(+)/CAU(-)", &ui.cranial_deg, -Simulation::kMaxCranial_deg, Simulation::kMaxCranial_deg, "%.0f°");
  auto preset = [&](const char* name, float lao, float cranial) {
    if (ImGui::Button(name)) {
      ui.lao_deg = lao;
      ui.cranial_deg = cranial;
      turn = true;
    }
  };
  preset("AP", 0, 0);
  ImGui::SameLine();
  preset("LAO 30", 30, 0);
  ImGui::SameLine();
  preset("RAO 30", -30, 0);
  ImGui::SameLine();
  preset("CAU 20", 0, -20);
  if (turn) {
    input.sim.c_arm_lao_deg = ui.lao_deg;
    input.sim.c_arm_cranial_deg = ui.cranial_deg;
  }
  bool pan = ImGui::SliderFloat("table lateral", &ui.table_lateral_mm, -150, 150, "%.0f mm");
  pan |= ImGui::SliderFloat("table head/foot", &ui.table_longitudinal_mm, -250, 250, "%.0f mm");
  if (pan) input.sim.isocenter_mm = c.scenario.initial_view.isocenter_mm + glm::dvec3(ui.table_lateral_mm, 0, ui.table_longitudinal_mm);
  if (ImGui::SliderFloat("SID", &ui.sid_mm, float(c.c_arm.source_to_isocenter_mm + 100), float(Simulation::kMaxSid_mm), "%.0f mm"))
    input.sim.sid_mm = ui.sid_mm;
  ImGui::End();
}

// The debrief at the end: the report's score, totals, steps, result and errors, where the report
// is, and exports of the live image and of the last run (a PNG per frame).
void draw_debrief(const nlohmann::json& r, const ProcedureSession& s, const std::string& out_dir, std::string* status) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(620, 520), ImGuiCond_FirstUseEver);
  ImGui::Begin("Debrief");
  ImGui::TextColored(r["completed"].get<bool>() ? kMet : kBad, "%s: %s", r["scenario"]["title"].get<std::string>().c_str(),
                     r["completed"].get<bool>() ? "completed" : "not completed");
  ImGui::Text("Score %.0f / 100", r["score"]["points"].get<double>());
  for (const auto& d : r["score"]["deductions"]) ImGui::BulletText("%s", d.get<std::string>().c_str());
  const auto& t = r["total"];
  ImGui::Text("Time %.0f s, fluoro %.0f s, %.1f mGy, %.2f Gy cm2, contrast %.0f mL, %d runs", t["time_s"].get<double>(),
              t["fluoro_time_s"].get<double>(), t["air_kerma_mGy"].get<double>(), t["kerma_area_product_Gy_cm2"].get<double>(),
              t["contrast_ml"].get<double>(), t["runs"].get<int>());
  if (ImGui::BeginTable("steps", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
    ImGui::TableSetupColumn("Step", ImGuiTableColumnFlags_WidthStretch, 4.0f);
    for (const char* h : {"Done", "Time (s)", "Fluoro (s)", "Errors"}) ImGui::TableSetupColumn(h, ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    for (const auto& st : r["steps"]) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(st["title"].get<std::string>().c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::TextColored(st["completed"].get<bool>() ? kMet : kBad, "%s", st["completed"].get<bool>() ? "yes" : "no");
      ImGui::TableSetColumnIndex(2);
      ImGui::Text("%.0f", st["metrics"]["time_s"].get<double>());
      ImGui::TableSetColumnIndex(3);
      ImGui::Text("%.1f", st["metrics"]["fluoro_time_s"].get<double>());
      ImGui::TableSetColumnIndex(4);
      ImGui::Text("%d", st["metrics"]["errors"].get<int>());
    }
    ImGui::EndTable();
  }
  for (const auto& l : r["lesions"]) {
    ImGui::Text("%s: diameter stenosis %.0f %% (MLD %.1f mm)", l["name"].get<std::string>().c_str(),
                l["diameter_stenosis_percent"].get<double>(), l["minimal_lumen_diameter_mm"].get<double>());
    if (l.contains("stent"))
      ImGui::Text("  stent margins %.1f mm proximal, %.1f mm distal; landing error %.1f mm; %.1f mm over the reference",
                  l["stent"]["proximal_margin_mm"].get<double>(), l["stent"]["distal_margin_mm"].get<double>(),
                  l["stent"]["landing_error_mm"].get<double>(), l["stent"]["oversize_mm"].get<double>());
  }
  for (const auto& e : r["events"])
    if (e["kind"] == "error" || e["kind"] == "complication")
      wrapped(kBad, "%.0f s  %s", e["time_s"].get<double>(), e["text"].get<std::string>().c_str());
  ImGui::Separator();
  ImGui::TextWrapped("The full report with the key images: %s/report.html; the recording: session.jsonl (angiosim --replay).", out_dir.c_str());
  const FluoroConsole& console = s.console();
  if (!console.live_monitor().empty() && ImGui::Button("Export the live image (PNG)")) {
    const std::string path = out_dir + "/live_image.png";
    write_png(path, console.monitor_width(), console.monitor_height(), 1, console.live_monitor());
    *status = "wrote " + path;
  }
  if (!console.runs().empty()) {
    ImGui::SameLine();
    if (ImGui::Button("Export the last run (a PNG per frame)")) {
      const AcquisitionRun& run = console.runs().back();
      const std::string stem = out_dir + "/run_" + std::to_string(console.runs().size()) + "_frame_";
      for (size_t f = 0; f < run.frames.size(); ++f) {
        char n[32];
        std::snprintf(n, sizeof n, "%03zu.png", f + 1);
        write_png(stem + n, run.width, run.height, 1, run.frames[f]);
      }
      // The report written at the end already holds every run animated (run_NN_cine.png).
      char cine[40];
      std::snprintf(cine, sizeof cine, "run_%02zu_cine.png", console.runs().size());
      *status = "wrote " + std::to_string(run.frames.size()) + " frames to " + stem + "NNN.png; the run animated is " + out_dir + "/" + cine;
    }
  }
  if (!status->empty()) ImGui::TextUnformatted(status->c_str());
  ImGui::End();
}

// Practice: the trainee's access, devices and closure.
// One size of a catheter on the shelf (a balloon or a stent), as the device table offers it.
struct ShelfItem {
  std::string id, family, family_name;
  double diameter_mm = 0, length_mm = 0;
};

std::vector<ShelfItem> balloon_shelf(const LoadedCase& c) {
  std::vector<ShelfItem> out;
  for (const std::string& id : c.procedure.inventory.balloons)
    if (const BalloonSpec* b = c.devices.find_balloon(id)) out.push_back({id, b->family, b->name, b->nominal_diameter_mm, b->working_length_mm});
  return out;
}

std::vector<ShelfItem> stent_shelf(const LoadedCase& c) {
  std::vector<ShelfItem> out;
  for (const std::string& id : c.procedure.inventory.stents)
    if (const StentSpec* st = c.devices.find_stent(id)) out.push_back({id, st->family, st->name, st->nominal_diameter_mm, st->nominal_length_mm});
  return out;
}

struct ShelfChoice {
  std::string family;
  double diameter_mm = 0, length_mm = 0;
};

// The device table's chooser, as sizes are picked off a cath-lab shelf: the kind (family), then
// the diameter, then a length that comes in that diameter; the button loads it over the wire.
void draw_size_chooser(const char* what, const std::vector<ShelfItem>& shelf, ShelfChoice& choice,
                       std::optional<std::string>& insert) {
  if (shelf.empty()) return;
  auto find = [&](const std::string& family, double d, double l) -> const ShelfItem* {
    for (const ShelfItem& i : shelf)
      if (i.family == family && (d <= 0 || i.diameter_mm == d) && (l <= 0 || i.length_mm == l)) return &i;
    return nullptr;
  };
  if (!find(choice.family, 0, 0)) choice = {shelf.front().family, 0, 0};
  // (0 matches any size in find: a choice of 0 is no choice yet.)
  if (choice.diameter_mm <= 0 || !find(choice.family, choice.diameter_mm, 0)) choice.diameter_mm = find(choice.family, 0, 0)->diameter_mm;
  auto fit_length = [&] {
    if (choice.length_mm <= 0 || !find(choice.family, choice.diameter_mm, choice.length_mm))
      choice.length_mm = find(choice.family, choice.diameter_mm, 0)->length_mm;
  };
  fit_length();
  ImGui::PushID(what);
  ImGui::TextColored(kOpen, "%s", what);
  std::vector<std::string> families;
  for (const ShelfItem& i : shelf)
    if (std::find(families.begin(), families.end(), i.family) == families.end()) families.push_back(i.family);
  if (families.size() > 1) {
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##family", find(choice.family, 0, 0)->family_name.c_str())) {
      for (const std::string& f : families)
        if (ImGui::Selectable(find(f, 0, 0)->family_name.c_str(), f == choice.family)) choice.family = f;
      ImGui::EndCombo();
    }
  } else {
    ImGui::TextWrapped("%s", shelf.front().family_name.c_str());
  }
  // A row of the sizes in `field` (of the items whose `other_field` is `other`, if given); `picked`
  // is the choice's number it sets.
  auto sizes = [&](const char* label, double ShelfItem::*field, double* picked, double other, double ShelfItem::*other_field) {
    ImGui::Text("%s", label);
    std::vector<double> seen;
    for (const ShelfItem& i : shelf) {
      if (i.family != choice.family || (other_field && i.*other_field != other)) continue;
      if (std::find(seen.begin(), seen.end(), i.*field) != seen.end()) continue;
      seen.push_back(i.*field);
      char text[16];
      std::snprintf(text, sizeof text, "%g", i.*field);
      ImGui::SameLine();
      if (ImGui::RadioButton(text, *picked == i.*field)) *picked = i.*field;
    }
  };
  sizes("diameter mm", &ShelfItem::diameter_mm, &choice.diameter_mm, 0, nullptr);
  fit_length();
  sizes("length mm  ", &ShelfItem::length_mm, &choice.length_mm, choice.diameter_mm, &ShelfItem::diameter_mm);
  char button[96];
  std::snprintf(button, sizeof button, "Over the wire: %g x %g mm", choice.diameter_mm, choice.length_mm);
  if (ImGui::Button(button)) insert = find(choice.family, choice.diameter_mm, choice.length_mm)->id;
  ImGui::PopID();
}

void draw_stent_system(const StentDelivery& d, SessionInput& input) {
  const StentSpec& spec = d.spec();
  ImGui::TextWrapped("%s: [ ] pull/push, T thumbwheel (Shift: fast)", spec.id.c_str());
  size_t open = 0;
  for (const PlacedRing& r : d.implant().rings()) open += r.open_fraction > 0;
  char bar[96];
  std::snprintf(bar, sizeof bar, "sheath back %.1f of %.1f mm, %zu/%zu rings open", d.retracted_mm(), d.crimped_length_mm(), open,
                d.implant().ring_count());
  ImGui::ProgressBar(float(std::min(1.0, d.retracted_mm() / d.crimped_length_mm())), ImVec2(-1, 0), bar);
  if (d.refused_deployments() > 0 && !d.deployment_started())
    wrapped(ImVec4(0.9f, 0.4f, 0.2f, 1), "%s", "Thumbwheel not turned: the wire is not across the lesion");
  else if (d.fully_deployed())
    ImGui::TextWrapped("Deployed (jump %.1f mm): pull the system back over the wire", d.implant().jump_mm());
  else if (d.anchored())
    wrapped(ImVec4(0.9f, 0.7f, 0.2f, 1), "%s", "Distal end anchored: the stent can no longer be repositioned");
  else
    ImGui::TextWrapped("%.0f mm in; free to reposition until the distal crowns touch the wall", d.position_mm());
  if (d.removable() && ImGui::Button("Withdraw the stent system")) input.sim.remove_stent = true;
}

// What is in the patient now, one line a device, with where it lies.
void draw_in_patient(const Simulation& sim) {
  const VesselTree& tree = sim.anatomy();
  auto where = [&](const glm::dvec3& p) {
    const CenterlineLocation at = sim.lumen().nearest_centerline(p);
    return at.vessel >= 0 ? vessel_words(tree.vessel(at.vessel).name) : std::string("-");
  };
  bool any = false;
  auto item = [&](const std::string& text) {
    ImGui::Bullet();
    ImGui::TextWrapped("%s", text.c_str());
    any = true;
  };
  char line[160];
  ImGui::TextColored(kOpen, "In the patient:");
  if (const auto& sheath = sim.sheath()) item("Sheath in the " + where(sheath->tip_mm));
  if (const Guidewire* w = sim.guidewire()) item(w->spec().name + ", tip in the " + where(w->tip_mm()));
  if (const BalloonCatheter* b = sim.balloon()) {
    std::snprintf(line, sizeof line, ", %.0f mm in, %.1f atm", b->position_mm(), b->pressure_atm());
    item(b->spec().id + line);
  }
  if (const StentDelivery* d = sim.stent_system()) {
    std::snprintf(line, sizeof line, " on its system, %.0f mm in, sheath back %.0f mm", d->position_mm(), d->retracted_mm());
    item(d->spec().id + line);
  }
  for (const StentImplant& st : sim.stents())
    if (!st.axis_mm().empty()) item(st.spec().id + " deployed in the " + where(st.axis_mm()[st.axis_mm().size() / 2]));
  if (!any) item(sim.access().sheath_removed ? "nothing" : "nothing yet");
  ImGui::Separator();
}

void draw_hands_panel(const ProcedureSession& s, SessionInput& input, float* needle_mm, bool* compress, bool* fast_forward, ShelfChoice* balloon_choice,
                      ShelfChoice* stent_choice, const PanelRect& place) {
  const Simulation& sim = s.sim();
  const LoadedCase& c = s.loaded_case();
  place_next_panel(place);
  ImGui::Begin("Device table");
  draw_in_patient(sim);
  if (sim.guidewire() && ImGui::CollapsingHeader("Guidewire readouts", ImGuiTreeNodeFlags_DefaultOpen)) {
    draw_wire_readouts(sim, sim.anatomy());
    ImGui::Separator();
  }
  ImGui::TextWrapped("W/S push/pull and A/D turn the wire; Space fluoroscopy, Enter acquisition, I inject, R roadmap; arrows turn the C-arm; F1 every control.");
  if (!sim.access().punctured) {
    ImGui::SliderFloat("needle", needle_mm, -40, 80, "%.0f mm below the inguinal ligament");
    if (ImGui::Button("Puncture and place the sheath")) input.sim.access_at_mm = needle_point(*c.anatomy, c.access->vessel, *needle_mm);
  } else if (sim.access().sheath_in) {
    const bool catheter = sim.balloon() || sim.stent_system();
    if (sim.guidewire() && !catheter && !c.procedure.inventory.balloons.empty())
      draw_size_chooser("Balloon", balloon_shelf(c), *balloon_choice, input.sim.insert_balloon);
    if (sim.guidewire() && !catheter && !c.procedure.inventory.stents.empty())
      draw_size_chooser("Stent", stent_shelf(c), *stent_choice, input.sim.insert_stent);
    if (const StentDelivery* d = sim.stent_system()) draw_stent_system(*d, input);
    if (const BalloonCatheter* b = sim.balloon()) {
      const BalloonSpec& spec = b->spec();
      ImGui::TextWrapped("%s: [ ] pull/push, = / - inflate/deflate", spec.id.c_str());
      char gauge[96];
      std::snprintf(gauge, sizeof gauge, "%.1f atm (nominal %g, burst %g)", b->pressure_atm(), spec.nominal_atm, spec.rated_burst_atm);
      ImGui::PushStyleColor(ImGuiCol_PlotHistogram, b->pressure_atm() > spec.rated_burst_atm ? ImVec4(0.9f, 0.2f, 0.1f, 1) : ImVec4(0.3f, 0.6f, 0.9f, 1));
      ImGui::ProgressBar(float(b->pressure_atm() / (spec.rated_burst_atm + 4)), ImVec2(-1, 0), gauge);
      ImGui::PopStyleColor();
      ImGui::Text("%.0f mm in, waist %.2f%s", b->position_mm(), b->waist_ratio(), b->ruptured() ? "  RUPTURED" : "");
      if (b->inflated() && ImGui::Button("Deflate (suction)")) input.balloon_hands = BalloonControls{0, -BalloonCatheter::kVacuum_atm_s};
      if (!b->inflated() && ImGui::Button("Withdraw the balloon")) input.sim.remove_balloon = true;
    }
    if (!sim.guidewire()) {
      for (const std::string& id : c.procedure.inventory.guidewires) {
        const GuidewireSpec* spec = c.devices.find_guidewire(id);
        if (ImGui::Button(("Insert the " + (spec ? spec->name : id) + "##" + id).c_str())) input.sim.insert_wire = id;
      }
      if (ImGui::Button("Remove the sheath")) input.sim.remove_sheath = true;
    } else if (!catheter && ImGui::Button("Withdraw the wire")) {
      input.sim.withdraw_wire = true;
    }
  } else if (ImGui::Checkbox("Compress the groin", compress)) {
    input.sim.compress = *compress;
  }
  if (sim.access().sheath_removed) ImGui::Text("Compression %.0f s", sim.access().compression_s);
  // Ten minutes of holding pressure is real time in a cath lab, not practice: while the hands
  // press and nothing else is in the patient, the clock may run 16x.
  if (sim.access().sheath_removed && *compress) ImGui::Checkbox("Fast-forward the compression (16x)", fast_forward);
  else *fast_forward = false;
  ImGui::End();
}

}  // namespace

// The replay's keys: Space play/pause, Left/Right 10 s, Page Up/Down a step, Home the start.
void replay_key(ReplayTimeline& replay, SDL_Keycode key, uint64_t now_tick, int active_step) {
  const uint64_t ten_s = uint64_t(10.0 / Simulation::kStep_s);
  const uint64_t at = replay.seek_to.value_or(now_tick);
  if (key == SDLK_SPACE) replay.paused = !replay.paused;
  if (key == SDLK_LEFT) replay.seek_to = at > ten_s ? at - ten_s : 0;
  if (key == SDLK_RIGHT) replay.seek_to = std::min(replay.end_tick(), at + ten_s);
  if (key == SDLK_HOME) replay.seek_to = 0;
  if (key == SDLK_PAGEUP)
    if (const auto t = replay.step_tick(std::max(0, active_step - 1))) replay.seek_to = *t;
  if (key == SDLK_PAGEDOWN)
    if (const auto t = replay.step_tick(active_step + 1)) replay.seek_to = *t;
}

// One frame of a replay: the ticks the speed asks for, or a slice of a seek (starting the session
// again from the opening when the seek goes back). Returns the ticks run, or −1 after a restart.
int play_replay(ReplayTimeline& replay, std::optional<ProcedureSession>& session, const LoadedCase& c, PulseProjector& projector,
                const SessionOptions& so, FixedStepClock& clock, double frame_s) {
  constexpr double kSeekSlice_s = 0.15;  // of each frame's wall time: the window keeps drawing (~5 fps) while it seeks
  bool restarted = false;
  if (replay.seek_to) {
    replay.seek_to = std::min(*replay.seek_to, replay.end_tick());
    if (*replay.seek_to < session->ticks()) {
      session.emplace(c, projector, so);
      replay.rewind();
      restarted = true;
    }
  }
  uint64_t target = session->ticks();
  if (replay.seek_to) {
    target = *replay.seek_to;
    clock.advance(0);
  } else if (!replay.paused) {
    target += uint64_t(clock.advance(frame_s * std::clamp(double(replay.speed), ReplayTimeline::kMinSpeed, ReplayTimeline::kMaxSpeed)));
  } else {
    clock.advance(0);
  }
  target = std::min(target, replay.end_tick());
  const auto start = std::chrono::steady_clock::now();
  int ran = 0;
  while (session->ticks() < target) {
    session->tick(replay.input_at(session->ticks()));
    ++ran;
    if (replay.seek_to && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > kSeekSlice_s) break;
  }
  if (replay.seek_to && session->ticks() >= *replay.seek_to) replay.seek_to.reset();
  return restarted ? -1 : ran;
}

// The simulated seconds per wall second actually run over the last second or so (the Demo's
// speed when the machine keeps up, less when it does not).
struct AchievedSpeed {
  double wall_s = 0, sim_s = 0, speed = 1;
  void add(double frame_s, double simulated_s) {
    wall_s += frame_s;
    sim_s += simulated_s;
    if (wall_s >= 1.0) {
      speed = sim_s / wall_s;
      wall_s = sim_s = 0;
    }
  }
};

int run_procedure_window(const AppOptions& options) {
  // --replay: the recording's scenario, seed and detector matrix, played back on a timeline.
  std::optional<ReplayTimeline> replay;
  if (!options.replay_path.empty()) replay.emplace(load_session_recording(options.replay_path), options.replay_path);
  const std::string scenario = replay && !options.scenario_given ? replay->recording().header.scenario : options.scenario_path;
  const LoadedCase c = load_case(scenario);
  if (c.procedure.steps.empty()) throw std::invalid_argument(scenario + ": the scenario has no steps");
  // The panels as a Demo (or a replay, which plays like one) or a Practice session places them.
  AppWindow app_window(options, options.demo || replay ? Arrangement::Demo : Arrangement::Practice);
  Gamepad gamepad;
  const std::vector<std::pair<std::string, std::string>> hands_controls = {
      {"W / S", "push / pull the guidewire (Shift: fine)"},
      {"A / D", "turn the wire's hub (Shift: fine)"},
      {"[ / ]", "pull / push the catheter on the wire (balloon or stent system)"},
      {"= / -", "balloon: indeflator up / down"},
      {"T", "stent: turn the thumbwheel, the sheath back 2 mm/s (Shift: 10 mm/s)"},
      {"Space (hold)", "fluoroscopy pedal"},
      {"Enter (hold)", "acquisition pedal (a DSA or cine run)"},
      {"I", "inject contrast (the console's rate and volume)"},
      {"R", "roadmap from the last DSA run on / off"},
      {"Arrows", "turn the C-arm (LAO/RAO, cranial/caudal)"},
      {"Pad: left stick", "the wire: up/down push/pull, left/right turn"},
      {"Pad: right stick", "the catheter: up/down push/pull, left/right indeflator"},
      {"Pad: R1 / L1", "thumbwheel / fine control"},
      {"Pad: R2 / L2", "fluoroscopy / acquisition pedal"},
      {"Pad: A / Y", "inject / roadmap"}};
  if (replay)
    app_window.set_controls({{"Space", "play / pause the replay"},
                             {"Left / Right", "10 s back / on (back: played again from the opening)"},
                             {"Page Up / Down", "the start of the step before / after"},
                             {"Home", "from the beginning"}});
  else
    app_window.set_controls(hands_controls);
  {
    ensure_directory(options.out_dir);
    FluoroView view(c);
    GlPulseProjector projector(view);
    SessionOptions so;
    so.mode = options.demo ? SessionMode::Demo : SessionMode::Practice;
    so.pixels = options.pixels ? *options.pixels : 512;
    so.develop_in_background = true;  // the imaging chain beside the interface, not in its frames
    if (options.seed) so.seed = *options.seed;
    so.recording_path = options.record_path.empty() ? options.out_dir + "/session.jsonl" : options.record_path;
    if (replay) {  // what was recorded, not recorded again
      so.mode = SessionMode::Replay;
      so.seed = replay->recording().header.seed;
      so.pixels = replay->recording().header.pixels;
      so.recording_path.clear();
    }
    // Held in place: a replay seeking back starts a new session where the old one was.
    std::optional<ProcedureSession> held_session;
    held_session.emplace(c, projector, so);
    ProcedureSession& session = *held_session;
    WindowGl gl(view, c);  // the 3D view (the lumen's meshes uploaded) and the monitors' textures
    UiState ui;
    aim_at_vessel_tree(ui.camera, c);
    DemoControls demo;
    if (options.speed > 0) demo.speed = float(options.speed);
    if (replay && options.speed > 0) replay->speed = float(std::clamp(options.speed, ReplayTimeline::kMinSpeed, ReplayTimeline::kMaxSpeed));
    if (replay && options.replay_at_s > 0) replay->seek_to = uint64_t(options.replay_at_s / Simulation::kStep_s);
    FixedStepClock clock(Simulation::kStep_s, 2048);
    float needle_mm = float(c.access->s_mm);
    PracticeUi practice_ui;
    ShelfChoice balloon_choice, stent_choice;
    BalloonControls balloon_held;
    StentControls stent_held;
    practice_ui.injection = c.angiogram;
    practice_ui.lao_deg = ui.target_lao_deg = float(c.scenario.initial_view.lao_deg);
    practice_ui.cranial_deg = ui.target_cranial_deg = float(c.scenario.initial_view.cranial_deg);
    practice_ui.sid_mm = float(c.c_arm.source_to_image_mm);
    bool compress = false, fast_forward = false;
    Pedals pedals_held;
    HubControls hands_held;
    size_t shown_pulses = size_t(-1);
    AchievedSpeed achieved;
    size_t shown_runs = 0;
    double shown_run_start_s = -1;
    ImageCaliper reference_caliper;  // distances measured on the reference monitor's run
    RedrawPacer device_redraws;  // the 3D view follows moving devices at most 30 times a second
    auto last = std::chrono::steady_clock::now();
    bool running = true, reported = false;
    nlohmann::json debrief;
    std::string export_status;
    if (!options.start_step.empty()) {
      const int step = c.procedure.find_step(options.start_step);
      if (step < 0) throw std::invalid_argument("--step " + options.start_step + ": no such step in " + options.scenario_path);
      demo.jump = step;
    }
    while (running) {
      if (gl.recover_if_lost(app_window, session.sim())) {  // the monitors filled again below
        shown_pulses = size_t(-1);
        shown_runs = size_t(-1);
      }
      SessionInput input;
      SDL_Event event;
      while (SDL_PollEvent(&event)) {
        ImGui_ImplSDL2_ProcessEvent(&event);
        if (app_window.handle_event(event) || gamepad.handle_event(event)) continue;
        if (event.type == SDL_QUIT) running = false;
        if (event.type == SDL_KEYDOWN && event.key.keysym.sym == SDLK_ESCAPE) running = false;
        if (replay && event.type == SDL_KEYDOWN && !ImGui::GetIO().WantCaptureKeyboard)
          replay_key(*replay, event.key.keysym.sym, session.ticks(), session.controller().active_step());
        if (session.options().mode == SessionMode::Practice && event.type == SDL_KEYDOWN && !event.key.repeat && !ImGui::GetIO().WantCaptureKeyboard) {
          if (event.key.keysym.sym == SDLK_i) input.sim.inject = practice_ui.injection;
          if (event.key.keysym.sym == SDLK_r) (session.console().roadmap() ? input.stop_roadmap : input.start_roadmap) = true;
        }
      }
      const auto now = std::chrono::steady_clock::now();
      const double frame_s = std::min(0.25, std::chrono::duration<double>(now - last).count());
      last = now;
      // The pad's hands add to the keyboard's (either may drive; both at once sum).
      const GamepadHands pad = gamepad.read();
      if (session.options().mode == SessionMode::Practice) {
        if (pad.inject) input.sim.inject = practice_ui.injection;
        if (pad.roadmap) (session.console().roadmap() ? input.stop_roadmap : input.start_roadmap) = true;
      }
      if (session.options().mode == SessionMode::Practice && !ImGui::GetIO().WantCaptureKeyboard) {
        const Uint8* keys = app_window.keys();
        const float turn = float(30.0 * frame_s);
        if (keys[SDL_SCANCODE_LEFT]) ui.target_lao_deg -= turn;
        if (keys[SDL_SCANCODE_RIGHT]) ui.target_lao_deg += turn;
        if (keys[SDL_SCANCODE_UP]) ui.target_cranial_deg += turn;
        if (keys[SDL_SCANCODE_DOWN]) ui.target_cranial_deg -= turn;
        if (keys[SDL_SCANCODE_LEFT] || keys[SDL_SCANCODE_RIGHT] || keys[SDL_SCANCODE_UP] || keys[SDL_SCANCODE_DOWN]) {
          practice_ui.lao_deg = std::clamp(ui.target_lao_deg, -120.f, 120.f);
          practice_ui.cranial_deg = std::clamp(ui.target_cranial_deg, -45.f, 45.f);
          input.sim.c_arm_lao_deg = practice_ui.lao_deg;
          input.sim.c_arm_cranial_deg = practice_ui.cranial_deg;
        }
        // The catheter on the wire: [ and ] pull and push it; a balloon's indeflator = and -, a
        // stent system's thumbwheel T (2 mm/s, with Shift 10 mm/s).
        const double push = (keys[SDL_SCANCODE_RIGHTBRACKET] ? 10 : 0) - (keys[SDL_SCANCODE_LEFTBRACKET] ? 10 : 0) + pad.catheter_mm_s;
        StentControls stent;
        if (session.sim().stent_system()) stent.advance_mm_s = push;
        stent.retract_mm_s = pad.retract_mm_s;
        if (keys[SDL_SCANCODE_T]) stent.retract_mm_s = keys[SDL_SCANCODE_LSHIFT] || keys[SDL_SCANCODE_RSHIFT] ? 10 : 2;
        if (stent.advance_mm_s != stent_held.advance_mm_s || stent.retract_mm_s != stent_held.retract_mm_s)
          input.stent_hands = stent_held = stent;
        BalloonControls balloon;
        if (!session.sim().stent_system()) balloon.advance_mm_s = push;
        balloon.inflate_atm_s = pad.inflate_atm_s;
        if (keys[SDL_SCANCODE_EQUALS]) balloon.inflate_atm_s += 1;
        if (keys[SDL_SCANCODE_MINUS]) balloon.inflate_atm_s -= 1;
        if (balloon.advance_mm_s != balloon_held.advance_mm_s || balloon.inflate_atm_s != balloon_held.inflate_atm_s)
          input.balloon_hands = balloon_held = balloon;
        HubControls hands = wire_hands_from_keys(keys);
        hands.advance_mm_s += pad.wire.advance_mm_s;
        hands.rotate_deg_s += pad.wire.rotate_deg_s;
        if (hands.advance_mm_s != hands_held.advance_mm_s || hands.rotate_deg_s != hands_held.rotate_deg_s) input.hands = hands_held = hands;
      }

      // UI first (its buttons become this frame's input), then the simulation steps.
      app_window.begin_frame();
      bool switch_mode = false;
      const bool panels = !app_window.clean_view();
      const std::vector<SceneLabel> labels =
          app_window.annotations() != Annotations::Off ? scene_labels(session.sim()) : std::vector<SceneLabel>{};
      const bool practice = session.options().mode == SessionMode::Practice;
      const Arrangement arrangement = practice ? Arrangement::Practice : Arrangement::Demo;
      app_window.set_arrangement(arrangement);
      const PanelLayout layout = cath_lab_layout(app_window.ui_scale(), arrangement, *app_window.show_3d_view());
      demo.achieved_speed = achieved.speed;
      if (panels) draw_step_panel(session, demo, input, &switch_mode, layout.procedure, replay ? &*replay : nullptr);
      if (practice) {
        if (panels) {
          draw_hands_panel(session, input, &needle_mm, &compress, &fast_forward, &balloon_choice, &stent_choice, layout.device_table);
          draw_practice_console(session, practice_ui, input, layout.console);
        }
        const Uint8* keys = app_window.keys();
        const bool keyboard = !ImGui::GetIO().WantCaptureKeyboard;
        const Pedals pedals{practice_ui.fluoro_button || pad.pedals.fluoro || (keyboard && keys[SDL_SCANCODE_SPACE]),
                            practice_ui.acquire_button || pad.pedals.acquire || (keyboard && keys[SDL_SCANCODE_RETURN])};
        if (pedals.fluoro != pedals_held.fluoro || pedals.acquire != pedals_held.acquire) input.pedals = pedals_held = pedals;
      }
      // The 3D view: in Demo where the console would be, in Practice under the live monitor.
      if (panels) draw_anatomy_panel(ui, gl.anatomy_view(), app_window.show_3d_view(), labels.empty() ? nullptr : &labels, layout.view3d);
      if (demo.take_over && replay) {
        // The recording goes on in a file of its own, not over the one being replayed.
        std::string path = options.record_path.empty() ? options.out_dir + "/session.jsonl" : options.record_path;
        std::error_code same_error;
        if (std::filesystem::exists(path) && std::filesystem::equivalent(path, replay->path(), same_error))
          path = options.out_dir + "/session-taken-over.jsonl";
        session.take_over(*demo.take_over, replay->recording(), path);
        replay.reset();
        app_window.set_controls(hands_controls);
        request_relayout();
        export_status = "taken over: recording to " + path;
      }
      demo.take_over.reset();
      if (switch_mode) {
        session.set_mode(practice ? SessionMode::Demo : SessionMode::Practice);
        request_relayout();  // the other arrangement of panels
        pedals_held = {};
        hands_held = {};
      }
      // Practice reads the wire in the device table (the console takes this corner).
      if (panels && !practice) draw_wire_panel(session.sim(), session.sim().anatomy(), layout.guidewire);
      if (demo.jump) input.jump_to = *demo.jump;
      if (demo.back) input.back = true;
      demo.jump.reset();
      demo.back = false;

      const bool demo_mode = session.options().mode == SessionMode::Demo;
      double run_s = frame_s * (demo_mode ? demo.speed : fast_forward ? 16.0 : 1.0);
      if (demo_mode && demo.paused) {
        run_s = std::min(demo.single_step_s, 1.0 / 30);
        demo.single_step_s -= run_s;
      }
      int steps = 0;
      if (replay) {
        steps = play_replay(*replay, held_session, c, projector, so, clock, frame_s);
        if (replay->seek_to) app_window.hold_frame_count();  // --frames and --keys count from arrival
        if (steps < 0) {  // started again from the opening
          reported = false;
          export_status.clear();
          steps = 1;
        }
      } else {
        steps = clock.advance(run_s);
        if (!input.empty() && steps == 0) steps = 1;  // a click is never lost between steps
        // Real time is always kept: the steps a frame at 1x would run. Beyond them (a fast Demo)
        // at most kFastForwardBudget_s of the frame goes to the simulation and its X-ray pulses: a
        // speed the machine cannot keep up with (fluoroscopy on a software GL) runs slower instead
        // of freezing the window; the steps not run are dropped, not owed.
        const double speed_asked = frame_s > 0 ? run_s / frame_s : 1.0;
        const int real_time_steps = speed_asked > 1 ? int(std::ceil(steps / speed_asked)) : steps;
        const auto tick_start = std::chrono::steady_clock::now();
        int ran = 0;
        for (int k = 0; k < steps && !session.finished(); ++k, ++ran) {
          session.tick(k == 0 ? input : SessionInput{});
          if (k + 1 >= real_time_steps &&
              std::chrono::duration<double>(std::chrono::steady_clock::now() - tick_start).count() > kFastForwardBudget_s) {
            ++ran;
            break;
          }
        }
        steps = ran;
        achieved.add(frame_s, ran * Simulation::kStep_s);
      }
      const bool ended = replay ? session.ticks() >= replay->end_tick() : session.finished();
      if (ended && !reported) {
        session.close_recording();
        debrief = write_session_report(session, options.out_dir);
        reported = true;
      }
      if (reported) draw_debrief(debrief, session, options.out_dir, &export_status);
      if (steps > 0) device_redraws.changed();
      if (device_redraws.due(now)) update_device_meshes(gl.anatomy_view(), session.sim());

      const FluoroConsole& console = session.console();
      if (console.dose().pulses() != long(shown_pulses) && !console.live_monitor().empty()) {
        gl.live_texture().upload(console.monitor_width(), console.monitor_height(), console.live_monitor());
        shown_pulses = size_t(console.dose().pulses());
      }
      // The reference monitor holds the last run's most opacified frame: found and uploaded once
      // per run (a scan of every frame). A run is known by its number and start: a replay seeking
      // back replays the same runs at the same times.
      if (!console.runs().empty() && !console.acquiring() && !console.runs().back().frames.empty()) {
        const AcquisitionRun& run = console.runs().back();
        if (console.runs().size() != shown_runs || run.start_time_s != shown_run_start_s) {
          const int peak = std::max(0, FluoroConsole::most_opacified_frame(run));
          gl.reference_texture().upload(run.width, run.height, run.frames[size_t(peak)]);
          reference_caliper.calibrate(run.geometry, c.c_arm.source_to_isocenter_mm);
          shown_runs = console.runs().size();
          shown_run_start_s = run.start_time_s;
        }
      }
      const CArmPose& p = session.sim().state().c_arm;
      const char* state = console.acquiring() ? "ACQUISITION" : console.beam_on() ? "FLUORO" : gl.live_texture().empty() ? "" : "LAST IMAGE HOLD";
      char dose[96];
      std::snprintf(dose, sizeof dose, "%.1f mGy  %.2f Gy cm2", console.dose().reference_air_kerma_mGy(),
                    console.dose().kerma_area_product_Gy_cm2());
      const StepSpec* step = session.controller().current();
      std::optional<ImVec2> marker;
      if (!session.sim().access().punctured && session.options().mode == SessionMode::Practice) {
        const glm::dvec3 at = needle_point(*c.anatomy, c.access->vessel, needle_mm);
        const ProjectionGeometry g = make_projection(c.c_arm, p, 512);
        if (auto px = g.project(at)) marker = ImVec2(float(px->x / 512), float(px->y / 512));
      }
      const PanelLayout monitors = panels ? layout : clean_view_layout();
      draw_monitor(live_monitor_name(!panels), gl.live_texture(), monitors.live,
                   {angle_label(p.lao_deg, p.cranial_deg), state, roadmap_label(console), dose},
                   step ? step->title : "Procedure complete", marker,
                   app_window.annotations() == Annotations::View3dAndFluoro ? fluoro_labels(labels, session.sim()) : std::vector<ImageLabel>{});
      if (monitors.reference.size.x > 0)
        draw_monitor(reference_monitor_name(!panels), gl.reference_texture(), monitors.reference,
                     {console.runs().empty() ? "" : "Run " + std::to_string(console.runs().size()) + " " + console.runs().back().mode},
                     gl.reference_texture().empty() ? "" : kCaliperHint, std::nullopt, {}, &reference_caliper);
      app_window.set_simulated_s(session.sim().state().time_s);
      running = app_window.end_frame(options) && running;
    }
    if (!reported) {  // closed before the end: the report of what was done, the recording ended cleanly
      session.close_recording();
      write_session_report(session, options.out_dir);
    }
  }
  return 0;
}

}  // namespace angiosim
