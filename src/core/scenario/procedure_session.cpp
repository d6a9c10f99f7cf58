#include "core/scenario/procedure_session.h"

#include <algorithm>
#include <cmath>

#include "core/util/state_hash.h"

namespace angiosim {

const char* to_string(SessionMode mode) {
  switch (mode) {
    case SessionMode::Practice: return "practice";
    case SessionMode::Demo: return "demo";
    case SessionMode::Replay: return "replay";
  }
  return "?";
}

ProcedureSession::ProcedureSession(const LoadedCase& c, PulseProjector& projector, SessionOptions options)
    : case_(c), projector_(projector), options_(std::move(options)) {
  options_.pixels = std::clamp(options_.pixels, 16, 4096);
  reset();
  if (!options_.recording_path.empty()) {
    SessionHeader h;
    h.scenario = c.scenario.source_file;
    h.seed = options_.seed ? *options_.seed : c.scenario.seed;
    h.mode = options_.mode == SessionMode::Demo ? "demo" : "practice";
    h.pixels = options_.pixels;
    log_ = std::make_unique<SessionLogWriter>(options_.recording_path, h);
  }
}

void ProcedureSession::reset() {
  sim_ = std::make_unique<Simulation>(open_simulation(case_, options_.seed));
  const uint64_t seed = options_.seed ? *options_.seed : case_.scenario.seed;
  pending_.clear();
  steps_ = 0;
  developer_.reset();  // waits for a pulse still developing with the old console
  console_ = std::make_unique<FluoroConsole>(case_.c_arm, seed);
  developer_ = std::make_unique<PulseDeveloper>(*console_, options_.develop_in_background);
  controller_ = std::make_unique<StepController>(case_.procedure);
  autopilot_ = std::make_unique<Autopilot>(case_);
  runs_.clear();
  hands_ = {};
  balloon_hands_ = {};
  stent_hands_ = {};
  pedals_ = {};
  run_start_contrast_ml_ = 0;
}

ProcedureTotals ProcedureSession::totals() const {
  ProcedureTotals t;
  t.time_s = sim_->state().time_s;
  t.fluoro_time_s = console_->dose().fluoro_time_s();
  t.air_kerma_mGy = console_->dose().reference_air_kerma_mGy();
  t.kerma_area_product_Gy_cm2 = console_->dose().kerma_area_product_Gy_cm2();
  t.contrast_ml = sim_->contrast().injected_ml();
  t.runs = int(runs_.size());
  return t;
}

ProcedureFacts ProcedureSession::facts() const {
  ProcedureFacts f;
  f.sim = sim_.get();
  f.runs = &runs_;
  f.step_first_run = controller_->step_first_run();
  f.fluoro_time_s = console_->dose().fluoro_time_s();
  f.air_kerma_mGy = console_->dose().reference_air_kerma_mGy();
  f.kerma_area_product_Gy_cm2 = console_->dose().kerma_area_product_Gy_cm2();
  return f;
}

bool ProcedureSession::allowed(const std::string& device) const {
  const StepSpec* step = controller_->current();
  return !step || step->devices.empty() ||
         std::find(step->devices.begin(), step->devices.end(), device) != step->devices.end();
}

void ProcedureSession::advance(const SessionInput& input) {
  const double now = sim_->state().time_s;
  OperatorCommands commands = input.sim;
  // The shelf: a wire that is not on it cannot be taken; one the step does not call for can,
  // and counts as an error.
  if (commands.insert_wire) {
    const auto& shelf = case_.procedure.inventory.guidewires;
    if (!shelf.empty() && std::find(shelf.begin(), shelf.end(), *commands.insert_wire) == shelf.end())
      commands.insert_wire.reset();
    else if (!allowed(*commands.insert_wire) && !sim_->guidewire() && sim_->access().sheath_in)
      controller_->add_error("guidewire " + *commands.insert_wire + " is not a device of this step", false, now);
  }
  // Catheters over the wire likewise: from the shelf, and an error outside the steps that call for them.
  auto shelf_catheter = [&](std::optional<std::string>& id, const std::vector<std::string>& shelf, const char* what) {
    if (!id) return;
    if (!shelf.empty() && std::find(shelf.begin(), shelf.end(), *id) == shelf.end()) id.reset();
    else if (!allowed(*id) && sim_->guidewire() && !sim_->balloon() && !sim_->stent_system())
      controller_->add_error(std::string(what) + " " + *id + " is not a device of this step", false, now);
  };
  shelf_catheter(commands.insert_balloon, case_.procedure.inventory.balloons, "balloon");
  shelf_catheter(commands.insert_stent, case_.procedure.inventory.stents, "stent");
  if (commands.access_at_mm && !sim_->access().punctured && !allowed("needle"))
    controller_->add_error("puncture: access is not part of this step", false, now);
  if (commands.inject && !allowed("contrast")) controller_->add_error("contrast injected outside the steps that call for it", false, now);

  if (input.hands) hands_ = *input.hands;
  if (input.balloon_hands) balloon_hands_ = *input.balloon_hands;
  if (input.stent_hands) stent_hands_ = *input.stent_hands;
  if (input.pedals) pedals_ = *input.pedals;
  if (input.fluoro_pps) console_->set_pulse_rate(*input.fluoro_pps);
  if (input.acquisition_mode) console_->set_acquisition_mode(*input.acquisition_mode);
  if (input.acquisition_pps) console_->set_acquisition_rate(*input.acquisition_pps);
  if (input.fluoro_mode) console_->set_fluoro_mode(*input.fluoro_mode);
  if (input.collimation) {
    // Shutters reach at most 45 % in from each edge (the machine's travel).
    auto travel = [](double f) { return std::isfinite(f) ? std::clamp(f, 0.0, 0.45) : 0.0; };
    Collimation& col = console_->settings().collimation;
    col = {travel(input.collimation->left), travel(input.collimation->right), travel(input.collimation->top),
           travel(input.collimation->bottom), input.collimation->round};
  }
  if (input.edge_enhancement && std::isfinite(*input.edge_enhancement))
    console_->settings().edge_enhancement = std::clamp(*input.edge_enhancement, 0.0, 2.0);
  if (input.stop_roadmap) console_->stop_roadmap();
  if (input.start_roadmap) console_->start_roadmap_in_view(make_projection(case_.c_arm, sim_->state().c_arm, options_.pixels));
  if (input.hint) controller_->request_hint(now);
  if (input.decide) controller_->decide(*input.decide, facts(), now);
  if (input.back) controller_->back(now);

  const size_t pushes_before = sim_->guidewire() ? sim_->guidewire()->healthy_wall_risks() : 0;
  commands.wire = hands_;
  commands.balloon = balloon_hands_;
  commands.stent = stent_hands_;
  sim_->step(commands);

  // Imaging: the console keeps the simulation's time; a due pulse is projected now and its image
  // filed kPulseLatency_steps later.
  ++steps_;
  file_pulses(false);
  if (console_->advance(Simulation::kStep_s, pedals_)) {
    const ProjectionGeometry g = make_projection(case_.c_arm, sim_->state().c_arm, options_.pixels);
    const FluoroConsole::PulseJob job = console_->begin_pulse();
    if (job.valid) {
      developer_->start(job, projector_.project(*sim_, g), g);
      pending_.push_back({job, g, steps_ + kPulseLatency_steps});
    }
    if (console_->acquiring() && !runs_.empty() && !runs_.back().finished) {
      RunRecord& run = runs_.back();
      ++run.frames;
      const auto& lesions = sim_->anatomy().spec().lesions;
      for (size_t l = 0; l < lesions.size(); ++l)
        if (!run.lesion_shown[l] && lesion_in_image(sim_->anatomy(), lesions[l], g) &&
            lesion_opacified(sim_->anatomy(), sim_->contrast(), lesions[l]))
          run.lesion_shown[l] = true;
    }
  }
  // Runs: one record per acquisition, finished when the pedal comes up.
  if (console_->runs().size() > runs_.size()) {
    RunRecord r;
    r.mode = console_->runs().back().mode;
    r.start_s = sim_->state().time_s;
    r.lesion_shown.assign(sim_->anatomy().spec().lesions.size(), false);
    runs_.push_back(r);
    run_start_contrast_ml_ = sim_->contrast().injected_ml();
  }
  if (!runs_.empty() && !runs_.back().finished) {
    runs_.back().contrast_ml = sim_->contrast().injected_ml() - run_start_contrast_ml_;
    if (!console_->acquiring()) {
      runs_.back().finished = true;
      runs_.back().end_s = sim_->state().time_s;
    }
  }

  ProcedureFacts f = facts();
  f.healthy_wall_pushes_before = pushes_before;
  controller_->update(f, totals(), Simulation::kStep_s);
  if (controller_->finished()) file_pulses(true);  // the report counts every pulse
}

void ProcedureSession::jump_to(int step) {
  const int steps = int(case_.procedure.steps.size());
  step = std::clamp(step, 0, steps);
  reset();
  // Play the earlier steps with the autopilot from the opening, as fast as they go.
  while (controller_->active_step() < step && !controller_->finished() && !autopilot_->stuck())
    advance(autopilot_->next(*this));
  if (controller_->active_step() < step) {
    // The autopilot could not do an earlier step: it is marked done without its scene.
    controller_->jump(step, sim_->state().time_s);
    autopilot_ = std::make_unique<Autopilot>(case_);
  }
  // Hands off and feet up at the start of the step.
  hands_ = {};
  balloon_hands_ = {};
  stent_hands_ = {};
  pedals_ = {};
}

void ProcedureSession::tick(const SessionInput& operator_input) {
  SessionInput input;
  if (options_.mode == SessionMode::Demo) {
    input = autopilot_->next(*this);
    input.back = operator_input.back;
    input.jump_to = operator_input.jump_to;
  } else {
    input = operator_input;
    if (release_levels_) {  // handed back from the autopilot: hands off, feet up (recorded)
      if (!input.hands) input.hands = HubControls{};
      if (!input.balloon_hands) input.balloon_hands = BalloonControls{};
      if (!input.stent_hands) input.stent_hands = StentControls{};
      if (!input.pedals) input.pedals = Pedals{};
      release_levels_ = false;
    }
  }
  if (log_ && !input.empty()) log_->input(ticks_, input);
  ++ticks_;
  if (input.jump_to) jump_to(*input.jump_to);
  else advance(input);
  if (log_ && controller_->active_step() != logged_step_) {
    logged_step_ = controller_->active_step();
    log_->step_began(ticks_, logged_step_);
  }
}

void ProcedureSession::file_pulses(bool all) {
  while (!pending_.empty() && (all || pending_.front().file_step <= steps_)) {
    PendingPulse p = std::move(pending_.front());
    pending_.pop_front();
    console_->finish_pulse(p.job, developer_->take(), p.geometry);
  }
}

void ProcedureSession::set_mode(SessionMode mode) {
  if (options_.mode == SessionMode::Replay || mode == SessionMode::Replay || mode == options_.mode) return;
  options_.mode = mode;
  autopilot_ = std::make_unique<Autopilot>(case_);
  release_levels_ = mode == SessionMode::Practice;
}

void ProcedureSession::take_over(SessionMode mode, const SessionRecording& replayed, const std::string& recording_path) {
  if (options_.mode != SessionMode::Replay || mode == SessionMode::Replay) return;
  options_.mode = mode;
  autopilot_ = std::make_unique<Autopilot>(case_);
  release_levels_ = mode == SessionMode::Practice;
  options_.recording_path = recording_path;
  if (recording_path.empty()) return;
  SessionHeader h = replayed.header;
  h.mode = mode == SessionMode::Demo ? "demo" : "practice";
  log_ = std::make_unique<SessionLogWriter>(recording_path, h);
  // What led here, in tick order: the inputs of the ticks played (0 … ticks_ − 1), and the steps
  // begun by then.
  size_t step = 0;
  for (const auto& [tick, input] : replayed.inputs) {
    if (tick >= ticks_) break;
    for (; step < replayed.steps.size() && replayed.steps[step].first <= tick; ++step)
      log_->step_began(replayed.steps[step].first, replayed.steps[step].second);
    log_->input(tick, input);
  }
  for (; step < replayed.steps.size() && replayed.steps[step].first <= ticks_; ++step)
    log_->step_began(replayed.steps[step].first, replayed.steps[step].second);
  logged_step_ = controller_->active_step();
}

void ProcedureSession::close_recording() {
  if (log_) log_->end(ticks_, state_hash());
  log_.reset();
}

uint64_t ProcedureSession::state_hash() const {
  StateHash h;
  h.add(sim_->state_hash());
  h.add(uint64_t(controller_->active_step() + 1));
  const StepMetrics t = controller_->total();
  h.add(uint64_t(t.errors));
  h.add(uint64_t(t.complications));
  h.add(uint64_t(controller_->events().size()));
  h.add(console_->dose().reference_air_kerma_mGy());
  h.add(console_->dose().kerma_area_product_Gy_cm2());
  h.add(uint64_t(console_->dose().pulses()));
  h.add(uint64_t(runs_.size()));
  h.add(uint64_t(pending_.size()));
  return h.value();
}

}  // namespace angiosim
