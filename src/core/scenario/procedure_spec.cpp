#include "core/scenario/procedure_spec.h"

#include <set>

#include "core/anatomy/vessel_tree.h"

namespace angiosim {
namespace {

const char* const kGenericDevices[] = {"needle", "sheath", "contrast"};

std::string known_device(const JsonReader& field, const DeviceCatalog& devices) {
  const std::string id = field.string();
  for (const char* g : kGenericDevices)
    if (id == g) return id;
  if (!devices.find_guidewire(id) && !devices.find_balloon(id) && !devices.find_stent(id))
    field.fail("unknown device \"" + id + "\" (not in " +
               (devices.source_file.empty() ? std::string("the device catalogue") : devices.source_file) + ")");
  return id;
}

// "centre_on": {"lesion": name} | {"vessel": name, "position_mm": s} | {"shape": name}.
glm::dvec3 centre_point(const JsonReader& j, const AnatomySpec& anatomy) {
  j.expect_only({"lesion", "vessel", "position_mm", "shape"});
  const VesselTree tree(anatomy);
  if (auto l = j.find("lesion")) {
    const std::string name = l->string();
    for (const LesionSpec& lesion : anatomy.lesions)
      if (lesion.name == name) return tree.centerline_point(tree.find_vessel(lesion.vessel), lesion.center_mm);
    l->fail("unknown lesion \"" + name + "\"");
  }
  if (auto v = j.find("vessel")) {
    const int index = tree.find_vessel(v->string());
    if (index < 0) v->fail("unknown vessel \"" + v->string() + "\"");
    return tree.centerline_point(index, j.number_or("position_mm", 0, 0, tree.length_mm(index)));
  }
  if (auto s = j.find("shape")) {
    for (const BackgroundShapeSpec& shape : anatomy.background)
      if (shape.name == s->string()) {
        if (shape.kind != ShapeKind::Ellipsoid) s->fail("\"" + shape.name + "\" is not an ellipsoid");
        return shape.center_mm;
      }
    s->fail("unknown background shape \"" + s->string() + "\"");
  }
  j.fail("needs \"lesion\", \"vessel\" or \"shape\"");
}

StepSpec read_step(const JsonReader& j, const AnatomySpec& anatomy, const DeviceCatalog& devices) {
  j.expect_only({"id", "title", "teaching", "objectives", "hints", "devices", "errors", "decision", "view",
                 "time_limit_s", "note"});
  StepSpec s;
  s.id = j.at("id").string();
  if (s.id.empty()) j.at("id").fail("must not be empty");
  s.title = j.at("title").string();
  s.teaching = j.string_or("teaching", "");
  for (const JsonReader& o : j.at("objectives").elements()) {
    o.expect_only({"text", "when", "for_s", "id", "after"});
    ObjectiveSpec objective;
    objective.text = o.at("text").string();
    objective.when = parse_predicate(o.at("when"), anatomy);
    objective.for_s = o.number_or("for_s", 0, 0, 3600);
    objective.id = o.string_or("id", "");
    if (!objective.id.empty())
      for (const ObjectiveSpec& earlier : s.objectives)
        if (earlier.id == objective.id) o.at("id").fail("duplicate objective id \"" + objective.id + "\" in this step");
    if (auto after = o.find("after")) {
      const std::string name = after->string();
      for (size_t k = 0; k < s.objectives.size() && objective.after < 0; ++k)
        if (s.objectives[k].id == name) objective.after = int(k);
      if (objective.after < 0) after->fail("no earlier objective of this step has the id \"" + name + "\"");
    }
    s.objectives.push_back(std::move(objective));
  }
  if (s.objectives.empty()) j.at("objectives").fail("a step needs at least one objective");
  if (auto hints = j.find("hints"))
    for (const JsonReader& h : hints->elements()) {
      h.expect_only({"text", "after_s"});
      s.hints.push_back({h.at("text").string(), h.number_or("after_s", -1, -1, 36000)});
    }
  if (auto d = j.find("devices"))
    for (const JsonReader& id : d->elements()) s.devices.push_back(known_device(id, devices));
  if (auto errors = j.find("errors")) {
    std::set<std::string> ids;
    for (const JsonReader& e : errors->elements()) {
      e.expect_only({"id", "text", "when", "complication"});
      ErrorSpec error{e.at("id").string(), e.at("text").string(), parse_predicate(e.at("when"), anatomy),
                      e.boolean_or("complication", false)};
      if (!ids.insert(error.id).second) e.at("id").fail("duplicate error id \"" + error.id + "\"");
      s.errors.push_back(std::move(error));
    }
  }
  if (auto v = j.find("view")) {
    v->expect_only({"lao_deg", "cranial_deg", "centre_on", "field_cm"});
    ViewSpec view;
    view.lao_deg = v->number_or("lao_deg", 0, -120, 120);
    view.cranial_deg = v->number_or("cranial_deg", 0, -45, 45);
    if (auto c = v->find("centre_on")) view.centre_mm = centre_point(*c, anatomy);
    if (auto f = v->find("field_cm")) view.field_cm = f->number(0, 100);
    s.view = view;
  }
  s.time_limit_s = j.number_or("time_limit_s", s.time_limit_s, 1, 36000);
  if (auto d = j.find("decision")) {
    d->expect_only({"question", "options", "rules", "default", "explanation"});
    DecisionSpec decision;
    decision.question = d->at("question").string();
    decision.explanation = d->string_or("explanation", "");
    for (const JsonReader& o : d->at("options").elements()) {
      o.expect_only({"label", "next_step"});
      decision.options.push_back({o.at("label").string(), o.string_or("next_step", "")});
    }
    if (decision.options.size() < 2) d->at("options").fail("a decision needs at least two options");
    auto option_index = [&](const JsonReader& field) {
      const std::string label = field.string();
      for (size_t k = 0; k < decision.options.size(); ++k)
        if (decision.options[k].label == label) return int(k);
      field.fail("no option labelled \"" + label + "\"");
    };
    if (auto rules = d->find("rules"))
      for (const JsonReader& r : rules->elements()) {
        r.expect_only({"when", "answer"});
        decision.rules.push_back({parse_predicate(r.at("when"), anatomy), option_index(r.at("answer"))});
      }
    decision.default_option = option_index(d->at("default"));
    s.decision = std::move(decision);
  }
  return s;
}

}  // namespace

int DecisionSpec::correct_option(const ProcedureFacts& facts) const {
  for (const Rule& r : rules)
    if (r.when.evaluate(facts)) return r.option;
  return default_option;
}

int ProcedureSpec::find_step(const std::string& id) const {
  for (size_t k = 0; k < steps.size(); ++k)
    if (steps[k].id == id) return int(k);
  return -1;
}

ProcedureSpec read_procedure(const JsonReader& root, const AnatomySpec& anatomy, const DeviceCatalog& devices) {
  ProcedureSpec p;
  if (auto inv = root.find("inventory")) {
    inv->expect_only({"guidewires", "balloons", "stents", "sheath_french", "note"});
    if (auto stents = inv->find("stents"))
      for (const JsonReader& b : stents->elements()) {
        const std::string id = b.string();
        if (!devices.find_stent(id)) b.fail("unknown stent \"" + id + "\" (not in the device catalogue)");
        p.inventory.stents.push_back(id);
      }
    if (auto balloons = inv->find("balloons"))
      for (const JsonReader& b : balloons->elements()) {
        const std::string id = b.string();
        if (!devices.find_balloon(id)) b.fail("unknown balloon \"" + id + "\" (not in the device catalogue)");
        p.inventory.balloons.push_back(id);
      }
    if (auto wires = inv->find("guidewires"))
      for (const JsonReader& w : wires->elements()) {
        const std::string id = w.string();
        if (!devices.find_guidewire(id)) w.fail("unknown guidewire \"" + id + "\" (not in the device catalogue)");
        p.inventory.guidewires.push_back(id);
      }
    p.inventory.sheath_french = inv->number_or("sheath_french", 6, 4, 24);
  }
  if (auto sc = root.find("scoring")) {
    sc->expect_only({"per_error", "per_complication", "per_step_not_done", "per_target_exceeded", "targets", "note"});
    ScoringSpec& k = p.scoring;
    k.per_error = sc->number_or("per_error", k.per_error, 0, 100);
    k.per_complication = sc->number_or("per_complication", k.per_complication, 0, 100);
    k.per_step_not_done = sc->number_or("per_step_not_done", k.per_step_not_done, 0, 100);
    k.per_target_exceeded = sc->number_or("per_target_exceeded", k.per_target_exceeded, 0, 100);
    if (auto t = sc->find("targets")) {
      t->expect_only({"time_s", "fluoro_time_s", "air_kerma_mGy", "kerma_area_product_Gy_cm2", "contrast_ml", "note"});
      k.target_time_s = t->number_or("time_s", 0, 0, 36000);
      k.target_fluoro_time_s = t->number_or("fluoro_time_s", 0, 0, 36000);
      k.target_air_kerma_mGy = t->number_or("air_kerma_mGy", 0, 0, 100000);
      k.target_kap_Gy_cm2 = t->number_or("kerma_area_product_Gy_cm2", 0, 0, 100000);
      k.target_contrast_ml = t->number_or("contrast_ml", 0, 0, 1000);
    }
  }
  if (auto steps = root.find("steps")) {
    for (const JsonReader& s : steps->elements()) {
      StepSpec step = read_step(s, anatomy, devices);
      if (p.find_step(step.id) >= 0) s.at("id").fail("duplicate step id \"" + step.id + "\"");
      p.steps.push_back(std::move(step));
    }
    // Decisions may only name steps that exist.
    const std::vector<JsonReader> elements = steps->elements();
    for (size_t k = 0; k < p.steps.size(); ++k)
      if (p.steps[k].decision)
        for (size_t o = 0; o < p.steps[k].decision->options.size(); ++o) {
          const std::string& next = p.steps[k].decision->options[o].next_step;
          if (!next.empty() && p.find_step(next) < 0)
            elements[k].at("decision").at("options").elements()[o].at("next_step").fail("unknown step \"" + next + "\"");
        }
  }
  return p;
}

}  // namespace angiosim
