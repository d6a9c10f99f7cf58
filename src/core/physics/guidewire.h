#pragma once
// A guidewire in the patient: the inserted part of the wire, from the sheath tip to the distal
// tip, as an elastic rod. The operator's hands act at the hub: advance/retract (mm/s) and rotate
// (°/s). As in SOFA BeamAdapter's interventional-radiology controller, insertion is kinematic: the
// wire slides out of the sheath tip, whose position and direction clamp the rod, and nodes are fed
// in (or taken out) there as the inserted length changes, at fixed material spacing from the tip.
#include <glm/vec3.hpp>

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/anatomy/lumen_query.h"
#include "core/devices/guidewire_spec.h"
#include "core/physics/elastic_rod.h"

namespace angiosim {

// The sheath tip in the artery: where the wire comes out, and which way.
struct AccessSite {
  int vessel = -1;
  double s_mm = 0;
  glm::dvec3 tip_mm{0};
  glm::dvec3 direction{0, 0, 1};         // unit, the way the wire leaves the sheath
  glm::dvec3 reference_normal{0, -1, 0};  // hub angle 0: an angled tip bends this way
};

// Retrograde access (against the flow, toward the heart) in `vessel` at arclength s, the usual
// femoral approach to the iliac arteries. Hub angle 0 turns an angled tip anterior.
AccessSite retrograde_access(const VesselTree& tree, int vessel, double s_mm);
// Antegrade access (with the flow, away from the heart), e.g. a wire coming down the aorta.
AccessSite antegrade_access(const VesselTree& tree, int vessel, double s_mm);

// The hands on the hub for one step.
struct HubControls {
  double advance_mm_s = 0;  // + pushes in, − pulls back
  double rotate_deg_s = 0;  // + clockwise seen from the operator (toward the patient)
};

// A moment when the tip was pushed hard into the wall. Into a healthy wall it is a perforation or
// dissection risk; into a lesion's plaque (lesion ≥ 0) it is what crossing takes, and the scenario
// layer judges it (a cap being bored, or a tip heading subintimal).
struct WallInjuryRisk {
  double time_s = 0;
  int vessel = -1;
  double s_mm = 0;
  int lesion = -1;  // index into the anatomy's lesions; -1: healthy wall
  glm::dvec3 position_mm{0};
  double force_N = 0;
};

class Guidewire {
 public:
  static constexpr double kMaxAdvanceSpeed_mm_s = 150;
  static constexpr double kMaxRotateSpeed_deg_s = 720;
  // Tip force against a healthy wall taken as a perforation/dissection risk: ~10 gf. CTO wires of
  // 12–20 gf tip load can reach it; floppy 1–3 gf tips buckle first.
  static constexpr double kWallInjuryForce_N = 0.1;
  // A hand pushes or pulls a wire with a few newtons at most; beyond that it slips through the
  // fingers (the hub stops advancing), so no push crushes the wire into a dead end.
  static constexpr double kMaxHandForce_N = 5.0;

  Guidewire(const GuidewireSpec& spec, const AccessSite& access, double initial_insertion_mm = 10,
            double node_spacing_mm = 1.0);

  // Advances the hands by dt and settles the wire in the lumen.
  void step(double dt_s, const HubControls& hands, const LumenQuery& lumen);

  const GuidewireSpec& spec() const { return spec_; }
  const Rod& rod() const { return rod_; }
  const RodClamp& clamp() const { return clamp_; }
  const AccessSite& access() const { return access_; }
  double inserted_length_mm() const { return inserted_mm_; }
  double hub_angle_deg() const;
  glm::dvec3 tip_mm() const { return rod_.x.front(); }
  glm::dvec3 tip_direction() const;
  const RodSolveReport& last_solve() const { return last_solve_; }
  double tip_wall_force_N() const { return tip_force_N_; }
  // Axial force the hand applies at the sheath: + pushing, − pulling (N).
  double hand_force_N() const;
  // Torque the hand holds on the hub, in the sense of rotate_deg_s (N·mm): the twist of the
  // first joint out of the sheath.
  double hub_torque_N_mm() const;
  const std::vector<WallInjuryRisk>& injury_risks() const { return risks_; }
  size_t healthy_wall_risks() const;  // those with lesion < 0
  RodSolveSettings& settings() { return settings_; }

  // The lumen changed (a channel opened): wall samples must be searched afresh.
  void forget_wall_cache() {
    wall_.samples.assign(wall_.samples.size(), CachedWall{});
    wall_.cells.clear();
  }

  // Material distance (mm) of node k from the distal tip.
  double material_distance_mm(size_t node) const;

 private:
  // Moves the hub by advance_mm and turn_rad and settles the wire, from the state in before_push_.
  void settle(double advance_mm, double turn_rad, const LumenQuery& lumen);
  void slide_along_wire(double delta_mm);
  void feed_nodes();
  void restore_lengths();
  void keep_tip_off_wall(const LumenQuery& lumen, const glm::dvec3& tip_before);
  void set_joint_properties(size_t joint);
  WallSample wall_sample(const LumenQuery& lumen, int node, const glm::dvec3& p);

  GuidewireSpec spec_;
  AccessSite access_;
  double spacing_mm_;
  double inserted_mm_;
  double time_s_ = 0;
  Rod rod_;
  RodClamp clamp_;
  RodSolveSettings settings_;
  RodSolveReport last_solve_;
  RodSolveWorkspace solve_workspace_;  // reused step after step (holds nothing the next step reads)
  double tip_force_N_ = 0;
  bool risk_active_ = false;
  std::vector<WallInjuryRisk> risks_;
  // The lumen segments that can be nearest to the wall anywhere near a point
  // (LumenQuery::near_wall), searched once per cube of space a wire sample enters and kept: the
  // wire slides along its own track, so its samples keep passing through the same cubes, and
  // most wall samples look at one or two segments instead of searching the tree. Keyed by the
  // cube's integer coordinates.
  static constexpr double kWallCell_mm = 1.0;
  // A cube's search reaches this far from its centre: the whole cube (half-diagonal √3/2) and a
  // margin, so a sample stays with its cube until it is half a millimetre outside it.
  static constexpr double kWallCellReach_mm = 0.8660254037844386 * kWallCell_mm + 0.5;
  // At most this many cubes are kept (a few megabytes); beyond it they are searched afresh.
  static constexpr size_t kMaxWallCells = 20000;
  // Per sample point (node or edge midpoint): its cube's search, and the last exact distance.
  struct CachedWall {
    const LumenQuery::NearWall* near = nullptr;
    std::int64_t cell_key = 0;  // near's key in the cubes' map
    // What the bound below needs of *near, copied: most samples are settled by the bound alone,
    // and then never reach into the map's scattered nodes.
    glm::dvec3 center_mm{0};
    double reach_mm = 0, lipschitz = 1;
    double nearest_at_center_mm = 0;  // the nearest candidate's signed distance at the centre
    bool no_wall = true;              // no candidates in reach
    bool has_exact = false;        // the last exact distance, computed with these candidates
    glm::dvec3 exact_at_mm{0};
    double exact_signed_mm = 0;
  };
  // Rounding slack on the Lipschitz bound that lets a wall sample skip its exact distance.
  static constexpr double kClearMargin_mm = 1e-3;
  // Per-sample entries point into the cubes' map: a copy points its entries at its own map's
  // cubes by their keys, so a copied wire goes on as warm as the original (a move keeps both; the
  // map's nodes do not move).
  struct WallCache {
    std::unordered_map<std::int64_t, LumenQuery::NearWall> cells;
    std::vector<CachedWall> samples;
    WallCache() = default;
    WallCache(const WallCache& other) : cells(other.cells), samples(other.samples) { repoint(); }
    WallCache& operator=(const WallCache& other) {
      if (this != &other) {
        cells = other.cells;
        samples = other.samples;
        repoint();
      }
      return *this;
    }
    void repoint() {
      for (CachedWall& c : samples)
        if (c.near) {
          const auto found = cells.find(c.cell_key);
          if (found == cells.end()) c = CachedWall{};
          else c.near = &found->second;
        }
    }
    WallCache(WallCache&&) = default;
    WallCache& operator=(WallCache&&) = default;
  } wall_;
  // The state before this step's push, to go back to if the push cannot be settled (kept as a
  // member so its vectors' storage is reused from step to step).
  struct BeforePush {
    Rod rod;
    double inserted_mm = 0, hub_angle_rad = 0;
    RodSolveReport solve;
  } before_push_;
};

}  // namespace angiosim
