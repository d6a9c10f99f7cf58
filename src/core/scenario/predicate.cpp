#include "core/scenario/predicate.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/anatomy/vessel_paths.h"
#include "core/scenario/stent_assessment.h"

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
      {"stent_in", PredicateKind::StentIn},
      {"stent_sized", PredicateKind::StentSized},
      {"stent_at_lesion", PredicateKind::StentAtLesion},
      {"stent_deployed", PredicateKind::StentDeployed},
      {"stent_covers", PredicateKind::StentCovers},
      {"stent_apposed", PredicateKind::StentApposed},
      {"stent_landing_within", PredicateKind::StentLandingWithin},
      {"stent_removed", PredicateKind::StentRemoved},
      {"stent_oversized", PredicateKind::StentOversized},
      {"stent_geographic_miss", PredicateKind::StentGeographicMiss},
      {"stent_deploy_refused", PredicateKind::StentDeployRefused},
      {"stent_moved_after_anchoring", PredicateKind::StentMovedAfterAnchoring},
      {"contrast_above", PredicateKind::ContrastAbove},
      {"fluoro_time_above", PredicateKind::FluoroTimeAbove},
      {"air_kerma_above", PredicateKind::AirKermaAbove},
      {"runs_above", PredicateKind::RunsAbove},
  };
  return k;
}

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

const char* to_string(PredicateKind kind) {
  for (const auto& [name, k] : kinds())
    if (k == kind) return name.c_str();
  return "?";
}

Predicate parse_predicate(const JsonReader& j, const AnatomySpec& a) {
  if (!j.is_object()) j.fail("a predicate is an object {\"type\": ...}");
  const JsonReader type = j.at("type");
  const std::string name = type.string();
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
    case PredicateKind::StentIn:
      j.expect_only({"type", "device"});
      p.device = j.string_or("device", "");
      break;
    case PredicateKind::StentSized:
      j.expect_only({"type", "lesion", "min_oversize_mm", "max_oversize_mm"});
      p.lesion = lesion_index(j.at("lesion"), a);
      p.low = j.number_or("min_oversize_mm", 0.5, -5, 5);
      p.high = j.number_or("max_oversize_mm", 2.0, p.low, 10);
      break;
    case PredicateKind::StentAtLesion:
    case PredicateKind::StentCovers:
      j.expect_only({"type", "lesion", "margin_mm"});
      p.lesion = lesion_index(j.at("lesion"), a);
      p.value = j.number_or("margin_mm", p.kind == PredicateKind::StentAtLesion ? 5 : 3, 0, 50);
      break;
    case PredicateKind::StentApposed:
      j.expect_only({"type", "max_malapposed_mm"});
      p.value = j.number_or("max_malapposed_mm", 0, 0, 500);
      break;
    case PredicateKind::StentLandingWithin:
      j.expect_only({"type", "lesion", "mm", "planned_margin_mm"});
      p.lesion = lesion_index(j.at("lesion"), a);
      p.value = j.at("mm").number(0, 100);
      p.planned_margin_mm = j.number_or("planned_margin_mm", 5, 0, 50);
      break;
    case PredicateKind::StentOversized:
      j.expect_only({"type", "lesion", "ratio"});
      p.lesion = lesion_index(j.at("lesion"), a);
      p.value = j.number_or("ratio", 1.4, 1.0, 3.0);
      break;
    case PredicateKind::StentGeographicMiss:
      j.expect_only({"type", "lesion"});
      p.lesion = lesion_index(j.at("lesion"), a);
      break;
    case PredicateKind::StentDeployed:
    case PredicateKind::StentRemoved:
    case PredicateKind::StentDeployRefused:
    case PredicateKind::StentMovedAfterAnchoring:
      j.expect_only({"type"});
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
      return wire_across(sim, sim.anatomy().spec().lesions[size_t(lesion)], value);
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
    case PredicateKind::BalloonRemoved:  // after use: an inflation done and the balloon out
      return !sim.balloon() && !sim.inflations().empty();
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
    case PredicateKind::StentIn:
      return sim.stent_system() && (device.empty() || sim.stent_system()->spec().id == device);
    case PredicateKind::StentSized: {
      // Sizing alone, evaluated every tick: no coverage needed.
      const double nominal = stent_nominal_mm(sim);
      const double oversize = nominal - lesion_reference_diameter_mm(sim.anatomy(), sim.anatomy().spec().lesions[size_t(lesion)]);
      return nominal > 0 && oversize >= low - 1e-9 && oversize <= high + 1e-9;
    }
    case PredicateKind::StentAtLesion:
      return sim.stent_system() && sim.guidewire() &&
             stent_markers_span(sim.anatomy(), *sim.stent_system(), *sim.guidewire(), sim.anatomy().spec().lesions[size_t(lesion)], value);
    case PredicateKind::StentDeployed:
      return !sim.stents().empty();
    case PredicateKind::StentCovers: {
      const StentPlacement p = stent_placement(sim, sim.anatomy().spec().lesions[size_t(lesion)]);
      return p.covers_centre && p.margin_mm() >= value - 1e-9;
    }
    case PredicateKind::StentApposed: {
      if (sim.stents().empty()) return false;
      double malapposed = 0;
      for (const StentImplant& s : sim.stents()) malapposed += s.malapposed_length_mm();
      return malapposed <= value + 1e-9;
    }
    case PredicateKind::StentLandingWithin: {
      const StentPlacement p = stent_placement(sim, sim.anatomy().spec().lesions[size_t(lesion)], planned_margin_mm);
      return p.covers_centre && p.landing_error_mm <= value + 1e-9;
    }
    case PredicateKind::StentRemoved:  // after use: a stent deployed and its system out
      return !sim.stent_system() && !sim.stents().empty();
    case PredicateKind::StentOversized:
      return stent_nominal_mm(sim) > value * lesion_reference_diameter_mm(sim.anatomy(), sim.anatomy().spec().lesions[size_t(lesion)]) + 1e-9;
    case PredicateKind::StentGeographicMiss: {
      const StentPlacement p = stent_placement(sim, sim.anatomy().spec().lesions[size_t(lesion)]);
      return p.deployed && (!p.covers_centre || p.margin_mm() < 0);
    }
    case PredicateKind::StentDeployRefused:
      return sim.stent_system() && sim.stent_system()->refused_deployments() > 0;
    case PredicateKind::StentMovedAfterAnchoring:
      return sim.stent_system() && sim.stent_system()->moves_after_anchoring() > 0;
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

bool wire_span_covers(const VesselTree& tree, const Guidewire& wire, const LesionSpec& l, double margin_mm,
                      double from_mm, double to_mm) {
  const int v = tree.find_vessel(l.vessel);
  const double s0 = std::clamp(l.center_mm - 0.5 * l.length_mm - margin_mm, 0.0, tree.length_mm(v));
  const double s1 = std::clamp(l.center_mm + 0.5 * l.length_mm + margin_mm, 0.0, tree.length_mm(v));
  const double d0 = wire_distance_to_mm(wire, tree.centerline_point(v, s0));
  const double d1 = wire_distance_to_mm(wire, tree.centerline_point(v, s1));
  return std::min(d0, d1) >= from_mm - 0.5 && std::max(d0, d1) <= to_mm + 0.5;
}

bool balloon_covers(const VesselTree& tree, const BalloonCatheter& b, const Guidewire& wire, const LesionSpec& l,
                    double margin_mm) {
  // The working length spans [position − length, position] along the wire.
  return wire_span_covers(tree, wire, l, margin_mm, b.position_mm() - b.spec().working_length_mm, b.position_mm());
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
