#include "core/scenario/scenario.h"

#include <filesystem>

#include "core/util/data_paths.h"
#include "core/util/json_reader.h"

namespace angiosim {
namespace {

std::string existing_file(const JsonReader& field, const std::string& scenario_path) {
  const std::string path = path_beside(scenario_path, field.string());
  if (!std::filesystem::is_regular_file(path)) field.fail("file not found: " + path);
  return path;
}

}  // namespace

ScenarioSpec load_scenario_file(const std::string& path) {
  const JsonReader root = JsonReader::load_file(path);
  root.expect_only({"title", "patient", "anatomy", "materials", "c_arm", "devices", "access",
                    "guidewire", "initial_view", "contrast", "seed", "note", "lesions", "inventory", "steps", "scoring"});
  ScenarioSpec s;
  s.source_file = path;
  s.sheath_at_start = !root.has("steps");
  s.document = root;
  s.title = root.at("title").string();
  if (auto p = root.find("patient")) {
    if (p->is_object()) {
      p->expect_only({"name", "age", "sex", "indication", "history"});
      s.patient.name = p->string_or("name", "");
      s.patient.age = p->has("age") ? p->at("age").integer(0, 120) : 0;
      s.patient.sex = p->string_or("sex", "");
      s.patient.indication = p->at("indication").string();
      s.patient.history = p->string_or("history", "");
      std::string who = s.patient.name;
      if (s.patient.age > 0) who += (who.empty() ? "" : ", ") + std::to_string(s.patient.age) + " years";
      if (!s.patient.sex.empty()) who += (who.empty() ? "" : ", ") + s.patient.sex;
      s.patient_summary = (who.empty() ? "" : who + ". ") + s.patient.indication +
                          (s.patient.history.empty() ? "" : " " + s.patient.history);
    } else {
      s.patient_summary = p->string();
    }
  }
  s.anatomy_file = existing_file(root.at("anatomy"), path);
  s.materials_file = existing_file(root.at("materials"), path);
  s.c_arm_file = existing_file(root.at("c_arm"), path);
  if (auto d = root.find("devices")) s.devices_file = existing_file(*d, path);
  if (auto a = root.find("access")) {
    a->expect_only({"vessel", "position_mm", "direction", "sheath_at_start", "note"});
    s.sheath_at_start = a->boolean_or("sheath_at_start", s.sheath_at_start);
    s.access_vessel = a->at("vessel").string();
    s.access_position_mm = a->at("position_mm").number(0, 2000);
    const std::string direction = a->string_or("direction", "retrograde");
    if (direction != "retrograde" && direction != "antegrade")
      a->at("direction").fail("expected \"retrograde\" or \"antegrade\"");
    s.access_antegrade = direction == "antegrade";
  }
  if (auto w = root.find("guidewire")) {
    s.guidewire = w->string();
    if (s.devices_file.empty()) w->fail("a guidewire needs \"devices\" (the device catalogue)");
    if (s.access_vessel.empty()) w->fail("a guidewire needs \"access\" (where the sheath is)");
  }
  if (auto v = root.find("initial_view")) {
    v->expect_only({"lao_deg", "cranial_deg", "isocenter_mm"});
    s.initial_view.lao_deg = v->number_or("lao_deg", 0, -120, 120);
    s.initial_view.cranial_deg = v->number_or("cranial_deg", 0, -45, 45);
    if (auto iso = v->find("isocenter_mm")) s.initial_view.isocenter_mm = iso->vec3_range(-1000, 1000);
  }
  if (auto c = root.find("contrast")) {
    c->expect_only({"material", "fraction", "injection"});
    s.contrast_material = c->at("material").string();
    s.contrast_fraction = c->at("fraction").number(0, 1);
    if (auto i = c->find("injection")) {
      i->expect_only({"vessel", "position_mm", "rate_ml_s", "volume_ml", "note"});
      s.injection.vessel = i->string_or("vessel", "");
      s.injection.position_mm = i->number_or("position_mm", 0, 0, 2000);
      s.injection.rate_ml_s = i->at("rate_ml_s").number(0.1, 30);
      s.injection.volume_ml = i->at("volume_ml").number(0.5, 150);
    }
  }
  s.seed = static_cast<uint64_t>(root.number_or("seed", 1, 0, 9.0e15));
  return s;
}

}  // namespace angiosim
