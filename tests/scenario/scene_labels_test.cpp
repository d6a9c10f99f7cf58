// The labels an educator turns on (F4): the main arteries named where they run, the lesion with
// its stenosis as it stands, and each device in the patient where it is.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>

#include "core/scenario/case_loader.h"
#include "core/scenario/scene_labels.h"
#include "core/util/data_paths.h"

using namespace angiosim;

namespace {

const SceneLabel* find_label(const std::vector<SceneLabel>& labels, const std::string& text) {
  for (const SceneLabel& l : labels)
    if (l.text.rfind(text, 0) == 0) return &l;
  return nullptr;
}

}  // namespace

TEST_CASE("scene labels: main vessels, the lesion as it stands, the devices where they are") {
  CHECK(vessel_label("left_common_iliac") == "Left common iliac");
  CHECK(vessel_words("left_common_iliac") == "left common iliac");

  const LoadedCase c = load_case(data_path("scenarios/default.json"));
  Simulation sim = open_simulation(c, std::nullopt, std::nullopt, false);
  const VesselTree& tree = sim.anatomy();
  std::vector<SceneLabel> labels = scene_labels(sim);

  // The trunks are named, on their own centerline; the small branches are not.
  for (const char* name : {"aorta", "left_common_iliac", "right_external_iliac", "left_common_femoral"}) {
    const SceneLabel* l = find_label(labels, vessel_label(name));
    REQUIRE_MESSAGE(l, name);
    CHECK(l->kind == SceneLabel::Kind::Vessel);
    const CenterlineLocation at = sim.lumen().nearest_centerline(l->point_mm);
    CHECK(tree.vessel(at.vessel).name == name);
  }
  for (const char* small : {"left_lumbar_3", "right_superior_gluteal", "left_medial_circumflex_femoral"})
    CHECK_MESSAGE(!find_label(labels, vessel_label(small)), small);

  // The lesion at its centre, with the scenario's 70 % stenosis; no devices before the access.
  const LesionSpec& lesion = tree.spec().lesions.front();
  const SceneLabel* l = find_label(labels, lesion.name);
  REQUIRE(l);
  CHECK(l->kind == SceneLabel::Kind::Lesion);
  CHECK(l->text == lesion.name + " " + std::to_string(int(std::lround(lesion.stenosis_percent))) + " %");
  CHECK(glm::distance(l->point_mm, tree.centerline_point(tree.find_vessel(lesion.vessel), lesion.center_mm)) < 1e-9);
  for (const SceneLabel& s : labels) CHECK(s.kind != SceneLabel::Kind::Device);

  // Sheath and wire in, then a balloon over the wire: each labelled where it is.
  OperatorCommands access;
  access.access_at_mm = c.access->tip_mm;
  sim.step(access);
  OperatorCommands wire;
  wire.insert_wire = "hydrophilic_angled_035";
  sim.step(wire);
  OperatorCommands push;
  push.wire.advance_mm_s = 50;
  for (int k = 0; k < 240; ++k) sim.step(push);
  OperatorCommands balloon;
  balloon.insert_balloon = "semi_compliant_8x40";
  sim.step(balloon);
  REQUIRE(sim.balloon());
  labels = scene_labels(sim);
  const SceneLabel* sheath = find_label(labels, "Sheath");
  const SceneLabel* tip = find_label(labels, "Wire tip");
  const SceneLabel* b = find_label(labels, "Balloon 8 x 40 mm, 0.0 atm");
  REQUIRE(sheath);
  REQUIRE(tip);
  REQUIRE(b);
  CHECK(glm::distance(sheath->point_mm, sim.sheath()->tip_mm) < 1e-9);
  CHECK(glm::distance(tip->point_mm, sim.guidewire()->tip_mm()) < 1e-9);
  // The balloon's label sits on its axis, between its markers.
  const glm::dvec3 d = sim.balloon()->distal_marker_mm(), p = sim.balloon()->proximal_marker_mm();
  CHECK(glm::distance(b->point_mm, d) + glm::distance(b->point_mm, p) < glm::distance(d, p) + 1.0);
}
