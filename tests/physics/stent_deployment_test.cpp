// Self-expanding stent deployment over the wire in the default case (reference 9 mm, a 30 mm
// fibrous stenosis dilated to ~35 %): the sheath uncovers the rings distal first; the stent moves
// with the system until its distal crowns touch the wall, not after; no deployment without the
// wire across; coverage margins and malapposition against the lesion's own geometry; the last
// ring's jump; post-dilation inside the stent.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>

#include "core/scenario/predicate.h"
#include "core/scenario/procedure_session.h"
#include "core/scenario/stent_assessment.h"
#include "core/util/data_paths.h"

using namespace angiosim;

namespace {

const LoadedCase& default_case() {
  static const LoadedCase c = load_case(data_path("scenarios/default.json"));
  return c;
}

struct Deploy {
  explicit Deploy(const std::string& step = "angioplasty") : projector(default_case()), session(default_case(), projector, options()) {
    SessionInput jump;
    jump.jump_to = default_case().procedure.find_step(step);
    session.tick(jump);
  }
  static SessionOptions options() {
    SessionOptions o;
    o.mode = SessionMode::Practice;
    o.pixels = 32;
    return o;
  }
  void run(double seconds, const SessionInput& first = {}) {
    session.tick(first);
    for (int k = 1; k < int(std::lround(seconds / Simulation::kStep_s)); ++k) session.tick();
  }
  void hands(double advance, double retract, double seconds) {
    SessionInput in;
    in.stent_hands = StentControls{advance, retract};
    run(seconds, in);
    SessionInput stop;
    stop.stent_hands = StentControls{};
    session.tick(stop);
  }
  const Simulation& sim() const { return session.sim(); }
  const LesionSpec& lesion() const { return sim().anatomy().spec().lesions[0]; }
  glm::dvec3 lesion_point(double offset_mm) const {
    const VesselTree& t = sim().anatomy();
    return t.centerline_point(t.find_vessel(lesion().vessel), lesion().center_mm + offset_mm);
  }
  double along_wire(const glm::dvec3& p) const { return wire_distance_to_mm(*sim().guidewire(), p); }
  void insert(const std::string& id) {
    SessionInput in;
    in.sim.insert_stent = id;
    session.tick(in);
  }
  // Pushes the system until the middle between its markers is `offset_mm` from the lesion centre
  // (+: distal, toward the wire tip).
  void centre(double offset_mm = 0) {
    const StentDelivery* s = sim().stent_system();
    const double target = wire_distance_to_mm(*sim().guidewire(), lesion_point(0)) + offset_mm +
                          0.5 * (s->distal_marker_along_mm() - s->proximal_marker_along_mm());
    for (int k = 0; k < 240 * 30 && std::abs(target - s->position_mm()) > 0.05; ++k) {
      SessionInput in;
      in.stent_hands = StentControls{std::clamp(4 * (target - s->position_mm()), -20.0, 20.0), 0};
      session.tick(in);
    }
    SessionInput stop;
    stop.stent_hands = StentControls{};
    session.tick(stop);
  }
  CpuPulseProjector projector;
  ProcedureSession session;
};

// The default case after angioplasty (the demo's scene at the start of the stent step).
const char* const kAfterAngioplasty = "stent";

// Along the lesion's vessel: the length over [s0, s1] where the lumen is wider than d_mm.
double length_wider_than(const VesselTree& t, int v, double s0, double s1, double d_mm) {
  double len = 0;
  for (double s = s0; s < s1; s += 0.05) len += 2 * t.lumen(v, std::clamp(s, 0.0, t.length_mm(v))).radius_mm > d_mm ? 0.05 : 0.0;
  return len;
}

}  // namespace

TEST_CASE("stent: rings open distal first, the stent anchors and then stays; deployed it covers the lesion") {
  Deploy d(kAfterAngioplasty);
  REQUIRE(d.sim().guidewire());
  d.insert("nitinol_self_expanding_10x40");
  REQUIRE(d.sim().stent_system());
  SessionInput wire_out;
  wire_out.sim.withdraw_wire = true;  // not with a catheter on it
  d.session.tick(wire_out);
  CHECK(d.sim().guidewire());
  d.centre();
  const StentDelivery& s = *d.sim().stent_system();
  const size_t n = s.implant().ring_count();

  // A little of the sheath back: the first ring flares, not yet at the wall; the system still moves.
  d.hands(0, 1, 1.0);
  CHECK(s.implant().rings()[0].open_fraction > 0);
  CHECK(s.implant().rings()[0].diameter_mm() < s.implant().rings()[0].site.lumen_mm);
  CHECK(!s.anchored());
  const double before = s.position_mm();
  d.hands(-2, 0, 1.0);
  CHECK(s.position_mm() == doctest::Approx(before - 2).epsilon(0.01));
  d.hands(2, 0, 1.0);

  // On until the crowns touch the wall: anchored; a pull then moves nothing and is counted.
  for (int k = 0; k < 240 * 10 && !s.anchored(); ++k) {
    SessionInput in;
    in.stent_hands = StentControls{0, 1};
    d.session.tick(in);
  }
  REQUIRE(s.anchored());
  const PlacedRing& first = s.implant().rings()[0];
  CHECK(first.diameter_mm() >= first.site.lumen_mm - 0.01);
  const double anchored_at = s.position_mm();
  d.hands(-5, 0, 1.0);
  CHECK(s.position_mm() == anchored_at);
  CHECK(s.moves_after_anchoring() == 1);

  // Half out: the opened rings are a distal prefix, farther along the wire than the crimped rest.
  d.hands(0, 2, 0.5 * s.crimped_length_mm() / 2);
  size_t open = 0;
  while (open < n && s.implant().rings()[open].open_fraction > 0) ++open;
  CHECK(open > 2);
  CHECK(open < n - 2);
  for (size_t k = open; k < n; ++k) CHECK(s.implant().rings()[k].open_fraction == 0);
  for (size_t k = 1; k < n; ++k)
    CHECK(d.along_wire(s.implant().rings()[k].center_mm) < d.along_wire(s.implant().rings()[k - 1].center_mm));
  // Stable half deployed: nothing changes while the thumbwheel rests.
  const std::vector<double> half = s.implant().ring_diameters_mm();
  d.hands(0, 0, 2.0);
  CHECK(s.implant().ring_diameters_mm() == half);

  // The rest, slowly (1 mm/s: a jump of a third of a millimetre at the last ring).
  d.hands(0, 1, 0.5 * s.crimped_length_mm() + 6);
  REQUIRE(d.sim().stents().size() == 1);
  const StentImplant& st = d.sim().stents()[0];
  CHECK(st.fully_released());
  CHECK(st.jump_mm() == doctest::Approx(StentDelivery::kJump_s));
  // Every ring opened wider than the crimped stent, and those on the lesion hold it open.
  const VesselTree& t = d.sim().anatomy();
  const int v = t.find_vessel(d.lesion().vessel);
  for (const PlacedRing& r : st.rings()) {
    CHECK(r.apposed());
    CHECK(r.diameter_mm() > 5.5);
    if (r.site.lesion == 0) CHECK(2 * t.lumen(v, r.site.s_mm).radius_mm >= r.diameter_mm() - 0.01);
  }
  // Placed centred: the margins each side are half the stent's deployed length less the lesion's.
  const StentPlacement p = stent_placement(d.sim(), d.lesion());
  REQUIRE(p.covers_centre);
  const double deployed = p.covered_length_mm;
  CHECK(deployed < s.crimped_length_mm());  // foreshortened
  CHECK(deployed == doctest::Approx(st.spec().length_at_mm(st.rings()[n / 2].diameter_mm())).epsilon(0.05));
  const double expected_margin = 0.5 * (deployed - d.lesion().length_mm);
  CHECK(p.proximal_margin_mm == doctest::Approx(expected_margin).epsilon(0.25));
  CHECK(p.distal_margin_mm == doctest::Approx(expected_margin).epsilon(0.25));
  CHECK(p.landing_error_mm < 2.0);
  CHECK(p.oversize_mm() == doctest::Approx(1.0).epsilon(0.05));
  CHECK(p.malapposed_mm == 0);

  // Out over the wire; the stent stays.
  for (int k = 0; k < 240 * 10 && d.sim().stent_system() && d.sim().stent_system()->position_mm() > 1; ++k) {
    SessionInput in;
    in.stent_hands = StentControls{-50, 0};
    d.session.tick(in);
  }
  SessionInput out;
  out.sim.remove_stent = true;
  d.session.tick(out);
  CHECK(!d.sim().stent_system());
  CHECK(d.sim().stents().size() == 1);
}

TEST_CASE("stent: not deployed without the wire across the lesion") {
  Deploy d("crossing");
  SessionInput wire;
  wire.sim.insert_wire = "hydrophilic_angled_035";
  d.session.tick(wire);
  REQUIRE(d.sim().guidewire());
  d.run(2.0, [] { SessionInput in; in.hands = HubControls{30, 0}; return in; }());
  SessionInput stop;
  stop.hands = HubControls{};
  d.session.tick(stop);
  REQUIRE(!d.sim().wire_across_a_lesion());
  d.insert("nitinol_self_expanding_10x40");
  REQUIRE(d.sim().stent_system());
  d.hands(40, 0, 3.0);  // as far as the wire allows
  d.hands(0, 5, 3.0);
  const StentDelivery& s = *d.sim().stent_system();
  CHECK(s.retracted_mm() == 0);
  CHECK(s.refused_deployments() == 1);
  CHECK(s.implant().rings()[0].open_fraction == 0);
  CHECK(d.sim().stents().empty());
  Predicate refused;
  refused.kind = PredicateKind::StentDeployRefused;
  CHECK(refused.evaluate(d.session.facts()));
  // The system only reaches as far as the wire, short of the lesion's far end.
  CHECK(s.position_mm() <= d.sim().guidewire()->inserted_length_mm() - StentDelivery::kTipLength_mm + 1e-9);
}

TEST_CASE("stent: off target it misses the lesion; undersized it malapposes; released fast it jumps") {
  SUBCASE("placed 20 mm down the wire (toward the groin): the lesion's proximal end bare") {
    Deploy d(kAfterAngioplasty);
    d.insert("nitinol_self_expanding_10x40");
    d.centre(-20);
    d.hands(0, 5, 12);
    REQUIRE(d.sim().stents().size() == 1);
    const StentPlacement p = stent_placement(d.sim(), d.lesion());
    // Retrograde access: up the wire is proximal in the artery. The stent's first end anchors at
    // the distal marker, M/2 − 20 mm proximal to the lesion's centre (M the markers' span: the
    // stent at nominal), so the lesion's proximal end (l/2 before the centre) is bare by
    // l/2 + 20 − M/2, whatever length the stent then opens to (within 1 mm: the wire's path is
    // not the centerline).
    const double markers = d.sim().stents()[0].spec().length_at_mm(d.sim().stents()[0].spec().nominal_diameter_mm);
    const double bare = 0.5 * d.lesion().length_mm + 20 - 0.5 * markers;
    CHECK(std::abs(p.proximal_margin_mm + bare) < 1.0);
    CHECK(p.distal_margin_mm > 20);
    Predicate miss;
    miss.kind = PredicateKind::StentGeographicMiss;
    miss.lesion = 0;
    CHECK(miss.evaluate(d.session.facts()));
    CHECK(p.landing_error_mm > 15);
  }
  SUBCASE("a 20 mm stent on the 30 mm lesion, centred: both ends of the lesion bare") {
    Deploy d(kAfterAngioplasty);
    d.insert("nitinol_self_expanding_10x20");
    d.centre();
    d.hands(0, 3, 10);
    REQUIRE(d.sim().stents().size() == 1);
    const StentPlacement p = stent_placement(d.sim(), d.lesion());
    REQUIRE(p.covers_centre);
    // Short by l − L, shared by the two ends (within 1.5 mm: laid from its anchored end).
    const double short_by = d.lesion().length_mm - p.covered_length_mm;
    CHECK(short_by > 8);
    CHECK(p.proximal_margin_mm < 0);
    CHECK(p.distal_margin_mm < 0);
    CHECK(p.proximal_margin_mm + p.distal_margin_mm == doctest::Approx(-short_by).epsilon(0.01));
    CHECK(std::abs(p.proximal_margin_mm - p.distal_margin_mm) < 3.0);
    Predicate covers;
    covers.kind = PredicateKind::StentCovers;
    covers.lesion = 0;
    covers.value = 0;
    CHECK(!covers.evaluate(d.session.facts()));
  }
  SUBCASE("a 6 mm stent in a 9 mm artery: apposed only where the dilated lesion is narrower than 6 mm") {
    Deploy d(kAfterAngioplasty);
    // The lumen as it is before any stent, along the lesion's vessel (a copy of the anatomy).
    const VesselTree before = d.sim().anatomy();
    const int v = before.find_vessel(d.lesion().vessel);
    d.insert("nitinol_self_expanding_6x40");
    d.centre();
    d.hands(0, 3, 16);
    REQUIRE(d.sim().stents().size() == 1);
    const StentImplant& st = d.sim().stents()[0];
    // Over the stent's span, where that lumen is wider than the stent's free 6 mm the rings never
    // touch.
    double s0 = 1e9, s1 = -1e9;
    for (const PlacedRing& r : st.rings()) {
      REQUIRE(r.site.vessel == v);
      s0 = std::min(s0, r.site.s_mm - 0.5 * r.ring.pitch_mm());
      s1 = std::max(s1, r.site.s_mm + 0.5 * r.ring.pitch_mm());
    }
    const double expected = length_wider_than(before, v, s0, s1, 6.0);
    CHECK(expected > 5);
    CHECK(st.malapposed_length_mm() == doctest::Approx(expected).epsilon(0.25));
  }
  SUBCASE("the last ring released at 20 mm/s springs the end forward 4 mm; at 1 mm/s, 0.3 mm") {
    Deploy d(kAfterAngioplasty);
    d.insert("nitinol_self_expanding_10x40");
    d.centre();
    d.hands(0, 20, 4);
    REQUIRE(d.sim().stents().size() == 1);
    CHECK(d.sim().stents()[0].jump_mm() == doctest::Approx(std::min(StentDelivery::kMaxJump_mm, 20 * StentDelivery::kJump_s)));
    const StentPlacement fast = stent_placement(d.sim(), d.lesion());
    Deploy e(kAfterAngioplasty);
    e.insert("nitinol_self_expanding_10x40");
    e.centre();
    e.hands(0, 1, 50);
    REQUIRE(e.sim().stents().size() == 1);
    CHECK(e.sim().stents()[0].jump_mm() == doctest::Approx(StentDelivery::kJump_s));
    // The jump carries the stent's last end (nearest the sheath: the artery's distal end here)
    // toward its first: less distal margin, the proximal one unchanged.
    const StentPlacement slow = stent_placement(e.sim(), e.lesion());
    CHECK(slow.distal_margin_mm - fast.distal_margin_mm > 1.5);
    CHECK(slow.proximal_margin_mm == doctest::Approx(fast.proximal_margin_mm).epsilon(0.02));
  }
}

TEST_CASE("stent: post-dilation inside the stent opens the stented lesion further") {
  Deploy d(kAfterAngioplasty);
  d.insert("nitinol_self_expanding_10x40");
  d.centre();
  d.hands(0, 3, 16);
  REQUIRE(d.sim().stents().size() == 1);
  const double stented = residual_stenosis_percent(d.sim().anatomy(), d.lesion());
  const std::vector<double> held = d.sim().stents()[0].ring_diameters_mm();
  d.hands(-50, 0, 6);
  SessionInput out;
  out.sim.remove_stent = true;
  out.sim.insert_balloon = "semi_compliant_9x40";
  d.session.tick(out);
  d.session.tick(out);
  REQUIRE(d.sim().balloon());
  const double target = d.along_wire(d.lesion_point(0)) + 20;
  for (int k = 0; k < 240 * 30 && std::abs(target - d.sim().balloon()->position_mm()) > 0.05; ++k) {
    SessionInput in;
    in.balloon_hands = BalloonControls{std::clamp(4 * (target - d.sim().balloon()->position_mm()), -20.0, 20.0), 0};
    d.session.tick(in);
  }
  d.run(8, [] { SessionInput in; in.balloon_hands = BalloonControls{0, 1}; return in; }());
  d.run(30, [] { SessionInput in; in.balloon_hands = BalloonControls{0, 0}; return in; }());
  d.run(3, [] { SessionInput in; in.balloon_hands = BalloonControls{0, -6}; return in; }());
  REQUIRE(!d.sim().balloon()->inflated());
  const double post = residual_stenosis_percent(d.sim().anatomy(), d.lesion());
  CHECK(post < stented - 5);
  // The rings on the narrow part hold the lumen at a new equilibrium: wider than the stent alone
  // held, below the balloon's 9 mm (the plaque recoils onto them).
  const std::vector<PlacedRing>& rings = d.sim().stents()[0].rings();
  int narrow = 0;
  for (size_t k = 0; k < rings.size(); ++k) {
    CHECK(rings[k].diameter_mm() >= held[k] - 0.01);
    if (rings[k].site.lesion != 0 || held[k] > 7.5) continue;
    ++narrow;
    CHECK(rings[k].diameter_mm() > held[k] + 0.3);
    CHECK(rings[k].diameter_mm() < 9.0);
  }
  CHECK(narrow >= 4);
}
