#pragma once
// The step controller: a state machine over a scenario's steps. Every tick it evaluates the
// active step's objectives and errors on the facts of the procedure, shows hints when they are
// due, records the step's metrics, and advances when all objectives are met (through the step's
// decision, if it has one). An instructor can go back or jump to any step (the session brings the
// scene to that step's starting state; the controller only moves its pointer).
#include <string>
#include <vector>

#include "core/scenario/procedure_spec.h"

namespace angiosim {

// Running totals of the session, read by the controller every tick (per-step metrics are the
// differences accrued while the step was active).
struct ProcedureTotals {
  double time_s = 0;
  double fluoro_time_s = 0;
  double air_kerma_mGy = 0;
  double kerma_area_product_Gy_cm2 = 0;
  double contrast_ml = 0;
  int runs = 0;  // cine and DSA runs acquired

  ProcedureTotals& operator+=(const ProcedureTotals& o) {
    time_s += o.time_s;
    fluoro_time_s += o.fluoro_time_s;
    air_kerma_mGy += o.air_kerma_mGy;
    kerma_area_product_Gy_cm2 += o.kerma_area_product_Gy_cm2;
    contrast_ml += o.contrast_ml;
    runs += o.runs;
    return *this;
  }
  ProcedureTotals operator-(const ProcedureTotals& o) const {
    return {time_s - o.time_s, fluoro_time_s - o.fluoro_time_s, air_kerma_mGy - o.air_kerma_mGy,
            kerma_area_product_Gy_cm2 - o.kerma_area_product_Gy_cm2, contrast_ml - o.contrast_ml, runs - o.runs};
  }
};

// What a step (or the whole procedure) used: the totals' increments while it was active, and
// the errors and complications counted in it.
struct StepMetrics : ProcedureTotals {
  int errors = 0;
  int complications = 0;

  using ProcedureTotals::operator+=;  // a step's increment of the totals
  StepMetrics& operator+=(const StepMetrics& o) {
    ProcedureTotals::operator+=(o);
    errors += o.errors;
    complications += o.complications;
    return *this;
  }
};

struct ProcedureEvent {
  double time_s = 0;
  int step = -1;
  std::string kind;  // step_started, objective_met, hint, error, complication, decision, step_completed, jump, back, procedure_completed
  std::string text;
};

// The session's score (ScoringSpec) and what it lost points for, in words.
struct ProcedureScore {
  double points = 100;
  std::vector<std::string> deductions;
};

class StepController {
 public:
  explicit StepController(const ProcedureSpec& spec);

  // After each simulation step: `facts` as they are now (step_first_run is filled in here).
  void update(ProcedureFacts facts, const ProcedureTotals& totals, double dt_s);

  int active_step() const { return active_; }
  bool finished() const { return active_ >= int(spec_.steps.size()); }
  const StepSpec* current() const { return finished() ? nullptr : &spec_.steps[size_t(active_)]; }
  const ProcedureSpec& spec() const { return spec_; }
  double step_elapsed_s() const { return step_elapsed_s_; }
  size_t step_first_run() const { return first_run_; }

  struct ObjectiveStatus {
    bool met = false;
    double met_at_s = -1;
    double held_s = 0;
    size_t runs_when_met = 0;  // runs begun by the tick it was met (a later "after" counts from here)
  };
  const std::vector<ObjectiveStatus>& objectives() const { return objectives_; }
  // Indices of the hints of the active step shown so far.
  const std::vector<int>& shown_hints() const { return shown_hints_; }
  void request_hint(double now_s);

  // The active step's objectives are met and its decision waits for an answer.
  bool awaiting_decision() const { return awaiting_decision_; }
  // Answers it: a different answer from the right one counts as an error (and is explained).
  void decide(int option, const ProcedureFacts& facts, double now_s);

  // Counted against the trainee from outside the step's own errors (e.g. a device not allowed).
  void add_error(const std::string& text, bool complication, double now_s);

  void back(double now_s);                  // to the previous step, its objectives to do again
  void jump(int step, double now_s);        // instructor: this step is next; earlier ones done

  const std::vector<StepMetrics>& metrics() const { return metrics_; }
  StepMetrics total() const;
  const std::vector<bool>& completed_steps() const { return completed_; }
  // When each objective of each step was met (-1: not), for the report.
  const std::vector<std::vector<double>>& objective_times() const { return objective_times_; }
  const std::vector<ProcedureEvent>& events() const { return events_; }
  bool all_completed() const;
  ProcedureScore score() const;

 private:
  void start_step(int step, double now_s);
  void complete_step(int next, double now_s);
  void event(double t, const std::string& kind, const std::string& text);

  const ProcedureSpec& spec_;
  int active_ = 0;
  double step_elapsed_s_ = 0;
  size_t first_run_ = 0, runs_seen_ = 0;
  std::vector<ObjectiveStatus> objectives_;
  std::vector<bool> error_active_;
  std::vector<int> shown_hints_;
  bool awaiting_decision_ = false;
  bool started_ = false;
  ProcedureTotals last_;
  std::vector<StepMetrics> metrics_;
  std::vector<bool> completed_;
  std::vector<std::vector<double>> objective_times_;
  std::vector<ProcedureEvent> events_;
};

}  // namespace angiosim
