#include "core/scenario/step_controller.h"

#include <algorithm>
#include <cstdio>

namespace angiosim {

StepController::StepController(const ProcedureSpec& spec)
    : spec_(spec), metrics_(spec.steps.size()), completed_(spec.steps.size(), false) {
  for (const StepSpec& s : spec.steps) objective_times_.emplace_back(s.objectives.size(), -1.0);
  if (!spec.steps.empty()) start_step(0, 0.0);
}

void StepController::event(double t, const std::string& kind, const std::string& text) {
  events_.push_back({t, active_, kind, text});
}

void StepController::start_step(int step, double now_s) {
  active_ = step;
  step_elapsed_s_ = 0;
  first_run_ = runs_seen_;
  awaiting_decision_ = false;
  shown_hints_.clear();
  objectives_.clear();
  error_active_.clear();
  if (finished()) {
    event(now_s, "procedure_completed", all_completed() ? "all steps completed" : "ended");
    return;
  }
  const StepSpec& s = spec_.steps[size_t(step)];
  objectives_.assign(s.objectives.size(), {});
  error_active_.assign(s.errors.size(), false);
  event(now_s, "step_started", s.title);
}

void StepController::complete_step(int next, double now_s) {
  completed_[size_t(active_)] = true;
  event(now_s, "step_completed", spec_.steps[size_t(active_)].title);
  start_step(next, now_s);
}

void StepController::update(ProcedureFacts facts, const ProcedureTotals& totals, double dt_s) {
  runs_seen_ = size_t(totals.runs);
  if (!started_) {
    started_ = true;
    last_ = totals;
    first_run_ = runs_seen_;
  }
  if (finished()) {
    last_ = totals;
    return;
  }
  metrics_[size_t(active_)] += totals - last_;
  last_ = totals;
  step_elapsed_s_ += dt_s;

  const StepSpec& step = spec_.steps[size_t(active_)];
  facts.step_first_run = first_run_;
  const double now = totals.time_s;

  for (size_t e = 0; e < step.errors.size(); ++e) {
    const bool on = step.errors[e].when.evaluate(facts);
    if (on && !error_active_[e]) add_error(step.errors[e].text, step.errors[e].complication, now);
    error_active_[e] = on;
  }
  for (size_t h = 0; h < step.hints.size(); ++h)
    if (step.hints[h].after_s >= 0 && step_elapsed_s_ >= step.hints[h].after_s &&
        std::find(shown_hints_.begin(), shown_hints_.end(), int(h)) == shown_hints_.end()) {
      shown_hints_.push_back(int(h));
      event(now, "hint", step.hints[h].text);
    }

  if (awaiting_decision_) return;
  bool all_met = true;
  for (size_t o = 0; o < step.objectives.size(); ++o) {
    ObjectiveStatus& st = objectives_[o];
    const int after = step.objectives[o].after;
    if (!st.met && after >= 0 && !objectives_[size_t(after)].met) {
      st.held_s = 0;
      all_met = false;
      continue;
    }
    if (!st.met) {
      ProcedureFacts own = facts;
      if (after >= 0) own.step_first_run = std::max(own.step_first_run, objectives_[size_t(after)].runs_when_met);
      if (step.objectives[o].when.evaluate(own)) {
        st.held_s += dt_s;
        // A hold of for_s counts whole ticks: met on the tick the held time reaches it.
        if (st.held_s >= step.objectives[o].for_s - 1e-9) {
          st.met = true;
          st.met_at_s = now;
          st.runs_when_met = runs_seen_;
          objective_times_[size_t(active_)][o] = now;
          event(now, "objective_met", step.objectives[o].text);
        }
      } else {
        st.held_s = 0;
      }
    }
    all_met = all_met && st.met;
  }
  if (!all_met) return;
  if (step.decision) {
    awaiting_decision_ = true;
    event(now, "decision", step.decision->question);
    return;
  }
  complete_step(active_ + 1, now);
}

void StepController::request_hint(double now_s) {
  const StepSpec* step = current();
  if (!step) return;
  for (size_t h = 0; h < step->hints.size(); ++h)
    if (std::find(shown_hints_.begin(), shown_hints_.end(), int(h)) == shown_hints_.end()) {
      shown_hints_.push_back(int(h));
      event(now_s, "hint", step->hints[h].text);
      return;
    }
}

void StepController::decide(int option, const ProcedureFacts& facts, double now_s) {
  const StepSpec* step = current();
  if (!step || !awaiting_decision_ || option < 0 || size_t(option) >= step->decision->options.size()) return;
  ProcedureFacts f = facts;
  f.step_first_run = first_run_;
  const DecisionSpec& d = *step->decision;
  const int right = d.correct_option(f);
  event(now_s, "decision", d.options[size_t(option)].label);
  if (option != right)
    add_error("decision: \"" + d.options[size_t(option)].label + "\" where \"" + d.options[size_t(right)].label +
                  "\" was indicated" + (d.explanation.empty() ? "" : " (" + d.explanation + ")"),
              false, now_s);
  const std::string& next = d.options[size_t(option)].next_step;
  complete_step(next.empty() ? active_ + 1 : spec_.find_step(next), now_s);
}

void StepController::add_error(const std::string& text, bool complication, double now_s) {
  if (finished()) return;
  StepMetrics& m = metrics_[size_t(active_)];
  if (complication) ++m.complications; else ++m.errors;
  event(now_s, complication ? "complication" : "error", text);
}

void StepController::back(double now_s) {
  if (active_ <= 0) return;
  event(now_s, "back", "");
  const int to = std::min(active_, int(spec_.steps.size())) - 1;
  completed_[size_t(to)] = false;
  start_step(to, now_s);
}

void StepController::jump(int step, double now_s) {
  if (step < 0 || step > int(spec_.steps.size())) return;
  event(now_s, "jump", step < int(spec_.steps.size()) ? spec_.steps[size_t(step)].title : "end");
  for (int k = 0; k < step; ++k) completed_[size_t(k)] = true;
  start_step(step, now_s);
}

StepMetrics StepController::total() const {
  StepMetrics t;
  for (const StepMetrics& m : metrics_) t += m;
  return t;
}

ProcedureScore StepController::score() const {
  const ScoringSpec& k = spec_.scoring;
  const StepMetrics t = total();
  ProcedureScore s;
  auto deduct = [&](double points, const std::string& why) {
    if (points <= 0) return;
    s.points -= points;
    char line[160];
    std::snprintf(line, sizeof line, "-%g: %s", points, why.c_str());
    s.deductions.push_back(line);
  };
  deduct(k.per_error * t.errors, std::to_string(t.errors) + " error(s)");
  deduct(k.per_complication * t.complications, std::to_string(t.complications) + " complication(s)");
  for (size_t step = 0; step < spec_.steps.size(); ++step)
    if (!completed_[step]) deduct(k.per_step_not_done, "step not done: " + spec_.steps[step].title);
  auto target = [&](double value, double limit, const char* what, const char* unit) {
    if (limit > 0 && value > limit) {
      char why[128];
      std::snprintf(why, sizeof why, "%s %.1f %s over the target of %.0f %s", what, value, unit, limit, unit);
      deduct(k.per_target_exceeded, why);
    }
  };
  target(t.time_s, k.target_time_s, "procedure time", "s");
  target(t.fluoro_time_s, k.target_fluoro_time_s, "fluoroscopy time", "s");
  target(t.air_kerma_mGy, k.target_air_kerma_mGy, "air kerma", "mGy");
  target(t.kerma_area_product_Gy_cm2, k.target_kap_Gy_cm2, "kerma-area product", "Gy cm2");
  target(t.contrast_ml, k.target_contrast_ml, "contrast", "mL");
  s.points = std::max(0.0, s.points);
  return s;
}

bool StepController::all_completed() const {
  return std::all_of(completed_.begin(), completed_.end(), [](bool c) { return c; });
}

}  // namespace angiosim
