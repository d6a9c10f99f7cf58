#include "core/scenario/predicate.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/anatomy/vessel_paths.h"

namespace angiosim {
namespace {

const std::map<std::string, PredicateKind>& kinds() {
  static const std::map<std::string, PredicateKind> k = {
      {"all", PredicateKind::All},
      {"any", PredicateKind::Any},
      {"not", PredicateKind::Not},
      {"sheath_in", PredicateKind::SheathIn},
      {"puncture_in", PredicateKind::PunctureIn},
      {"puncture_over", PredicateKind::PunctureOver},
      {"sheath_removed", PredicateKind::SheathRemoved},
      {"compression", PredicateKind::Compression},
      {"angiogram", PredicateKind::Angiogram},
      {"wire_in", PredicateKind::WireIn},
      {"wire_tip_in", PredicateKind::WireTipIn},
      {"wire_tip_beyond", PredicateKind::WireTipBeyond},
      {"wire_removed", PredicateKind::WireRemoved},
      {"occlusion_crossed", PredicateKind::OcclusionCrossed},
      {"healthy_wall_push", PredicateKind::HealthyWallPush},
      {"residual_stenosis_below", PredicateKind::ResidualStenosisBelow},
      {"balloon_in", PredicateKind::BalloonIn},
      {"balloon_sized", PredicateKind::BalloonSized},
      {"balloon_at_lesion", PredicateKind::BalloonAtLesion},
      {"balloon_inflated", PredicateKind::BalloonInflated},
      {"balloon_waist_resolved", PredicateKind::BalloonWaistResolved},
      {"balloon_removed", PredicateKind::BalloonRemoved},
      {"balloon_above_burst", PredicateKind::BalloonAboveBurst},
      {"balloon_ruptured", PredicateKind::BalloonRuptured},
      {"balloon_oversized", PredicateKind::BalloonOversized},
      {"dissection", PredicateKind::Dissection},
      {"contrast_above", PredicateKind::ContrastAbove},
      {"fluoro_time_above", PredicateKind::FluoroTimeAbove},
      {"air_kerma_above", PredicateKind::AirKermaAbove},
      {"runs_above", PredicateKind::RunsAbove},
  };
  return k;
}

// Predicates that need devices not simulated yet: named so a scenario using them gets a clear
// message instead of "unknown".
bool needs_future_device(const std::string& type) { return type.rfind("stent_", 0) == 0; }

int vessel_index(const JsonReader& field, const AnatomySpec& a) {
  const std::string name = field.string();
  for (size_t v = 0; v < a.vessels.size(); ++v)
    if (a.vessels[v].name == name) return int(v);
  field.fail("unknown vessel \"" + name + "\"");
}

int lesion_index(const JsonReader& field, const AnatomySpec& a) {
  const std::string name = field.string();
  for (size_t l = 0; l < a.lesions.size(); ++l)
    if (a.lesions[l].name == name) return int(l);
  field.fail("unknown lesion \"" + name + "\" (the case's lesions: the scenario's \"lesions\" or the model's)");
}

int shape_index(const JsonReader& field, const AnatomySpec& a) {
  const std::string name = field.string();
  for (size_t k = 0; k < a.background.size(); ++k)
    if (a.background[k].name == name) {
      if (a.background[k].kind != ShapeKind::Ellipsoid) field.fail("\"" + name + "\" is not an ellipsoid");
      return int(k);
    }
  field.fail("unknown background shape \"" + name + "\"");
}

// Where a lesion starts and ends along its vessel.
TreePlace lesion_end(const VesselTree& tree, const LesionSpec& l, double side) {
  const int v = tree.find_vessel(l.vessel);
  return {v, std::clamp(l.center_mm + side * 0.5 * l.length_mm, 0.0, tree.length_mm(v))};
}

bool tip_beyond(const Simulation& sim, const LesionSpec& l, double margin_mm) {
  if (!sim.guidewire() || !sim.sheath()) return false;
  const VesselTree& tree = sim.anatomy();
  const TreePlace access{sim.sheath()->vessel, sim.sheath()->s_mm};
  const LesionEnds ends = lesion_ends(tree, l, access);
  const TreePlace tip = wire_tip_place(sim);
  // The wire went through the lesion (both ends on its path) and on beyond the far end.
  return on_path(tree, access, tip, ends.near) && on_path(tree, access, tip, ends.far) &&
         tree_distance_mm(tree, ends.far, tip) >= margin_mm;
}

bool puncture_over(const Simulation& sim, const BackgroundShapeSpec& shape) {
  if (!sim.access().punctured) return false;
  // In the AP view: the ellipsoid's outline on the coronal (x–z) plane.
  const glm::dvec3 d = sim.access().puncture_mm - shape.center_mm;
  const glm::dvec3 ex = glm::abs(shape.rotation * glm::dvec3(shape.radii_mm.x, 0, 0)) +
                        glm::abs(shape.rotation * glm::dvec3(0, shape.radii_mm.y, 0)) +
                        glm::abs(shape.rotation * glm::dvec3(0, 0, shape.radii_mm.z));
  // (its half-extents along x and z; exact for a sphere such as a femoral head).
  return (d.x / ex.x) * (d.x / ex.x) + (d.z / ex.z) * (d.z / ex.z) <= 1.0;
}

}  // namespace

LesionEnds lesion_ends(const VesselTree& tree, const LesionSpec& l, const TreePlace& from) {
  const TreePlace a = lesion_end(tree, l, -1), b = lesion_end(tree, l, +1);
  if (tree_distance_mm(tree, from, b) >= tree_distance_mm(tree, from, a)) return {a, b};
  return {b, a};
}

TreePlace wire_tip_place(const Simulation& sim) {
  if (!sim.guidewire()) return {};
  const VesselTree& tree = sim.anatomy();
  const CenterlineLocation at = sim.lumen().nearest_centerline(sim.guidewire()->tip_mm());
  TreePlace p{at.vessel, at.s_mm};
  // A tip at a junction is still in the parent: it has entered a branch once it is out of the
  // parent's lumen. Along a branch leaving at angle θ, a point at arclength s lies about s·sin θ
  // from the parent's axis, so that is past the parent's radius r when s > r / sin θ; a branch's
  // own radius more and the tip is inside it, not at its ostium.
  for (int parent = tree.parent(p.vessel); parent >= 0; parent = tree.parent(p.vessel)) {
    const double origin = std::min(tree.origin_mm(p.vessel), tree.length_mm(parent));
    const double r = tree.reference_radius_mm(parent, origin);
    const double sin_angle = glm::length(glm::cross(tree.tangent(parent, origin), tree.tangent(p.vessel, std::min(r, tree.length_mm(p.vessel)))));
    if (p.s_mm > r / std::max(sin_angle, 0.25) + tree.reference_radius_mm(p.vessel, 0)) break;
    p = {parent, origin};
  }
  return p;
}

const char* to_string(PredicateKind kind) {
  for (const auto& [name, k] : kinds())
    if (k == kind) return name.c_str();
  return "?";
}

Predicate parse_predicate(const JsonReader& j, const AnatomySpec& a) {
  if (!j.is_object()) j.fail("a predicate is an object {\"type\": ...}");
  const JsonReader type = j.at("type");
  const std::string name = type.string();
  if (needs_future_device(name))
    type.fail("\"" + name + "\" needs a device this version does not simulate yet");
  auto it = kinds().find(name);
  if (it == kinds().end()) type.fail("unknown predicate \"" + name + "\"");
  Predicate p;
  p.kind = it->second;
  switch (p.kind) {
    case PredicateKind::All:
    case PredicateKind::Any:
      j.expect_only({"type", "of"});
      for (const JsonReader& o : j.at("of").elements()) p.operands.push_back(parse_predicate(o, a));
      if (p.operands.empty()) j.at("of").fail("needs at least one predicate");
      break;
    case PredicateKind::Not:
      j.expect_only({"type", "predicate"});
      p.operands.push_back(parse_predicate(j.at("predicate"), a));
      break;
    case PredicateKind::SheathIn:
    case PredicateKind::PunctureIn:
    case PredicateKind::WireTipIn:
      j.expect_only({"type", "vessel"});
      p.vessel = vessel_index(j.at("vessel"), a);
      break;
    case PredicateKind::PunctureOver:
      j.expect_only({"type", "shape"});
      p.shape = shape_index(j.at("shape"), a);
      break;
    case PredicateKind::SheathRemoved:
    case PredicateKind::WireRemoved:
    case PredicateKind::HealthyWallPush:
      j.expect_only({"type"});
      break;
    case PredicateKind::Compression:
      j.expect_only({"type", "s"});
      p.value = j.at("s").number(1, 3600);
      break;
    case PredicateKind::Angiogram:
      j.expect_only({"type", "lesion", "mode", "min_frames"});
      p.lesion = lesion_index(j.at("lesion"), a);
      p.mode = j.string_or("mode", "");
      if (p.mode != "" && p.mode != "dsa" && p.mode != "cine") j.at("mode").fail("expected \"dsa\" or \"cine\"");
      p.min_frames = j.has("min_frames") ? j.at("min_frames").integer(1, 1000) : 3;
      break;
    case PredicateKind::WireIn:
      j.expect_only({"type", "device"});
      p.device = j.string_or("device", "");
      break;
    case PredicateKind::WireTipBeyond:
      j.expect_only({"type", "lesion", "margin_mm"});
      p.lesion = lesion_index(j.at("lesion"), a);
      p.value = j.number_or("margin_mm", 20, 0, 500);
      break;
    case PredicateKind::OcclusionCrossed:
      j.expect_only({"type", "lesion"});
      p.lesion = lesion_index(j.at("lesion"), a);
      if (!a.lesions[size_t(p.lesion)].total_occlusion) j.at("lesion").fail("not a total occlusion");
      break;
    case PredicateKind::ResidualStenosisBelow:
      j.expect_only({"type", "lesion", "percent"});
      p.lesion = lesion_index(j.at("lesion"), a);
      p.value = j.at("percent").number(0, 100);
      break;
    case PredicateKind::BalloonIn:
      j.expect_only({"type", "device"});
      p.device = j.string_or("device", "");
      break;
    case PredicateKind::BalloonSized:
      j.expect_only({"type", "lesion", "min_ratio", "max_ratio"});
      p.lesion = lesion_index(j.at("lesion"), a);
      p.low = j.number_or("min_ratio", 0.9, 0.5, 1.5);
      p.high = j.number_or("max_ratio", 1.1, p.low, 2.0);
      break;
    case PredicateKind::BalloonAtLesion:
      j.expect_only({"type", "lesion", "margin_mm"});
      p.lesion = lesion_index(j.at("lesion"), a);
      p.value = j.number_or("margin_mm", 2, 0, 50);
      break;
    case PredicateKind::BalloonInflated:
      j.expect_only({"type", "atm"});
      p.value = j.at("atm").number(0.5, 30);
      break;
    case PredicateKind::BalloonWaistResolved:
    case PredicateKind::BalloonRemoved:
    case PredicateKind::BalloonAboveBurst:
    case PredicateKind::BalloonRuptured:
      j.expect_only({"type"});
      break;
    case PredicateKind::BalloonOversized:
      j.expect_only({"type", "lesion", "ratio"});
      p.lesion = lesion_index(j.at("lesion"), a);
      p.value = j.number_or("ratio", 1.2, 1.0, 2.0);
      break;
    case PredicateKind::Dissection:
      j.expect_only({"type", "lesion", "flow_limiting"});
      p.lesion = j.has("lesion") ? lesion_index(j.at("lesion"), a) : -1;
      p.flow_limiting = j.boolean_or("flow_limiting", false);
      break;
    case PredicateKind::ContrastAbove:
      j.expect_only({"type", "ml"});
      p.value = j.at("ml").number(0, 1000);
      break;
    case PredicateKind::FluoroTimeAbove:
      j.expect_only({"type", "s"});
      p.value = j.at("s").number(0, 36000);
      break;
    case PredicateKind::AirKermaAbove:
      j.expect_only({"type", "mGy"});
      p.value = j.at("mGy").number(0, 100000);
      break;
    case PredicateKind::RunsAbove:
      j.expect_only({"type", "count"});
      p.value = j.at("count").integer(0, 1000);
      break;
  }
  return p;
}

bool Predicate::evaluate(const ProcedureFacts& f) const {
  const Simulation& sim = *f.sim;
  const AccessState& access = sim.access();
  const Guidewire* wire = sim.guidewire();
  switch (kind) {
    case PredicateKind::All:
      return std::all_of(operands.begin(), operands.end(), [&](const Predicate& p) { return p.evaluate(f); });
    case PredicateKind::Any:
      return std::any_of(operands.begin(), operands.end(), [&](const Predicate& p) { return p.evaluate(f); });
    case PredicateKind::Not:
      return !operands.front().evaluate(f);
    case PredicateKind::SheathIn:
      return access.sheath_in && sim.sheath() && sim.sheath()->vessel == vessel;
    case PredicateKind::PunctureIn:
      return access.punctured && access.vessel == vessel;
    case PredicateKind::PunctureOver:
      return puncture_over(sim, sim.anatomy().spec().background[size_t(shape)]);
    case PredicateKind::SheathRemoved:
      return access.sheath_removed;
    case PredicateKind::Compression:
      return access.sheath_removed && access.compression_s >= value;
    case PredicateKind::Angiogram:
      for (size_t r = f.step_first_run; r < f.runs->size(); ++r) {
        const RunRecord& run = (*f.runs)[r];
        if (run.finished && run.frames >= min_frames && (mode.empty() || run.mode == mode) &&
            size_t(lesion) < run.lesion_shown.size() && run.lesion_shown[size_t(lesion)])
          return true;
      }
      return false;
    case PredicateKind::WireIn:
      return wire && (device.empty() || wire->spec().id == device);
    case PredicateKind::WireTipIn:
      return wire && wire_tip_place(sim).vessel == vessel;
    case PredicateKind::WireTipBeyond:
      return tip_beyond(sim, sim.anatomy().spec().lesions[size_t(lesion)], value);
    case PredicateKind::WireRemoved:
      return !wire;
    case PredicateKind::OcclusionCrossed:
      return sim.occlusions().crossed(lesion);
    case PredicateKind::HealthyWallPush:
      return wire && wire->healthy_wall_risks() > f.healthy_wall_pushes_before;
    case PredicateKind::ResidualStenosisBelow:
      return residual_stenosis_percent(sim.anatomy(), sim.anatomy().spec().lesions[size_t(lesion)]) < value;
    case PredicateKind::BalloonIn:
      return sim.balloon() && (device.empty() || sim.balloon()->spec().id == device);
    case PredicateKind::BalloonSized: {
      if (!sim.balloon()) return false;
      const double ratio = sim.balloon()->spec().nominal_diameter_mm /
                           lesion_reference_diameter_mm(sim.anatomy(), sim.anatomy().spec().lesions[size_t(lesion)]);
      return ratio >= low - 1e-9 && ratio <= high + 1e-9;
    }
    case PredicateKind::BalloonAtLesion:
      return sim.balloon() && sim.guidewire() &&
             balloon_covers(sim.anatomy(), *sim.balloon(), *sim.guidewire(), sim.anatomy().spec().lesions[size_t(lesion)], value);
    case PredicateKind::BalloonInflated:
      return sim.balloon() && sim.balloon()->pressure_atm() >= value - 1e-9;
    case PredicateKind::BalloonWaistResolved:
      return sim.balloon() && sim.balloon()->inflated() && sim.balloon()->waist_ratio() >= 0.95;
    case PredicateKind::BalloonRemoved:
      return !sim.balloon();
    case PredicateKind::BalloonAboveBurst:
      return sim.balloon() && sim.balloon()->pressure_atm() > sim.balloon()->spec().rated_burst_atm + 1e-9;
    case PredicateKind::BalloonRuptured:
      return sim.balloon() && sim.balloon()->ruptured();
    case PredicateKind::BalloonOversized: {
      if (!sim.balloon() || !sim.balloon()->inflated()) return false;
      const BalloonCatheter& b = *sim.balloon();
      if (std::find(b.lesions_under().begin(), b.lesions_under().end(), lesion) == b.lesions_under().end()) return false;
      const double widest = *std::max_element(b.diameter_mm().begin(), b.diameter_mm().end());
      return widest > value * lesion_reference_diameter_mm(sim.anatomy(), sim.anatomy().spec().lesions[size_t(lesion)]);
    }
    case PredicateKind::Dissection:
      for (const DissectionEvent& d : sim.dissections())
        if ((lesion < 0 || d.lesion == lesion) && (!flow_limiting || d.flow_limiting)) return true;
      return false;
    case PredicateKind::ContrastAbove:
      return sim.contrast().injected_ml() > value;
    case PredicateKind::FluoroTimeAbove:
      return f.fluoro_time_s > value;
    case PredicateKind::AirKermaAbove:
      return f.air_kerma_mGy > value;
    case PredicateKind::RunsAbove:
      return double(f.runs->size()) > value;
  }
  return false;
}

bool lesion_in_image(const VesselTree& tree, const LesionSpec& l, const ProjectionGeometry& g) {
  const int v = tree.find_vessel(l.vessel);
  for (double side : {-0.5, 0.0, 0.5}) {
    const auto px = g.project(tree.centerline_point(v, std::clamp(l.center_mm + side * l.length_mm, 0.0, tree.length_mm(v))));
    if (!px) return false;
    const double inset_x = 0.05 * g.width, inset_y = 0.05 * g.height;
    if (px->x < inset_x || px->x > g.width - inset_x || px->y < inset_y || px->y > g.height - inset_y) return false;
  }
  return true;
}

bool lesion_opacified(const VesselTree& tree, const ContrastTransport& contrast, const LesionSpec& l) {
  const int v = tree.find_vessel(l.vessel);
  // Just outside either end as well as inside: an occlusion holds no contrast, its caps show.
  for (double offset : {-0.5 * l.length_mm - 5, -0.25 * l.length_mm, 0.0, 0.25 * l.length_mm, 0.5 * l.length_mm + 5}) {
    const double s = std::clamp(l.center_mm + offset, 0.0, tree.length_mm(v));
    if (contrast.fraction_at(v, s) >= kOpacifiedFraction) return true;
  }
  return false;
}

double lesion_reference_diameter_mm(const VesselTree& tree, const LesionSpec& l) {
  const int v = tree.find_vessel(l.vessel);
  double widest = 0;
  for (double s = l.center_mm - 0.5 * l.length_mm; s <= l.center_mm + 0.5 * l.length_mm; s += 0.5)
    widest = std::max(widest, 2 * tree.reference_radius_mm(v, std::clamp(s, 0.0, tree.length_mm(v))));
  return widest;
}

bool balloon_covers(const VesselTree& tree, const BalloonCatheter& b, const Guidewire& wire, const LesionSpec& l,
                    double margin_mm) {
  const int v = tree.find_vessel(l.vessel);
  const double s0 = std::clamp(l.center_mm - 0.5 * l.length_mm - margin_mm, 0.0, tree.length_mm(v));
  const double s1 = std::clamp(l.center_mm + 0.5 * l.length_mm + margin_mm, 0.0, tree.length_mm(v));
  const double d0 = wire_distance_to_mm(wire, tree.centerline_point(v, s0));
  const double d1 = wire_distance_to_mm(wire, tree.centerline_point(v, s1));
  // The working length spans [position − length, position] along the wire.
  return std::min(d0, d1) >= b.position_mm() - b.spec().working_length_mm - 0.5 && std::max(d0, d1) <= b.position_mm() + 0.5;
}

double residual_stenosis_percent(const VesselTree& tree, const LesionSpec& l) {
  const int v = tree.find_vessel(l.vessel);
  double worst = 0;
  for (double s = l.center_mm - 0.5 * l.length_mm; s <= l.center_mm + 0.5 * l.length_mm; s += 0.25) {
    const double sc = std::clamp(s, 0.0, tree.length_mm(v));
    worst = std::max(worst, 1 - tree.lumen(v, sc).radius_mm / tree.reference_radius_mm(v, sc));
  }
  return 100 * worst;
}

}  // namespace angiosim
