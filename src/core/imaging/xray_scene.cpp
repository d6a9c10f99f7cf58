#include "core/imaging/xray_scene.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <map>
#include <numbers>

#include "core/anatomy/lumen_stations.h"
#include "core/devices/stent_geometry.h"

#include "core/util/input_error.h"

namespace angiosim {

int XrayScene::add(XrayPrimitive p, std::string label) {
  primitives.push_back(std::move(p));
  labels.push_back(std::move(label));
  return static_cast<int>(primitives.size()) - 1;
}

Composition lumen_contents(const MaterialLibrary& materials, const std::string& contrast_material,
                           double contrast_fraction) {
  const Composition blood = materials.composition("blood", "materials");
  if (contrast_fraction <= 0 || contrast_material.empty()) return blood;
  const Composition agent = materials.composition(contrast_material, "materials");
  return agent * contrast_fraction + blood * (1.0 - contrast_fraction);
}

namespace {

// Mitred chain of frusta along `points` with radii `radii`; returns the primitive indices. The
// chain's first and last faces are square, or mitred with `incoming`/`outgoing` directions when
// the tube continues another one there.
// `composition(i)` gives segment i's composition. Degenerate and closed segments get no
// primitive; `by_segment` (optional) receives segment i's primitive, or −1 for those.
template <typename CompositionOf>
std::vector<int> add_tube_chain(XrayScene& scene, const std::vector<glm::dvec3>& points,
                                const std::vector<double>& radii, CompositionOf&& composition,
                                const std::string& label, const glm::dvec3& incoming = glm::dvec3(0),
                                const glm::dvec3& outgoing = glm::dvec3(0), bool thin = false,
                                std::vector<int>* by_segment = nullptr) {
  std::vector<int> ids;
  const size_t n = points.size();
  if (by_segment) by_segment->assign(n > 0 ? n - 1 : 0, -1);
  for (size_t i = 0; i + 1 < n; ++i) {
    if (glm::distance(points[i], points[i + 1]) < 1e-6) continue;
    const glm::dvec3 dir = glm::normalize(points[i + 1] - points[i]);
    glm::dvec3 n0 = -dir, n1 = dir;
    if (i > 0) n0 = -glm::normalize(glm::normalize(points[i] - points[i - 1]) + dir);
    else if (glm::length(incoming) > 0) n0 = -glm::normalize(incoming + dir);
    if (i + 2 < n) n1 = glm::normalize(dir + glm::normalize(points[i + 2] - points[i + 1]));
    else if (glm::length(outgoing) > 0) n1 = glm::normalize(dir + outgoing);
    if (radii[i] < 1e-3 && radii[i + 1] < 1e-3) continue;  // closed lumen (total occlusion)
    const std::string name = label + "#" + std::to_string(i);
    if (thin) {
      ids.push_back(scene.add(make_thin_tube(points[i], points[i + 1], radii[i], n0, n1, composition(i)), name));
    } else {
      ids.push_back(scene.add(make_frustum(points[i], points[i + 1], std::max(radii[i], 1e-3),
                                           std::max(radii[i + 1], 1e-3), n0, n1, composition(i)),
                              name));
    }
    if (by_segment) (*by_segment)[i] = ids.back();
  }
  return ids;
}

// Distance from p to the surface of vessel w's reference tube (negative inside), sampled along its
// centerline every 0.5 mm; used only while building the scene.
double distance_to_vessel(const VesselTree& tree, int w, const glm::dvec3& p) {
  double best = 1e30;
  const double length = tree.length_mm(w);
  for (double s = 0; s <= length; s += 0.5)
    best = std::min(best, glm::distance(p, tree.centerline_point(w, s)) - tree.reference_radius_mm(w, s));
  return best;
}

}  // namespace

void add_vessels(XrayScene& scene, const VesselTree& tree, const Composition& contents, double max_segment_mm) {
  add_vessels(scene, tree, [&](int, double, double) { return contents; }, max_segment_mm);
}

void ContrastLayer::add(XrayScene& scene, const VesselTree& tree, const ContrastTransport& contrast,
                        const Composition& medium_minus_blood) {
  // A millilitre-thousandth of medium left somewhere is nothing a detector could show.
  if (contrast.inside_ml() < 1e-3) return;
  if (tree_ != &tree || revision_ != tree.revision() || vessels_.primitives.empty()) {
    vessels_ = XrayScene{};
    vessels_.basis_names = scene.basis_names;
    where_.clear();
    // The callback runs once per primitive, in order: it records where each one lies. Cones no
    // longer than the transport's cells: a longer one averages a steep front over several cells,
    // and the medium shows as bands a cone long.
    add_vessels(vessels_, tree, [&](int v, double s0, double s1) {
      where_.push_back({v, s0, s1});
      return Composition{};
    }, contrast.flow().cell_mm());
    tree_ = &tree;
    revision_ = tree.revision();
    assert(where_.size() == vessels_.primitives.size());
  }
  // Below a thousandth of medium (0.35 mgI/mL of a 350 contrast) a segment attenuates less than
  // a detector could tell from noise: it is left out, and so is an exclusion of it (it adds
  // nothing).
  constexpr double kInvisibleFraction = 1e-3;
  std::vector<double> fraction(where_.size());
  std::vector<int32_t> kept(where_.size(), -1);
  const int32_t offset = int32_t(scene.primitives.size());
  int32_t next = 0;
  for (size_t i = 0; i < where_.size(); ++i) {
    fraction[i] = contrast.mean_fraction(where_[i].vessel, where_[i].s0_mm, where_[i].s1_mm);
    if (fraction[i] >= kInvisibleFraction) kept[i] = next++;
  }
  for (size_t i = 0; i < where_.size(); ++i) {
    if (kept[i] < 0) continue;
    XrayPrimitive p = vessels_.primitives[i];
    p.composition = medium_minus_blood * fraction[i];
    for (int32_t& e : p.exclude) e = e >= 0 && kept[size_t(e)] >= 0 ? kept[size_t(e)] + offset : -1;
    scene.add(p, vessels_.labels[i]);
  }
}

void add_vessels(XrayScene& scene, const VesselTree& tree, const VesselContents& contents, double max_segment_mm) {
  const int n = static_cast<int>(tree.vessel_count());
  // Per vessel: its first and last primitives, and for a side branch the parent's primitive that
  // spans its origin (the one its first segment excludes).
  std::vector<int> first_segment(n, -1), last_segment(n, -1), origin_segment(n, -1);
  for (int v = 0; v < n; ++v) {
    const double length = tree.length_mm(v);
    const int parent = tree.parent(v);
    const bool side = tree.is_side_branch(v);
    // Earlier siblings at the same bifurcation (built before this one) and the parent share the junction.
    const bool continuation = tree.continues_from_parent(v);
    std::vector<int> neighbours;
    if (parent >= 0 && !continuation) {
      neighbours.push_back(parent);
      if (!side)
        for (int sibling : tree.end_children(parent))
          if (sibling < v) neighbours.push_back(sibling);
    }

    // The junction zone: from the origin until this vessel's cross-section clears its neighbours,
    // capped at half the vessel and before the first lesion so lesions keep their profile.
    double s_junction = 0;
    if (parent >= 0 && !continuation) {
      double cap = 0.5 * length;
      for (int l : tree.lesions_on(v)) {
        const LesionSpec& lesion = tree.spec().lesions[l];
        cap = std::min(cap, lesion.center_mm - 0.5 * lesion.length_mm);
      }
      for (double s = 0; s <= cap; s += 0.25) {
        const glm::dvec3 c = tree.centerline_point(v, s);
        const double r = tree.reference_radius_mm(v, s);
        bool clear = true;
        for (int w : neighbours) clear = clear && distance_to_vessel(tree, w, c) >= r;
        s_junction = s;
        if (clear) break;
      }
    }

    // Sample the lumen: one long first segment over the junction, then cones (lumen_stations).
    // The parent's last segment is lengthened to 1.5 radii so the children's overlap stays in it,
    // and each side branch's origin gets one segment of ±1.5 of the branch's radius for the same
    // reason.
    double s_end_regular = length;
    if (tree.end_children(v).size() > 1)
      s_end_regular = std::max(0.5 * length, length - 1.5 * tree.reference_radius_mm(v, length));
    std::vector<std::pair<double, double>> whole;  // spans kept as one segment, in order
    std::vector<int> branches;                     // the side branch of each span
    for (int c : tree.children(v))
      if (tree.is_side_branch(c)) {
        const double half = 1.5 * tree.vessel(c).points.front().radius_mm;
        const double o = tree.origin_mm(c);
        whole.push_back({std::max(o - half, s_junction), std::min(o + half, s_end_regular)});
        branches.push_back(c);
      }
    std::vector<double> s_samples{0.0};
    LumenStationRules cones;  // see add_vessels in the header
    cones.tolerance_mm = kLumenTolerance_mm;
    cones.max_spacing_mm = max_segment_mm;
    cones.tangent_start = continuation;
    cones.tangent_end = tree.continues_into_child(v);
    auto sample_to = [&](double to) {  // cones as long as the lumen allows, from the last sample to `to`
      if (to - s_samples.back() <= 1e-6) return;
      const std::vector<double> stations = lumen_stations(tree, v, s_samples.back(), to, cones);
      s_samples.insert(s_samples.end(), stations.begin() + 1, stations.end());
    };
    if (s_junction > 1e-6) s_samples.push_back(s_junction);
    std::vector<size_t> whole_index(whole.size(), size_t(-1));  // sample index where each span starts
    std::vector<size_t> order(whole.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return whole[a].first < whole[b].first; });
    for (size_t k : order) {
      if (whole[k].first < s_samples.back() + 1e-6 || whole[k].second <= whole[k].first) continue;  // overlapping spans
      sample_to(whole[k].first);
      whole_index[k] = s_samples.size() - 1;
      s_samples.push_back(whole[k].second);
    }
    sample_to(s_end_regular);
    if (length > s_samples.back() + 1e-6) s_samples.push_back(length);

    std::vector<glm::dvec3> points;
    std::vector<double> radii;
    for (double s : s_samples) {
      const LumenSection section = tree.lumen(v, s);
      points.push_back(section.center_mm);
      radii.push_back(section.radius_mm);
    }
    // A child starts slightly inside its parent (as in the lumen queries); the part inside is
    // excluded below.
    points[0] -= tree.tangent(v, 0) * tree.start_overlap_mm(v);
    // A continuation meets its parent face to face on the mitre between their directions.
    const glm::dvec3 incoming = continuation ? tree.tangent(parent, tree.length_mm(parent)) : glm::dvec3(0);
    const glm::dvec3 outgoing = tree.continues_into_child(v) ? tree.tangent(tree.end_children(v)[0], 0) : glm::dvec3(0);
    // What fills a segment: the lumen at its middle, except where vessels share a junction: the
    // child's junction segment (inside its parent and siblings) and the parent's lengthened last
    // segment hold what the parent holds where the child leaves it, so the junction is filled
    // alike; with each its own value, a bolus front drew the child's cone as a patch in the parent.
    const bool shares_junction = parent >= 0 && !continuation && s_junction > 1e-6;
    const bool ends_in_junction = tree.end_children(v).size() > 1 && s_end_regular < length - 1e-6;
    auto fill = [&](size_t i) {
      if (i == 0 && shares_junction) {
        const double s_parent = side ? tree.origin_mm(v) : tree.length_mm(parent);
        return contents(parent, s_parent, s_parent);
      }
      if (i + 2 == s_samples.size() && ends_in_junction) return contents(v, length, length);
      return contents(v, s_samples[i], s_samples[i + 1]);
    };
    std::vector<int> by_segment;
    const std::vector<int> ids = add_tube_chain(scene, points, radii, fill, tree.vessel(v).name, incoming, outgoing, false, &by_segment);
    if (ids.empty()) continue;
    first_segment[v] = ids.front();
    last_segment[v] = ids.back();
    for (size_t k = 0; k < whole.size(); ++k)
      if (whole_index[k] != size_t(-1)) origin_segment[branches[k]] = by_segment[whole_index[k]];
    if (parent >= 0 && !continuation) {
      XrayPrimitive& first = scene.primitives[ids.front()];
      int k = 0;
      const int at_parent = side ? origin_segment[v] : last_segment[parent];
      if (at_parent >= 0) first.exclude[k++] = at_parent;
      for (int w : neighbours)
        if (w != parent && first_segment[w] >= 0 && k < 2) first.exclude[k++] = first_segment[w];
    }
  }
}

void add_guidewire(XrayScene& scene, const Guidewire& wire, const MaterialLibrary& materials,
                   const Composition& displaced) {
  // A wound coil holds about a third of its envelope's volume in metal.
  constexpr double kCoilFillFraction = 0.35;
  const Rod& rod = wire.rod();
  const GuidewireSpec& spec = wire.spec();
  const Composition core = materials.composition(spec.core_material, "guidewire " + spec.id) - displaced;
  const Composition coil = materials.has("platinum_iridium")
                               ? materials.composition(spec.core_material, "guidewire") * (1 - kCoilFillFraction) +
                                     materials.composition("platinum_iridium", "guidewire") * kCoilFillFraction - displaced
                               : core;
  add_tube_chain(scene, rod.x, std::vector<double>(rod.node_count(), rod.radius_mm),
                 [&](size_t i) { return wire.material_distance_mm(i) < spec.radiopaque_tip_mm ? coil : core; },
                 spec.id, glm::dvec3(0), glm::dvec3(0), /*thin=*/true);
}

void add_balloon(XrayScene& scene, const BalloonCatheter& balloon, const MaterialLibrary& materials,
                 const Composition& medium, const Composition& displaced) {
  const std::vector<glm::dvec3>& axis = balloon.axis_mm();
  if (axis.size() < 2) return;
  const BalloonSpec& spec = balloon.spec();
  if (balloon.inflated()) {
    std::vector<double> radii(axis.size());
    for (size_t k = 0; k < axis.size(); ++k) radii[k] = 0.5 * balloon.diameter_mm()[k];
    const Composition fill = medium - displaced;
    add_tube_chain(scene, axis, radii, [&](size_t) { return fill; }, spec.id);
  }
  // The marker bands ride on the inner shaft at both ends of the working length.
  constexpr double kBandRadius_mm = 0.55;
  const Composition band = materials.composition(spec.marker_material, "balloon " + spec.id) - displaced;
  auto marker = [&](const glm::dvec3& end, const glm::dvec3& toward) {
    const glm::dvec3 d = glm::length(toward - end) > 1e-9 ? glm::normalize(toward - end) : glm::dvec3(0, 0, 1);
    const glm::dvec3 a = end, b = end + d * spec.marker_length_mm;
    scene.add(make_thin_tube(a, b, kBandRadius_mm, -d, d, band), spec.id + " marker");
  };
  marker(axis.front(), axis[1]);
  marker(axis.back(), axis[axis.size() - 2]);
}

void add_background(XrayScene& scene, const AnatomySpec& anatomy, const MaterialLibrary& materials) {
  std::map<std::string, int> outer_primitive;  // shape name → its excludable primitive (-1: none)
  for (size_t i = 0; i < anatomy.background.size(); ++i) {
    const BackgroundShapeSpec& s = anatomy.background[i];
    const std::string where = anatomy.source_file + ": /background/" + std::to_string(i);
    const Composition m = materials.composition(s.material, where + "/material");
    const Composition d = materials.composition(s.displaces, where + "/displaces");
    const Composition outer = m - d;
    const Composition inner = outer * (s.trabecular_fraction - 1.0);  // cancellous interior
    const double t = s.cortical_thickness_mm;
    std::array<int32_t, 2> exclude{-1, -1};
    for (size_t k = 0; k < s.exclude.size(); ++k) {
      const int id = outer_primitive.at(s.exclude[k]);
      if (id < 0)
        throw InputError(where + "/exclude/" + std::to_string(k) + ": \"" + s.exclude[k] +
                         "\" is a tube; only ellipsoids and cylinders can be excluded");
      exclude[k] = id;
    }
    std::vector<int> ids;
    switch (s.kind) {
      case ShapeKind::Ellipsoid: {
        ids.push_back(scene.add(make_ellipsoid(s.center_mm, s.rotation, s.radii_mm, outer), s.name));
        if (t > 0 && !inner.empty()) {
          const glm::dvec3 r = glm::max(s.radii_mm - glm::dvec3(t), glm::dvec3(0.1));
          ids.push_back(scene.add(make_ellipsoid(s.center_mm, s.rotation, r, inner), s.name + " (inner)"));
        }
        outer_primitive[s.name] = ids.front();
        break;
      }
      case ShapeKind::EllipticCylinder: {
        const glm::dvec3 axis = glm::normalize(s.end_mm - s.start_mm);
        const double aspect = s.radius_b_mm / s.radius_a_mm;
        ids.push_back(scene.add(make_frustum(s.start_mm, s.end_mm, s.radius_a_mm, s.radius_a_mm,
                                             -axis, axis, outer, s.major_axis, aspect),
                                s.name));
        if (t > 0 && !inner.empty()) {
          const double a = std::max(0.1, s.radius_a_mm - t), b = std::max(0.1, s.radius_b_mm - t);
          ids.push_back(scene.add(make_frustum(s.start_mm + axis * t, s.end_mm - axis * t, a, a, -axis,
                                               axis, inner, s.major_axis, b / a),
                                  s.name + " (inner)"));
        }
        outer_primitive[s.name] = ids.front();
        break;
      }
      case ShapeKind::Tube: {
        std::vector<double> radii(s.points_mm.size(), s.radius_mm);
        ids = add_tube_chain(scene, s.points_mm, radii, [&](size_t) { return outer; }, s.name);
        if (t > 0 && !inner.empty()) {
          std::vector<double> inner_radii(s.points_mm.size(), std::max(0.1, s.radius_mm - t));
          auto in = add_tube_chain(scene, s.points_mm, inner_radii, [&](size_t) { return inner; }, s.name + " (inner)");
          ids.insert(ids.end(), in.begin(), in.end());
        }
        outer_primitive[s.name] = -1;
        break;
      }
    }
    for (int id : ids) scene.primitives[id].exclude = exclude;
  }
}

void add_stent(XrayScene& scene, const StentSpec& spec, const std::vector<glm::dvec3>& axis,
               const std::vector<double>& ring_diameter_mm, const MaterialLibrary& materials, const Composition& displaced) {
  const StentMesh mesh = make_stent_mesh(spec, axis, ring_diameter_mm);
  if (mesh.struts.empty()) return;
  const glm::dvec3 along = glm::normalize(axis[1] - axis[0]);
  const Composition nitinol = materials.composition("nitinol", "stent " + spec.id) - displaced;
  const Composition marker = materials.composition(spec.marker_material, "stent " + spec.id) - displaced;
  // A rectangular strut w × t drawn as a round one of the same area: the same mass per length.
  const double strut_r = std::sqrt(spec.strut_width_mm * spec.strut_thickness_mm / std::numbers::pi);
  auto tube = [&](const glm::dvec3& a, const glm::dvec3& b, double r, const Composition& c, const char* what) {
    if (glm::distance(a, b) < 1e-6) return;
    const glm::dvec3 d = glm::normalize(b - a);
    scene.add(make_thin_tube(a, b, r, -d, d, c), spec.id + what);
  };
  for (const auto& [a, b] : mesh.struts) tube(a, b, strut_r, nitinol, " strut");
  for (const auto& [a, b] : mesh.bridges) tube(a, b, strut_r, nitinol, " bridge");
  // An eyelet: a tantalum paddle marker_size long and half as wide, the strut's thickness.
  const double eyelet_r = std::sqrt(0.5 * spec.marker_size_mm * spec.strut_thickness_mm / std::numbers::pi);
  const glm::dvec3 last = glm::normalize(axis.back() - axis[axis.size() - 2]);
  for (size_t k = 0; k < mesh.markers.size(); ++k) {
    // The first half are the distal end's, the rest the proximal end's: along the stent there.
    const glm::dvec3 d = k < mesh.markers.size() / 2 ? along : last;
    tube(mesh.markers[k] - d * (0.5 * spec.marker_size_mm), mesh.markers[k] + d * (0.5 * spec.marker_size_mm), eyelet_r, marker, " marker");
  }
}

void add_stent(XrayScene& scene, const StentImplant& stent, const MaterialLibrary& materials, const Composition& displaced) {
  add_stent(scene, stent.spec(), stent.axis_mm(), stent.ring_diameters_mm(), materials, displaced);
}

void add_stent_system(XrayScene& scene, const StentDelivery& system, const MaterialLibrary& materials,
                      const Composition& displaced) {
  const StentSpec& spec = system.spec();
  if (!system.implant_taken()) add_stent(scene, system.implant(), materials, displaced);
  // Nylon or PEBAX, ~1.1 g/cm³: attenuating as soft tissue (blood) at that density.
  constexpr double kPolymerDensity = 1.1, kBloodDensity = 1.06;
  const Composition polymer = materials.composition("blood", "stent system") * (kPolymerDensity / kBloodDensity) - displaced;
  const std::vector<glm::dvec3>& sheath = system.sheath_axis_mm();
  if (sheath.size() >= 2) {
    const double wall = 0.15;  // the outer sheath's wall: a hollow tube of that thickness
    const double r = 0.5 * spec.sheath_outer_diameter_mm;
    const Composition shell = polymer * (1 - (r - wall) * (r - wall) / (r * r));
    add_tube_chain(scene, sheath, std::vector<double>(sheath.size(), r), [&](size_t) { return shell; }, spec.id + " sheath");
  }
  const Composition band = materials.composition("platinum_iridium", "stent system " + spec.id) - displaced;
  auto marker_band = [&](const glm::dvec3& at, const glm::dvec3& toward, double radius_mm) {
    const glm::dvec3 d = glm::length(toward - at) > 1e-9 ? glm::normalize(toward - at) : glm::dvec3(0, 0, 1);
    scene.add(make_thin_tube(at - d * 0.5, at + d * 0.5, radius_mm, -d, d, band), spec.id + " marker band");
  };
  // The inner shaft's bands (0.5 mm radius, under the stent) and the sheath's tip band.
  const glm::dvec3 d_marker = system.distal_marker_mm(), p_marker = system.proximal_marker_mm();
  marker_band(d_marker, p_marker, 0.5);
  marker_band(p_marker, d_marker, 0.5);
  if (sheath.size() >= 2) marker_band(sheath.front(), sheath[1], 0.5 * spec.sheath_outer_diameter_mm - 0.1);
  // The inner shaft's soft tip beyond the stent, polymer on the wire.
  const std::vector<glm::dvec3>& tip = system.tip_axis_mm();
  if (tip.size() >= 2) add_tube_chain(scene, tip, std::vector<double>(tip.size(), 0.5), [&](size_t) { return polymer; }, spec.id + " tip");
}

}  // namespace angiosim
