#include "core/scenario/autopilot.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include "core/scenario/procedure_session.h"
#include "core/scenario/stent_assessment.h"

namespace angiosim {
namespace {

bool same(const HubControls& a, const HubControls& b) {
  return a.advance_mm_s == b.advance_mm_s && a.rotate_deg_s == b.rotate_deg_s;
}
bool same(const BalloonControls& a, const BalloonControls& b) {
  return a.advance_mm_s == b.advance_mm_s && a.inflate_atm_s == b.inflate_atm_s;
}
bool same(const StentControls& a, const StentControls& b) {
  return a.advance_mm_s == b.advance_mm_s && a.retract_mm_s == b.retract_mm_s;
}
bool same(const Pedals& a, const Pedals& b) { return a.fluoro == b.fluoro && a.acquire == b.acquire; }

bool c_arm_arrived(const Simulation& sim) {
  const SimState& st = sim.state();
  return std::abs(st.c_arm.lao_deg - st.target_lao_deg) < 1e-6 &&
         std::abs(st.c_arm.cranial_deg - st.target_cranial_deg) < 1e-6;
}

bool has_skill(PredicateKind k) {
  switch (k) {
    case PredicateKind::SheathIn:
    case PredicateKind::PunctureIn:
    case PredicateKind::PunctureOver:
    case PredicateKind::Angiogram:
    case PredicateKind::WireIn:
    case PredicateKind::WireTipIn:
    case PredicateKind::WireTipBeyond:
    case PredicateKind::OcclusionCrossed:
    case PredicateKind::WireRemoved:
    case PredicateKind::SheathRemoved:
    case PredicateKind::Compression:
    case PredicateKind::BalloonIn:
    case PredicateKind::BalloonSized:
    case PredicateKind::BalloonAtLesion:
    case PredicateKind::BalloonInflated:
    case PredicateKind::BalloonWaistResolved:
    case PredicateKind::BalloonRemoved:
    case PredicateKind::StentIn:
    case PredicateKind::StentSized:
    case PredicateKind::StentAtLesion:
    case PredicateKind::StentDeployed:
    case PredicateKind::StentCovers:
    case PredicateKind::StentApposed:
    case PredicateKind::StentLandingWithin:
    case PredicateKind::StentRemoved:
    case PredicateKind::ResidualStenosisBelow:
      return true;
    default:
      return false;
  }
}

}  // namespace

const Predicate* Autopilot::actionable(const Predicate& p, const ProcedureFacts& facts) const {
  if (p.kind == PredicateKind::All) {
    const Predicate* fallback = nullptr;
    for (const Predicate& o : p.operands)
      if (const Predicate* a = actionable(o, facts)) {
        if (!o.evaluate(facts)) return a;
        fallback = a;  // all true (an objective held for_s): keep doing the last
      }
    return fallback;
  }
  if (p.kind == PredicateKind::Any)
    for (const Predicate& o : p.operands)
      if (const Predicate* a = actionable(o, facts)) return a;
  return has_skill(p.kind) ? &p : nullptr;
}

void Autopilot::enter_phase(int phase, double now_s) {
  phase_ = phase;
  phase_start_s_ = now_s;
}

std::vector<std::string> Autopilot::wires_allowed(const ProcedureSession& s) const {
  std::vector<std::string> out;
  const StepSpec* step = s.controller().current();
  for (const std::string& id : case_.procedure.inventory.guidewires)
    if (!step || step->devices.empty() || std::find(step->devices.begin(), step->devices.end(), id) != step->devices.end())
      out.push_back(id);
  if (out.empty() && case_.guidewire) out.push_back(case_.guidewire->id);
  return out;
}

SessionInput Autopilot::next(const ProcedureSession& s) {
  SessionInput in;
  Levels want;
  const StepController& ctl = s.controller();
  const Simulation& sim = s.sim();
  const double now = sim.state().time_s;
  if (!ctl.finished() && !stuck()) {
    const StepSpec& step = *ctl.current();
    if (ctl.awaiting_decision()) {
      in.decide = step.decision->correct_option(s.facts());
      doing_ = "Deciding: " + step.decision->question;
    } else {
      int objective = -1;
      for (size_t o = 0; o < ctl.objectives().size() && objective < 0; ++o)
        if (!ctl.objectives()[o].met) objective = int(o);
      if (ctl.active_step() != step_ || objective != objective_) {
        step_ = ctl.active_step();
        objective_ = objective;
        tries_ = 0;
        roadmap_asked_ = false;
        enter_phase(0, now);
      }
      if (ctl.step_elapsed_s() > step.time_limit_s) {
        give_up("step \"" + step.title + "\" not done within its time limit of " + std::to_string(int(step.time_limit_s)) + " s");
      } else if (objective >= 0) {
        const Predicate* p = actionable(step.objectives[size_t(objective)].when, s.facts());
        if (!p) {
          give_up("no autopilot skill for the objective \"" + step.objectives[size_t(objective)].text + "\"");
        } else {
          switch (p->kind) {
            case PredicateKind::SheathIn:
            case PredicateKind::PunctureIn:
            case PredicateKind::PunctureOver: access(s, *p, in, want); break;
            case PredicateKind::Angiogram: angiogram(s, *p, in, want); break;
            case PredicateKind::WireIn:
              doing_ = "Loading the guidewire";
              if (sim.guidewire() && !p->device.empty() && sim.guidewire()->spec().id != p->device) in.sim.withdraw_wire = true;
              else if (!sim.guidewire()) insert_wire(s, p->device, in);
              break;
            case PredicateKind::WireTipIn:
            case PredicateKind::WireTipBeyond:
            case PredicateKind::OcclusionCrossed: cross(s, *p, in, want); break;
            case PredicateKind::WireRemoved: remove_wire(s, in, want); break;
            case PredicateKind::SheathRemoved:
              if (sim.guidewire()) {
                remove_wire(s, in, want);
              } else if (phase_ == 0) {
                doing_ = "Taking the sheath out";
                in.sim.remove_sheath = true;
                enter_phase(1, now);
              }
              break;
            case PredicateKind::Compression:
              doing_ = "Manual compression over the puncture (femoral head)";
              want.compress = true;
              break;
            case PredicateKind::BalloonIn:
            case PredicateKind::BalloonSized:
            case PredicateKind::BalloonAtLesion:
            case PredicateKind::BalloonInflated:
            case PredicateKind::BalloonWaistResolved:
            case PredicateKind::BalloonRemoved: angioplasty(s, *p, in, want); break;
            case PredicateKind::StentIn:
            case PredicateKind::StentSized:
            case PredicateKind::StentAtLesion:
            case PredicateKind::StentDeployed:
            case PredicateKind::StentCovers:
            case PredicateKind::StentApposed:
            case PredicateKind::StentLandingWithin:
            case PredicateKind::StentRemoved: stenting(s, *p, in, want); break;
            case PredicateKind::ResidualStenosisBelow: dilate(s, *p, in, want); break;
            default: break;
          }
        }
      }
    }
  }
  if (stuck()) doing_ = "Stopped: " + stuck_reason_;
  if (ctl.finished()) doing_ = "Procedure complete";
  // Emit the levels that changed.
  if (!same(want.hands, s.hands())) in.hands = want.hands;
  if (!same(want.balloon, s.balloon_hands())) in.balloon_hands = want.balloon;
  if (!same(want.stent, s.stent_hands())) in.stent_hands = want.stent;
  if (!same(want.pedals, s.pedals())) in.pedals = want.pedals;
  if (want.compress != sim.access().compressing) in.sim.compress = want.compress;
  return in;
}

void Autopilot::access(const ProcedureSession& s, const Predicate& p, SessionInput& in, Levels& want) {
  const Simulation& sim = s.sim();
  const double now = sim.state().time_s, t = now - phase_start_s_;
  if (sim.access().punctured) {
    give_up(p.kind == PredicateKind::SheathIn ? "the sheath is not in the planned vessel" : "the puncture is not where the objective asks");
    return;
  }
  const glm::dvec3 target = case_.access->tip_mm;  // the planned arteriotomy
  switch (phase_) {
    case 0:
      doing_ = "Access: table over the groin, AP view";
      in.sim.c_arm_lao_deg = 0;
      in.sim.c_arm_cranial_deg = 0;
      in.sim.isocenter_mm = target;
      enter_phase(1, now);
      break;
    case 1:
      if (c_arm_arrived(sim)) enter_phase(2, now);
      break;
    case 2:
      doing_ = "Access: fluoroscopy to find the femoral head";
      want.pedals.fluoro = true;
      if (t >= 1.0) {
        doing_ = "Access: puncture over the femoral head, sheath in";
        in.sim.access_at_mm = target;
        enter_phase(3, now);
      }
      break;
    default:
      if (t > 0.5) give_up("the needle did not reach the artery");
      break;
  }
}

void Autopilot::angiogram(const ProcedureSession& s, const Predicate& p, SessionInput& in, Levels& want) {
  const Simulation& sim = s.sim();
  const double now = sim.state().time_s, t = now - phase_start_s_;
  const StepSpec& step = *s.controller().current();
  switch (phase_) {
    case 0: {
      doing_ = "Angiogram: positioning the C-arm on the lesion";
      const LesionSpec& l = sim.anatomy().spec().lesions[size_t(p.lesion)];
      const int v = sim.anatomy().find_vessel(l.vessel);
      glm::dvec3 centre = sim.anatomy().centerline_point(v, l.center_mm);
      double lao = 0, cranial = 0;
      if (step.view) {
        lao = step.view->lao_deg;
        cranial = step.view->cranial_deg;
        if (step.view->centre_mm) centre = *step.view->centre_mm;
        if (step.view->field_cm) in.sim.field_cm = *step.view->field_cm;
      }
      in.sim.c_arm_lao_deg = lao;
      in.sim.c_arm_cranial_deg = cranial;
      in.sim.isocenter_mm = centre;
      in.acquisition_mode = p.mode.empty() ? "dsa" : p.mode;
      in.stop_roadmap = s.console().roadmap();
      injected_ = false;
      enter_phase(1, now);
      break;
    }
    case 1:
      if (c_arm_arrived(sim)) enter_phase(2, now);
      break;
    case 2: {
      doing_ = "Angiogram: acquiring, contrast injected after the mask";
      want.pedals.acquire = true;
      const Injection& i = case_.angiogram;
      if (t >= 1.0 && !injected_) {
        in.sim.inject = i;
        injected_ = true;
      }
      // Until the medium has passed the lesion and washed out of the field.
      if (t >= 1.0 + i.volume_ml / i.rate_ml_s + 4.0) enter_phase(3, now);
      break;
    }
    default:
      doing_ = "Angiogram: reviewing the run";
      if (t > 0.25) {
        if (++tries_ >= 2) give_up("the angiogram did not show the lesion");
        else enter_phase(0, now);
      }
      break;
  }
}

void Autopilot::insert_wire(const ProcedureSession& s, const std::string& device, SessionInput& in) {
  const std::vector<std::string> wires = wires_allowed(s);
  if (!device.empty()) in.sim.insert_wire = device;
  else if (size_t(wire_choice_) < wires.size()) in.sim.insert_wire = wires[size_t(wire_choice_)];
  else give_up("no guidewire on the shelf for this step");
}

void Autopilot::cross(const ProcedureSession& s, const Predicate& p, SessionInput& in, Levels& want) {
  const Simulation& sim = s.sim();
  const VesselTree& tree = sim.anatomy();
  const double now = sim.state().time_s, t = now - phase_start_s_;
  const Guidewire* wire = sim.guidewire();
  if (!sim.sheath()) {
    give_up("no sheath to pass a wire through");
    return;
  }
  const TreePlace access{sim.sheath()->vessel, sim.sheath()->s_mm};
  if (!wire) {
    if (phase_ != 5) {
      doing_ = "Crossing: loading the guidewire";
      insert_wire(s, "", in);
      enter_phase(5, now);
    } else if (t > 0.1) {
      give_up("the guidewire would not go into the sheath");
    }
    return;
  }
  if (phase_ == 0 || phase_ == 5) {
    // Where the wire must get to, and the vessels on the way (with the ones the tip goes on into
    // beyond the lesion: up the parents when travelling toward a vessel's origin).
    if (p.kind == PredicateKind::WireTipIn) {
      target_ = {p.vessel, 0.5 * tree.length_mm(p.vessel)};
      route_ = vessel_route(tree, access.vessel, p.vessel);
    } else {
      const LesionSpec& l = tree.spec().lesions[size_t(p.lesion)];
      const LesionEnds ends = lesion_ends(tree, l, access);
      target_ = ends.far;
      route_ = vessel_route(tree, access.vessel, ends.far.vessel);
      const bool toward_origin = ends.far.s_mm < ends.near.s_mm;
      if (toward_origin)
        for (int v = tree.parent(ends.far.vessel); v >= 0; v = tree.parent(v)) route_.push_back(v);
      else
        for (int v = ends.far.vessel; tree.continues_into_child(v);) route_.push_back(v = tree.end_children(v).front());
    }
    const double margin = p.kind == PredicateKind::WireTipBeyond ? p.value : 0;
    target_distance_mm_ = tree_distance_mm(tree, access, target_) + margin + 5;
    if (!roadmap_asked_) {
      roadmap_asked_ = true;
      in.fluoro_pps = kFluoroPps;
      for (const AcquisitionRun& r : s.console().runs())
        if (r.mode == "dsa" && r.log_frames.size() > 1) in.start_roadmap = true;
    }
    progress_check_s_ = now;
    progress_at_check_mm_ = best_progress_mm_ = 0;
    // An angled tip leaves the sheath pointing anterior, where the first branches off the femoral
    // and external iliac arteries leave (the inferior epigastric, the circumflexes): turned a
    // quarter first, it follows the trunk instead of finding them.
    pointed_ = false;
    enter_phase(3, now);
  }
  want.pedals.fluoro = true;
  const TreePlace tip = wire_tip_place(sim);
  const bool on_route = std::find(route_.begin(), route_.end(), tip.vessel) != route_.end();
  const double progress = on_route ? tree_distance_mm(tree, access, tip) : -1;
  double bored = 0;
  for (size_t l = 0; l < tree.spec().lesions.size(); ++l) bored += sim.occlusions().progress(int(l));
  switch (phase_) {
    case 1:  // push
      doing_ = "Crossing: advancing the wire under fluoroscopy";
      want.hands = {kPush_mm_s, 0};
      if (!on_route) {
        doing_ = "Crossing: the tip went into a side branch, pulling back";
        ++tries_;
        retract_from_mm_ = wire->inserted_length_mm();
        enter_phase(2, now);
      } else if (now - progress_check_s_ >= 1.0) {
        // Stalled: the tip has not gained 2 mm along the route (nor bored into a cap) in a second.
        const bool moving = progress - progress_at_check_mm_ >= 2.0 || bored > best_progress_mm_ + 1e-3;
        best_progress_mm_ = std::max(best_progress_mm_, bored);
        progress_check_s_ = now;
        progress_at_check_mm_ = progress;
        if (!moving) {
          ++tries_;
          retract_from_mm_ = wire->inserted_length_mm();
          enter_phase(2, now);
        }
      }
      if (progress >= target_distance_mm_) want.hands = {};
      break;
    case 2:  // pull back
      doing_ = "Crossing: pulling back to turn the tip";
      want.hands = {-kPush_mm_s, 0};
      if ((retract_from_mm_ - wire->inserted_length_mm() >= 10 && on_route) || wire->inserted_length_mm() < 15)
        enter_phase(3, now);
      break;
    case 3:  // a quarter turn
      doing_ = pointed_ ? "Crossing: turning the hub a quarter turn"
                        : "Crossing: turning the tip a quarter turn off the anterior branches before pushing";
      want.hands = {0, kTurn_deg_s};
      if (t >= 90.0 / kTurn_deg_s - 1e-9) {
        pointed_ = true;
        progress_check_s_ = now;
        progress_at_check_mm_ = on_route ? progress : 0;
        enter_phase(1, now);
      }
      break;
    default:
      break;
  }
  // Repeated failures: exchange for the next wire on the shelf.
  if (tries_ > 8) {
    const std::vector<std::string> wires = wires_allowed(s);
    if (size_t(wire_choice_ + 1) >= wires.size()) {
      give_up("could not cross with the wires on the shelf");
      return;
    }
    doing_ = "Crossing: exchanging for a wire with a higher tip load";
    ++wire_choice_;
    tries_ = 0;
    want.hands = {};
    in.sim.withdraw_wire = true;
    enter_phase(0, now);  // the next tick finds no wire and loads the next one
  }
}

std::string Autopilot::best_on_shelf(const ProcedureSession& s, const std::vector<std::string>& shelf,
                                     const std::function<std::optional<double>(const std::string&)>& score) const {
  const StepSpec* step = s.controller().current();
  std::string best;
  double best_score = 1e18;
  for (const std::string& id : shelf) {
    if (step && !step->devices.empty() && std::find(step->devices.begin(), step->devices.end(), id) == step->devices.end()) continue;
    if (const std::optional<double> x = score(id); x && *x < best_score) {
      best_score = *x;
      best = id;
    }
  }
  return best;
}

std::string Autopilot::choose_balloon(const ProcedureSession& s, int lesion) const {
  const LesionSpec& l = s.sim().anatomy().spec().lesions[size_t(lesion)];
  const double reference = lesion_reference_diameter_mm(s.sim().anatomy(), l);
  return best_on_shelf(s, case_.procedure.inventory.balloons, [&](const std::string& id) -> std::optional<double> {
    const BalloonSpec* b = case_.devices.find_balloon(id);
    if (!b || b->nominal_diameter_mm > 1.1 * reference) return std::nullopt;
    // Nearest 1:1 first, then the shortest that covers the lesion with 5 mm each side.
    const bool covers = b->working_length_mm >= l.length_mm + 10;
    return std::abs(b->nominal_diameter_mm - reference) * 1000 + (covers ? 0 : 500) + b->working_length_mm;
  });
}

void Autopilot::angioplasty(const ProcedureSession& s, const Predicate& p, SessionInput& in, Levels& want) {
  const Simulation& sim = s.sim();
  const BalloonCatheter* b = sim.balloon();
  const int lesion = step_lesion(s, p);
  if (p.kind == PredicateKind::BalloonRemoved) {
    catheters_out(s, in, want);
    return;
  }
  if (!sim.guidewire()) {
    give_up("angioplasty needs the wire across the lesion");
    return;
  }
  if (!b) {
    const std::string id = choose_balloon(s, lesion);
    if (id.empty()) {
      give_up("no balloon on the shelf fits the lesion");
      return;
    }
    doing_ = "Angioplasty: loading a " + id + " balloon on the wire";
    in.sim.insert_balloon = id;
    return;
  }
  want.pedals.fluoro = true;
  const LesionSpec& l = sim.anatomy().spec().lesions[size_t(lesion)];
  const int v = sim.anatomy().find_vessel(l.vessel);
  const double target = wire_distance_to_mm(*sim.guidewire(), sim.anatomy().centerline_point(v, l.center_mm)) +
                        0.5 * b->spec().working_length_mm;
  const double off = target - b->position_mm();
  if (!b->inflated() && std::abs(off) > 0.3 && p.kind != PredicateKind::BalloonInflated && p.kind != PredicateKind::BalloonWaistResolved) {
    doing_ = "Angioplasty: the balloon's markers to either side of the lesion";
    want.balloon.advance_mm_s = std::clamp(4 * off, -20.0, 20.0);
    return;
  }
  if (p.kind == PredicateKind::BalloonIn || p.kind == PredicateKind::BalloonSized || p.kind == PredicateKind::BalloonAtLesion) {
    // Centred and still not met (a balloon shorter than the lesion, the wrong size): no way on.
    if (phase_ != 7) enter_phase(7, sim.state().time_s);
    else if (sim.state().time_s - phase_start_s_ > 0.5) give_up("the balloon on the shelf does not fit the objective");
    return;
  }
  // Inflation: to the objective's pressure, or until the waist has gone (at most rated burst).
  const double to = p.kind == PredicateKind::BalloonInflated ? p.value : b->spec().rated_burst_atm;
  if (p.kind == PredicateKind::BalloonWaistResolved && b->inflated() && b->waist_ratio() >= 0.95) return;
  if (b->pressure_atm() < to - 1e-9) {
    doing_ = "Angioplasty: inflating, watching the waist";
    want.balloon.inflate_atm_s = std::min(1.0, (to - b->pressure_atm()) / Simulation::kStep_s);
  } else if (p.kind == PredicateKind::BalloonWaistResolved) {
    give_up("the waist does not yield at rated burst pressure (a non-compliant balloon, or a stent, is needed)");
  } else {
    // The waist has gone: no need to watch the rest of the hold on fluoroscopy.
    doing_ = "Angioplasty: holding the inflation";
    if (b->waist_ratio() >= 0.95) want.pedals.fluoro = false;
  }
}

void Autopilot::remove_wire(const ProcedureSession& s, SessionInput& in, Levels& want) {
  const Guidewire* wire = s.sim().guidewire();
  if (!wire || !catheters_out(s, in, want)) return;
  doing_ = "Pulling the guidewire out";
  in.stop_roadmap = s.console().roadmap();
  if (wire->inserted_length_mm() > 20) want.hands = {-80, 0};
  else in.sim.withdraw_wire = true;
}

int Autopilot::step_lesion(const ProcedureSession& s, const Predicate& p) const {
  // The predicate's, or the first lesion an objective of the step names.
  if (p.lesion >= 0) return p.lesion;
  const StepSpec& step = *s.controller().current();
  for (size_t o = 0; o < step.objectives.size(); ++o)
    if (const Predicate* q = actionable(step.objectives[o].when, s.facts()); q && q->lesion >= 0) return q->lesion;
  return 0;
}

bool Autopilot::catheters_out(const ProcedureSession& s, SessionInput& in, Levels& want) {
  const Simulation& sim = s.sim();
  if (const BalloonCatheter* b = sim.balloon()) {
    if (b->inflated()) {
      doing_ = "Deflating the balloon";
      want.balloon.inflate_atm_s = -BalloonCatheter::kVacuum_atm_s;
    } else if (b->position_mm() > 1) {
      doing_ = "Pulling the balloon back over the wire";
      want.balloon.advance_mm_s = -BalloonCatheter::kMaxAdvance_mm_s;
    } else {
      in.sim.remove_balloon = true;
    }
    return false;
  }
  if (const StentDelivery* d = sim.stent_system()) {
    if (!d->removable()) return false;  // half deployed: it cannot come out
    if (d->position_mm() > 1) want.stent.advance_mm_s = -StentDelivery::kMaxAdvance_mm_s;
    else in.sim.remove_stent = true;
    doing_ = "Pulling the stent system back over the wire";
    return false;
  }
  return true;
}

std::string Autopilot::choose_stent(const ProcedureSession& s, int lesion) const {
  const LesionSpec& l = s.sim().anatomy().spec().lesions[size_t(lesion)];
  const double reference = lesion_reference_diameter_mm(s.sim().anatomy(), l);
  return best_on_shelf(s, case_.procedure.inventory.stents, [&](const std::string& id) -> std::optional<double> {
    const StentSpec* st = case_.devices.find_stent(id);
    if (!st) return std::nullopt;
    // About 1 mm over the reference first, then the shortest covering the lesion with 5 mm each side.
    const bool covers = st->nominal_length_mm >= l.length_mm + 10;
    return std::abs(st->nominal_diameter_mm - (reference + 1)) * 1000 + (covers ? 0 : 5000) + st->nominal_length_mm;
  });
}

void Autopilot::stenting(const ProcedureSession& s, const Predicate& p, SessionInput& in, Levels& want) {
  const Simulation& sim = s.sim();
  const double now = sim.state().time_s;
  const int lesion = step_lesion(s, p);
  const StentDelivery* d = sim.stent_system();
  if (p.kind == PredicateKind::StentRemoved) {
    catheters_out(s, in, want);
    return;
  }
  const bool deployed = !sim.stents().empty();
  if (deployed) {
    // Deployed and the objective still not met (coverage, apposition, landing): it cannot be undone.
    if (phase_ != 8) enter_phase(8, now);
    else if (now - phase_start_s_ > 0.5) give_up("the deployed stent does not meet the objective");
    return;
  }
  if (!sim.guidewire()) {
    give_up("stenting needs the wire across the lesion");
    return;
  }
  if (!d) {
    if (!catheters_out(s, in, want)) return;
    const std::string id = choose_stent(s, lesion);
    if (id.empty()) {
      give_up("no stent on the shelf for the lesion");
      return;
    }
    doing_ = "Stenting: loading a " + id + " stent system on the wire";
    in.sim.insert_stent = id;
    // Screening the lesion, magnified when the step says so: the markers must be seen.
    const StepSpec& step = *s.controller().current();
    in.sim.isocenter_mm = step.view && step.view->centre_mm ? *step.view->centre_mm
                                                              : sim.anatomy().centerline_point(sim.anatomy().find_vessel(sim.anatomy().spec().lesions[size_t(lesion)].vessel),
                                                                                               sim.anatomy().spec().lesions[size_t(lesion)].center_mm);
    if (step.view && step.view->field_cm) in.sim.field_cm = *step.view->field_cm;
    return;
  }
  want.pedals.fluoro = true;
  const LesionSpec& l = sim.anatomy().spec().lesions[size_t(lesion)];
  const int v = sim.anatomy().find_vessel(l.vessel);
  if (!d->deployment_started()) {
    // The inner shaft's markers centred on the lesion.
    const double target = wire_distance_to_mm(*sim.guidewire(), sim.anatomy().centerline_point(v, l.center_mm)) +
                          0.5 * (d->distal_marker_along_mm() - d->proximal_marker_along_mm());
    const double off = target - d->position_mm();
    if (std::abs(off) > 0.3) {
      doing_ = "Stenting: the system's markers either side of the lesion";
      want.stent.advance_mm_s = std::clamp(4 * off, -20.0, 20.0);
      // The system's tip needs wire ahead of it: the wire goes further up first.
      const double reach = sim.guidewire()->inserted_length_mm() - StentDelivery::kTipLength_mm;
      if (target > reach - 0.3) {
        doing_ = "Stenting: the wire further on, to carry the system across";
        want.hands = {kPush_mm_s, 0};
      }
      enter_phase(0, now);
      return;
    }
    if (p.kind == PredicateKind::StentIn || p.kind == PredicateKind::StentSized || p.kind == PredicateKind::StentAtLesion) {
      if (phase_ != 7) enter_phase(7, now);
      else if (now - phase_start_s_ > 0.5) give_up("the stent on the shelf does not fit the objective");
      return;
    }
  }
  // Deployment: the sheath back steadily, slowly over the last ring (against the jump).
  const StentSpec& spec = d->spec();
  const double last_ring_from = d->crimped_length_mm() - spec.ring_length_mm(spec.crimped_diameter_mm) - spec.bridge_length_mm;
  doing_ = d->anchored() ? "Stenting: distal end anchored, pulling the sheath back ring by ring"
                         : "Stenting: pulling the sheath back, the distal end opens";
  want.stent.retract_mm_s = d->retracted_mm() >= last_ring_from ? 1.0 : 3.0;
}

void Autopilot::dilate(const ProcedureSession& s, const Predicate& p, SessionInput& in, Levels& want) {
  const Simulation& sim = s.sim();
  const double now = sim.state().time_s;
  const int lesion = step_lesion(s, p);
  const BalloonCatheter* b = sim.balloon();
  if (!sim.guidewire()) {
    give_up("dilation needs the wire across the lesion");
    return;
  }
  const bool in_stent = !sim.stents().empty();
  const std::string what = in_stent ? "Post-dilation" : "Dilation";
  if (!b) {
    if (dilations_ >= 2) {
      give_up("the residual stenosis stays above the objective after two dilations");
      return;
    }
    if (!catheters_out(s, in, want)) return;
    const std::string id = choose_balloon(s, lesion);
    if (id.empty()) {
      give_up("no balloon on the shelf fits the lesion");
      return;
    }
    doing_ = what + ": loading a " + id + " balloon on the wire";
    in.sim.insert_balloon = id;
    enter_phase(0, now);
    return;
  }
  want.pedals.fluoro = true;
  const LesionSpec& l = sim.anatomy().spec().lesions[size_t(lesion)];
  const int v = sim.anatomy().find_vessel(l.vessel);
  switch (phase_) {
    case 0: {
      const double target = wire_distance_to_mm(*sim.guidewire(), sim.anatomy().centerline_point(v, l.center_mm)) +
                            0.5 * b->spec().working_length_mm;
      const double off = target - b->position_mm();
      doing_ = what + ": the balloon's markers across the lesion";
      if (std::abs(off) > 0.3) want.balloon.advance_mm_s = std::clamp(4 * off, -20.0, 20.0);
      else enter_phase(1, now);
      break;
    }
    case 1:
      doing_ = what + ": inflating to nominal pressure";
      if (b->pressure_atm() < b->spec().nominal_atm - 1e-9)
        want.balloon.inflate_atm_s = std::min(1.0, (b->spec().nominal_atm - b->pressure_atm()) / Simulation::kStep_s);
      else enter_phase(2, now);
      break;
    case 2:
      doing_ = what + ": holding the inflation for 30 s";
      want.pedals.fluoro = false;
      if (now - phase_start_s_ >= 30) {
        ++dilations_;
        enter_phase(3, now);
      }
      break;
    default:
      catheters_out(s, in, want);
      break;
  }
}

}  // namespace angiosim
