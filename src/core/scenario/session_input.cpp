#include "core/scenario/session_input.h"

#include <algorithm>
#include <cmath>

#include "core/util/input_error.h"

namespace angiosim {
namespace {

nlohmann::json vec(const glm::dvec3& v) { return {v.x, v.y, v.z}; }

}  // namespace

bool SessionInput::empty() const { return to_json(*this).empty(); }

nlohmann::json to_json(const SessionInput& in) {
  nlohmann::json j = nlohmann::json::object();
  const OperatorCommands& c = in.sim;
  if (c.c_arm_lao_deg) j["lao_deg"] = *c.c_arm_lao_deg;
  if (c.c_arm_cranial_deg) j["cranial_deg"] = *c.c_arm_cranial_deg;
  if (c.isocenter_mm) j["isocenter_mm"] = vec(*c.isocenter_mm);
  if (c.field_cm) j["field_cm"] = *c.field_cm;
  if (c.sid_mm) j["sid_mm"] = *c.sid_mm;
  if (c.inject) j["inject"] = {c.inject->vessel, c.inject->s_mm, c.inject->rate_ml_s, c.inject->volume_ml};
  if (c.stop_injection) j["stop_injection"] = true;
  if (c.access_at_mm) j["access_at_mm"] = vec(*c.access_at_mm);
  if (c.insert_wire) j["insert_wire"] = *c.insert_wire;
  if (c.withdraw_wire) j["withdraw_wire"] = true;
  if (c.remove_sheath) j["remove_sheath"] = true;
  if (c.compress) j["compress"] = *c.compress;
  if (in.hands) j["hands"] = {in.hands->advance_mm_s, in.hands->rotate_deg_s};
  if (in.balloon_hands) j["balloon"] = {in.balloon_hands->advance_mm_s, in.balloon_hands->inflate_atm_s};
  if (c.insert_balloon) j["insert_balloon"] = *c.insert_balloon;
  if (c.remove_balloon) j["remove_balloon"] = true;
  if (in.stent_hands) j["stent"] = {in.stent_hands->advance_mm_s, in.stent_hands->retract_mm_s};
  if (c.insert_stent) j["insert_stent"] = *c.insert_stent;
  if (c.remove_stent) j["remove_stent"] = true;
  if (in.pedals) j["pedals"] = {in.pedals->fluoro, in.pedals->acquire};
  if (in.fluoro_pps) j["fluoro_pps"] = *in.fluoro_pps;
  if (in.acquisition_mode) j["acquisition_mode"] = *in.acquisition_mode;
  if (in.acquisition_pps) j["acquisition_pps"] = *in.acquisition_pps;
  if (in.fluoro_mode) j["fluoro_mode"] = *in.fluoro_mode;
  if (in.collimation)
    j["collimation"] = {in.collimation->left, in.collimation->right, in.collimation->top, in.collimation->bottom,
                        in.collimation->round};
  if (in.edge_enhancement) j["edge_enhancement"] = *in.edge_enhancement;
  if (in.start_roadmap) j["start_roadmap"] = true;
  if (in.stop_roadmap) j["stop_roadmap"] = true;
  if (in.hint) j["hint"] = true;
  if (in.decide) j["decide"] = *in.decide;
  if (in.back) j["back"] = true;
  if (in.jump_to) j["jump_to"] = *in.jump_to;
  return j;
}

SessionInput session_input_from_json(const nlohmann::json& j, const std::string& name) {
  SessionInput in;
  auto fail = [&](const std::string& key, const std::string& what) -> void {
    throw InputError(name + ": /" + key + ": " + what);
  };
  if (!j.is_object()) throw InputError(name + ": an input must be an object");
  auto number = [&](const std::string& key, const nlohmann::json& v) {
    if (!v.is_number() || !std::isfinite(v.get<double>())) fail(key, "expected a finite number");
    return v.get<double>();
  };
  auto vec3 = [&](const std::string& key, const nlohmann::json& v) {
    if (!v.is_array() || v.size() != 3) fail(key, "expected [x, y, z]");
    return glm::dvec3(number(key, v[0]), number(key, v[1]), number(key, v[2]));
  };
  auto flag = [&](const std::string& key, const nlohmann::json& v) {
    if (!v.is_boolean()) fail(key, "expected true or false");
    return v.get<bool>();
  };
  auto text = [&](const std::string& key, const nlohmann::json& v) {
    if (!v.is_string()) fail(key, "expected a string");
    return v.get<std::string>();
  };
  for (const auto& [key, v] : j.items()) {
    OperatorCommands& c = in.sim;
    if (key == "lao_deg") c.c_arm_lao_deg = number(key, v);
    else if (key == "cranial_deg") c.c_arm_cranial_deg = number(key, v);
    else if (key == "isocenter_mm") c.isocenter_mm = vec3(key, v);
    else if (key == "field_cm") c.field_cm = number(key, v);
    else if (key == "sid_mm") c.sid_mm = number(key, v);
    else if (key == "inject") {
      if (!v.is_array() || v.size() != 4) fail(key, "expected [vessel, s_mm, rate_ml_s, volume_ml]");
      c.inject = Injection{int(std::clamp(number(key, v[0]), -1.0, 1e6)), number(key, v[1]), number(key, v[2]), number(key, v[3])};
    } else if (key == "stop_injection") c.stop_injection = flag(key, v);
    else if (key == "access_at_mm") c.access_at_mm = vec3(key, v);
    else if (key == "insert_wire") c.insert_wire = text(key, v);
    else if (key == "withdraw_wire") c.withdraw_wire = flag(key, v);
    else if (key == "remove_sheath") c.remove_sheath = flag(key, v);
    else if (key == "compress") c.compress = flag(key, v);
    else if (key == "hands") {
      if (!v.is_array() || v.size() != 2) fail(key, "expected [advance_mm_s, rotate_deg_s]");
      in.hands = HubControls{number(key, v[0]), number(key, v[1])};
    } else if (key == "balloon") {
      if (!v.is_array() || v.size() != 2) fail(key, "expected [advance_mm_s, inflate_atm_s]");
      in.balloon_hands = BalloonControls{number(key, v[0]), number(key, v[1])};
    } else if (key == "insert_balloon") c.insert_balloon = text(key, v);
    else if (key == "remove_balloon") c.remove_balloon = flag(key, v);
    else if (key == "stent") {
      if (!v.is_array() || v.size() != 2) fail(key, "expected [advance_mm_s, retract_mm_s]");
      in.stent_hands = StentControls{number(key, v[0]), number(key, v[1])};
    } else if (key == "insert_stent") c.insert_stent = text(key, v);
    else if (key == "remove_stent") c.remove_stent = flag(key, v);
    else if (key == "pedals") {
      if (!v.is_array() || v.size() != 2) fail(key, "expected [fluoro, acquire]");
      in.pedals = Pedals{flag(key, v[0]), flag(key, v[1])};
    } else if (key == "fluoro_pps") in.fluoro_pps = number(key, v);
    else if (key == "acquisition_mode") in.acquisition_mode = text(key, v);
    else if (key == "acquisition_pps") in.acquisition_pps = number(key, v);
    else if (key == "fluoro_mode") in.fluoro_mode = text(key, v);
    else if (key == "collimation") {
      if (!v.is_array() || v.size() != 5) fail(key, "expected [left, right, top, bottom, round]");
      in.collimation = Collimation{number(key, v[0]), number(key, v[1]), number(key, v[2]), number(key, v[3]), flag(key, v[4])};
    } else if (key == "edge_enhancement") in.edge_enhancement = number(key, v);
    else if (key == "start_roadmap") in.start_roadmap = flag(key, v);
    else if (key == "stop_roadmap") in.stop_roadmap = flag(key, v);
    else if (key == "hint") in.hint = flag(key, v);
    else if (key == "decide") in.decide = int(std::clamp(number(key, v), -1.0, 1e6));
    else if (key == "back") in.back = flag(key, v);
    else if (key == "jump_to") in.jump_to = int(std::clamp(number(key, v), -1.0, 1e6));
    else fail(key, "unknown input");
  }
  return in;
}

}  // namespace angiosim
