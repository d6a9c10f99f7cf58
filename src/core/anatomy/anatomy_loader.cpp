#include "core/anatomy/anatomy_loader.h"

#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include <map>
#include <set>

#include "core/util/json_reader.h"

namespace angiosim {
namespace {

constexpr double kMaxCoordinate_mm = 5000;
constexpr double kMaxRadius_mm = 100;

glm::dmat3 rotation_from_degrees(const glm::dvec3& deg) {
  // Applied as Rz · Ry · Rx (x first), angles in degrees.
  glm::dmat4 m(1.0);
  m = glm::rotate(m, glm::radians(deg.z), glm::dvec3(0, 0, 1));
  m = glm::rotate(m, glm::radians(deg.y), glm::dvec3(0, 1, 0));
  m = glm::rotate(m, glm::radians(deg.x), glm::dvec3(1, 0, 0));
  return glm::dmat3(m);
}

VesselSpec read_vessel(const JsonReader& j) {
  j.expect_only({"name", "parent", "origin_mm", "wall_thickness_mm", "points", "note"});
  VesselSpec v;
  v.name = j.at("name").string();
  if (v.name.empty()) j.at("name").fail("must not be empty");
  v.parent = j.string_or("parent", "");
  if (auto o = j.find("origin_mm")) {
    if (v.parent.empty()) o->fail("only a branch of a parent vessel has an origin");
    v.origin_mm = o->number(0, 5000);
  }
  v.wall_thickness_mm = j.number_or("wall_thickness_mm", 1.0, 0.05, 10.0);
  auto points = j.at("points").elements();
  if (points.size() < 2) j.at("points").fail("a vessel needs at least 2 centerline points");
  for (const JsonReader& p : points) {
    p.expect_only({"position_mm", "radius_mm"});
    CenterlinePoint c;
    c.position_mm = p.at("position_mm").vec3_range(-kMaxCoordinate_mm, kMaxCoordinate_mm);
    c.radius_mm = p.at("radius_mm").number(0.1, kMaxRadius_mm);
    if (!v.points.empty() && glm::distance(v.points.back().position_mm, c.position_mm) < 1e-3)
      p.at("position_mm").fail("repeats the previous point");
    v.points.push_back(c);
  }
  return v;
}

PlaqueType read_plaque(const JsonReader& j) {
  const std::string s = j.string();
  if (s == "soft") return PlaqueType::Soft;
  if (s == "fibrous") return PlaqueType::Fibrous;
  if (s == "calcified") return PlaqueType::Calcified;
  j.fail("expected \"soft\", \"fibrous\" or \"calcified\", got \"" + s + "\"");
}

LesionSpec read_lesion(const JsonReader& j) {
  j.expect_only({"name", "vessel", "center_mm", "length_mm", "stenosis_percent", "eccentricity",
                 "plaque_direction", "plaque", "total_occlusion", "cap_resistance_gf", "note"});
  LesionSpec l;
  l.name = j.at("name").string();
  l.vessel = j.at("vessel").string();
  l.center_mm = j.at("center_mm").number(0, 2000);
  l.length_mm = j.at("length_mm").number(1, 500);
  l.total_occlusion = j.boolean_or("total_occlusion", false);
  if (l.total_occlusion) {
    l.stenosis_percent = j.number_or("stenosis_percent", 100, 100, 100);
  } else {
    l.stenosis_percent = j.at("stenosis_percent").number(0, 99);
  }
  l.eccentricity = j.number_or("eccentricity", 0, 0, 1);
  if (auto d = j.find("plaque_direction")) {
    l.plaque_direction = d->vec3_range(-1, 1);
    if (glm::length(l.plaque_direction) < 1e-6) d->fail("must not be the zero vector");
    l.plaque_direction = glm::normalize(l.plaque_direction);
  }
  l.plaque = read_plaque(j.at("plaque"));
  l.cap_resistance_gf = j.number_or("cap_resistance_gf", default_cap_resistance_gf(l.plaque), 0.1, 500);
  return l;
}

BackgroundShapeSpec read_shape(const JsonReader& j) {
  j.expect_only({"name", "shape", "material", "displaces", "center_mm", "radii_mm", "rotation_deg",
                 "start_mm", "end_mm", "major_axis", "points_mm", "radius_mm",
                 "cortical_thickness_mm", "trabecular_fraction", "exclude", "note"});
  BackgroundShapeSpec s;
  s.name = j.at("name").string();
  s.material = j.at("material").string();
  s.displaces = j.string_or("displaces", "soft_tissue");
  const JsonReader shape = j.at("shape");
  const std::string kind = shape.string();
  if (kind == "ellipsoid") {
    s.kind = ShapeKind::Ellipsoid;
    s.center_mm = j.at("center_mm").vec3_range(-kMaxCoordinate_mm, kMaxCoordinate_mm);
    s.radii_mm = j.at("radii_mm").vec3_range(0.1, 2000);
    if (auto r = j.find("rotation_deg")) s.rotation = rotation_from_degrees(r->vec3_range(-360, 360));
  } else if (kind == "elliptic_cylinder") {
    s.kind = ShapeKind::EllipticCylinder;
    s.start_mm = j.at("start_mm").vec3_range(-kMaxCoordinate_mm, kMaxCoordinate_mm);
    s.end_mm = j.at("end_mm").vec3_range(-kMaxCoordinate_mm, kMaxCoordinate_mm);
    if (glm::distance(s.start_mm, s.end_mm) < 0.1) j.at("end_mm").fail("must differ from start_mm");
    auto radii = j.at("radii_mm").elements();
    if (radii.size() != 2) j.at("radii_mm").fail("expected [a, b]");
    s.radius_a_mm = radii[0].number(0.1, 2000);
    s.radius_b_mm = radii[1].number(0.1, 2000);
    if (auto a = j.find("major_axis")) {
      s.major_axis = a->vec3_range(-1, 1);
      const glm::dvec3 axis = glm::normalize(s.end_mm - s.start_mm);
      const glm::dvec3 perp = s.major_axis - glm::dot(s.major_axis, axis) * axis;
      if (glm::length(perp) < 1e-3) a->fail("must not be parallel to the cylinder axis");
    }
  } else if (kind == "tube") {
    s.kind = ShapeKind::Tube;
    s.radius_mm = j.at("radius_mm").number(0.1, 500);
    auto points = j.at("points_mm").elements();
    if (points.size() < 2) j.at("points_mm").fail("a tube needs at least 2 points");
    for (const JsonReader& p : points) {
      s.points_mm.push_back(p.vec3_range(-kMaxCoordinate_mm, kMaxCoordinate_mm));
      if (s.points_mm.size() > 1 &&
          glm::distance(s.points_mm[s.points_mm.size() - 2], s.points_mm.back()) < 1e-3)
        p.fail("repeats the previous point");
    }
  } else {
    shape.fail("expected \"ellipsoid\", \"elliptic_cylinder\" or \"tube\", got \"" + kind + "\"");
  }
  s.cortical_thickness_mm = j.number_or("cortical_thickness_mm", 0, 0, 50);
  s.trabecular_fraction = j.number_or("trabecular_fraction", 1, 0, 1);
  if (auto ex = j.find("exclude")) {
    auto names = ex->elements();
    if (names.size() > 2) ex->fail("at most 2 shapes can be excluded");
    for (const JsonReader& n : names) s.exclude.push_back(n.string());
  }
  return s;
}

AnatomySpec read_anatomy(const JsonReader& root) {
  root.expect_only({"name", "description", "units", "coordinates", "vessels", "lesions",
                    "background", "flow", "sources"});
  AnatomySpec a;
  a.source_file = root.file();
  a.name = root.at("name").string();
  a.description = root.string_or("description", "");

  // Vessels: unique names, parents defined before children (a tree rooted at one vessel).
  std::map<std::string, size_t> index;
  auto vessels = root.at("vessels").elements();
  if (vessels.empty()) root.at("vessels").fail("the model has no vessels");
  for (const JsonReader& vj : vessels) {
    VesselSpec v = read_vessel(vj);
    if (index.count(v.name)) vj.at("name").fail("duplicate vessel name \"" + v.name + "\"");
    if (!v.parent.empty() && !index.count(v.parent))
      vj.at("parent").fail("unknown parent vessel \"" + v.parent +
                           "\" (parents must be listed before their children)");
    if (!v.parent.empty() && v.origin_mm < 0) {
      // At a bifurcation a child starts where its parent ends.
      const glm::dvec3 parent_end = a.vessels[index[v.parent]].points.back().position_mm;
      if (glm::distance(parent_end, v.points.front().position_mm) > 0.5)
        vj.at("points").elements()[0].at("position_mm")
            .fail("a child vessel must start at its parent's last point (or give origin_mm for a side branch)");
    }
    if (!v.parent.empty() && v.origin_mm >= 0) {
      // A side branch leaves between its parent's ends (its polyline length bounds the spline's).
      const VesselSpec& parent = a.vessels[index[v.parent]];
      double length = 0;
      for (size_t i = 1; i < parent.points.size(); ++i)
        length += glm::distance(parent.points[i - 1].position_mm, parent.points[i].position_mm);
      if (v.origin_mm > length - 1.0)
        vj.at("origin_mm").fail("beyond the parent vessel's length (" + std::to_string(int(length)) + " mm)");
    }
    if (v.parent.empty() && !a.vessels.empty())
      vj.at("parent").fail("only the first vessel may be the root");
    index[v.name] = a.vessels.size();
    a.vessels.push_back(std::move(v));
  }

  if (auto lesions = root.find("lesions")) a.lesions = read_lesions(*lesions, a);

  if (auto flow = root.find("flow")) {
    flow->expect_only({"mean_arterial_pressure_mmHg", "outflow_pressure_mmHg", "common_femoral_flow_ml_min",
                       "blood_viscosity_mPa_s", "blood_density_kg_m3", "collateral_resistance_factor",
                       "collateral_transit_s", "axial_dispersion_mm2_s", "note"});
    FlowSpec& f = a.flow;
    f.mean_arterial_pressure_mmHg = flow->number_or("mean_arterial_pressure_mmHg", f.mean_arterial_pressure_mmHg, 30, 200);
    f.outflow_pressure_mmHg = flow->number_or("outflow_pressure_mmHg", f.outflow_pressure_mmHg, 0, f.mean_arterial_pressure_mmHg - 10);
    f.common_femoral_flow_ml_min = flow->number_or("common_femoral_flow_ml_min", f.common_femoral_flow_ml_min, 20, 3000);
    f.blood_viscosity_mPa_s = flow->number_or("blood_viscosity_mPa_s", f.blood_viscosity_mPa_s, 1, 10);
    f.blood_density_kg_m3 = flow->number_or("blood_density_kg_m3", f.blood_density_kg_m3, 1000, 1100);
    f.collateral_resistance_factor = flow->number_or("collateral_resistance_factor", f.collateral_resistance_factor, 0.5, 100);
    f.collateral_transit_s = flow->number_or("collateral_transit_s", f.collateral_transit_s, 0.2, 30);
    f.axial_dispersion_mm2_s = flow->number_or("axial_dispersion_mm2_s", f.axial_dispersion_mm2_s, 0, 2000);
  }

  if (auto background = root.find("background")) {
    std::set<std::string> names;
    for (const JsonReader& sj : background->elements()) {
      BackgroundShapeSpec s = read_shape(sj);
      if (!names.insert(s.name).second) sj.at("name").fail("duplicate shape name \"" + s.name + "\"");
      for (size_t i = 0; i < s.exclude.size(); ++i)
        if (!names.count(s.exclude[i]) || s.exclude[i] == s.name)
          sj.at("exclude").fail("\"" + s.exclude[i] + "\" is not a shape listed before this one");
      a.background.push_back(std::move(s));
    }
  }
  return a;
}

}  // namespace

std::vector<LesionSpec> read_lesions(const JsonReader& array, const AnatomySpec& a) {
  std::vector<LesionSpec> out;
  for (const JsonReader& lj : array.elements()) {
    LesionSpec l = read_lesion(lj);
    const VesselSpec* v = nullptr;
    for (const VesselSpec& candidate : a.vessels)
      if (candidate.name == l.vessel) v = &candidate;
    if (!v) lj.at("vessel").fail("unknown vessel \"" + l.vessel + "\"");
    for (const LesionSpec& other : out)
      if (other.name == l.name) lj.at("name").fail("duplicate lesion name \"" + l.name + "\"");
    // The lesion must lie within its vessel.
    double length = 0;
    for (size_t i = 1; i < v->points.size(); ++i)
      length += glm::distance(v->points[i - 1].position_mm, v->points[i].position_mm);
    if (l.center_mm - 0.5 * l.length_mm < 0 || l.center_mm + 0.5 * l.length_mm > length)
      lj.at("center_mm").fail("lesion extends beyond its vessel (length " +
                              std::to_string(static_cast<int>(length)) + " mm)");
    out.push_back(l);
  }
  return out;
}

const char* to_string(PlaqueType p) {
  switch (p) {
    case PlaqueType::Soft: return "soft";
    case PlaqueType::Fibrous: return "fibrous";
    case PlaqueType::Calcified: return "calcified";
  }
  return "?";
}

AnatomySpec load_anatomy_file(const std::string& path) {
  return read_anatomy(JsonReader::load_file(path));
}

AnatomySpec parse_anatomy(std::string_view json_text, const std::string& name) {
  return read_anatomy(JsonReader::parse(json_text, name));
}

}  // namespace angiosim
