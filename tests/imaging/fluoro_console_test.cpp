// The console as an operator uses it: pulses only while a pedal is pressed, at the chosen rate,
// the last image held after; dose only while imaging, scaling with the pulse rate; a DSA run of
// an unchanged scene subtracts to nothing and shows only what contrast added; a roadmap shows
// the vessels white.
#include <doctest/doctest.h>

#include <cmath>

#include "core/imaging/fluoro_console.h"
#include "core/imaging/pulse_developer.h"
#include "core/util/data_paths.h"

using namespace angiosim;

namespace {

const CArmSpec& shipped_c_arm() {
  static const CArmSpec spec = load_c_arm_file(data_path("models/c_arm.json"));
  return spec;
}

ProjectionGeometry view() { return make_projection(shipped_c_arm(), CArmPose{}, 64); }

// A slab, and the same slab with a band of "contrast" (transmission × 0.4) across rows 24-39.
std::vector<float> scene(bool contrast) {
  std::vector<float> t(64 * 64, 0.01f);
  if (contrast)
    for (int j = 24; j < 40; ++j)
      for (int i = 0; i < 64; ++i) t[size_t(j) * 64 + size_t(i)] *= 0.4f;
  return t;
}

// Runs the console for `seconds` in 1/240 s steps, exposing `primary` on every pulse.
int run(FluoroConsole& console, double seconds, Pedals pedals, const std::vector<float>& primary) {
  int pulses = 0;
  for (int k = 0; k < int(std::lround(seconds * 240)); ++k)
    if (console.advance(1.0 / 240, pedals)) {
      console.expose(primary, view());
      ++pulses;
    }
  return pulses;
}

double mean_gray(const std::vector<uint8_t>& g, int row_begin, int row_end) {
  double s = 0;
  for (int j = row_begin; j < row_end; ++j)
    for (int i = 8; i < 56; ++i) s += g[size_t(j) * 64 + size_t(i)];
  return s / ((row_end - row_begin) * 48);
}

}  // namespace

TEST_CASE("pulses fall at the pulse rate only while the pedal is down; the last image is held") {
  FluoroConsole console(shipped_c_arm(), 1);
  CHECK(run(console, 1.0, {}, scene(false)) == 0);
  CHECK(console.live_monitor().empty());
  CHECK(console.dose().reference_air_kerma_mGy() == 0);
  for (double pps : {3.75, 7.5, 15.0, 30.0}) {
    CAPTURE(pps);
    console.set_pulse_rate(pps);
    CHECK(run(console, 2.0, {true, false}, scene(false)) == int(std::lround(2 * pps)));
    console.advance(1.0 / 240, {});  // lift the pedal: the next press starts with a pulse
  }
  const std::vector<uint8_t> held = console.live_monitor();
  const double kerma = console.dose().reference_air_kerma_mGy(), fluoro_time = console.dose().fluoro_time_s();
  CHECK(fluoro_time == doctest::Approx(8.0));
  run(console, 3.0, {}, scene(true));  // pedal up: nothing new is exposed or shown
  CHECK(console.live_monitor() == held);
  CHECK(console.dose().reference_air_kerma_mGy() == kerma);
  CHECK(console.dose().fluoro_time_s() == fluoro_time);
  CHECK(console.dose().air_kerma_rate_mGy_min() == 0);
}

TEST_CASE("dose accrues with the pulse rate as the reference table says") {
  auto kerma_per_minute = [](double pps) {
    FluoroConsole console(shipped_c_arm(), 2);
    console.set_pulse_rate(pps);
    run(console, 2.0, {true, false}, scene(false));  // the control settles
    const double before = console.dose().reference_air_kerma_mGy();
    run(console, 4.0, {true, false}, scene(false));
    return (console.dose().reference_air_kerma_mGy() - before) * 15;
  };
  const double at30 = kerma_per_minute(30), at15 = kerma_per_minute(15), at7 = kerma_per_minute(7.5);
  CHECK(at15 < at30);
  CHECK(at7 < at15);
  // Half the pulses, more dose per pulse: the rate falls by less than half (AJR 2014 table).
  CHECK(at15 / at30 > 0.5);
  CHECK(at15 / at30 < 0.75);
}

TEST_CASE("DSA: an unchanged scene subtracts to an even background; contrast alone shows, dark") {
  FluoroConsole console(shipped_c_arm(), 3);
  console.set_acquisition_mode("dsa");
  run(console, 1.0, {false, true}, scene(false));
  run(console, 1.0, {false, true}, scene(true));
  const AcquisitionRun& r = console.runs().back();
  REQUIRE(r.frames.size() == 6);  // 3 pps for 2 s
  const std::vector<uint8_t>& still = r.frames[2];  // before the contrast: noise about the background
  const std::vector<uint8_t>& filled = r.frames[5];
  const double background = mean_gray(still, 0, 64);
  CHECK(std::abs(mean_gray(still, 24, 40) - background) < 3);
  // Outside the band only the scatter changed (the band absorbs some of what would scatter).
  CHECK(std::abs(mean_gray(filled, 0, 20) - background) < 6);
  CHECK(mean_gray(filled, 26, 38) < background - 80);        // the band: dark
  CHECK(FluoroConsole::most_opacified_frame(r) >= 3);
  // A run's frames are kept with their exposure locked after the first: the subtracted
  // background sits at the window's zero.
  const double zero_gray = 255 * (1 - (0 - FluoroConsole::kDsaWindow.low) / (FluoroConsole::kDsaWindow.high - FluoroConsole::kDsaWindow.low));
  CHECK(background == doctest::Approx(zero_gray).epsilon(0.05));
  CHECK(console.dose().fluoro_time_s() == 0);  // acquisitions are not fluoroscopy time
  CHECK(console.dose().kerma_area_product_Gy_cm2() > 0);
}

TEST_CASE("roadmap: live fluoroscopy less the opacified frame shows the vessel white and a wire dark") {
  FluoroConsole console(shipped_c_arm(), 4);
  run(console, 1.0, {false, true}, scene(false));
  run(console, 1.0, {false, true}, scene(true));
  REQUIRE(console.start_roadmap());
  std::vector<float> wire = scene(false);
  for (int j = 0; j < 64; ++j) wire[size_t(j) * 64 + 50] *= 0.4f;  // a wire along column 50
  run(console, 2.0, {true, false}, wire);
  const std::vector<uint8_t>& g = console.live_monitor();
  const double background = mean_gray(g, 0, 20);
  CHECK(mean_gray(g, 26, 38) > background + 60);  // the vessel: white
  CHECK(double(g[10 * 64 + 50]) < background - 40);  // the wire: dark
  console.stop_roadmap();
  CHECK_FALSE(console.roadmap());
}

TEST_CASE("a roadmap holds for its run's view only: turning the C-arm or zooming clears it, and the button finds a run of the view") {
  for (const CArmPose moved : {CArmPose{10, 0, glm::dvec3(0), 0, 0}, CArmPose{0, 0, glm::dvec3(0), 22, 0},
                               CArmPose{0, 0, glm::dvec3(15, 0, 0), 0, 0}, CArmPose{0, 0, glm::dvec3(0), 0, 1100}}) {
    CAPTURE(moved.lao_deg);
    CAPTURE(moved.field_cm);
    CAPTURE(moved.isocenter_mm.x);
    CAPTURE(moved.sid_mm);
    FluoroConsole console(shipped_c_arm(), 5);
    run(console, 1.0, {false, true}, scene(false));
    run(console, 1.0, {false, true}, scene(true));
    const AcquisitionRun& r = console.runs().back();
    CHECK(r.geometry.width == 64);
    CHECK(r.geometry.source_mm == view().source_mm);
    REQUIRE(console.start_roadmap());
    run(console, 0.5, {true, false}, scene(false));  // the run's own view: subtracted
    CHECK(console.roadmap());
    const std::vector<uint8_t> subtracted = console.live_monitor();
    CHECK(mean_gray(subtracted, 26, 38) > mean_gray(subtracted, 0, 20) + 60);
    const ProjectionGeometry other = make_projection(shipped_c_arm(), moved, 64);
    for (int k = 0; k < 240 && !console.advance(1.0 / 240, {true, false}); ++k) {
    }
    console.expose(scene(false), other);
    CHECK_FALSE(console.roadmap());
    CHECK(console.roadmap_note() == FluoroConsole::RoadmapNote::ClearedByNewView);
    // Plain fluoroscopy of the slab: no white band where the mask had contrast.
    CHECK(std::abs(mean_gray(console.live_monitor(), 26, 38) - mean_gray(console.live_monitor(), 0, 20)) < 6);
    // The roadmap button in the new view: no run was made from it.
    CHECK_FALSE(console.start_roadmap_in_view(other));
    CHECK_FALSE(console.roadmap());
    CHECK(console.roadmap_note() == FluoroConsole::RoadmapNote::NoRunInThisView);
    // Back in the run's view it makes one again.
    REQUIRE(console.start_roadmap_in_view(view()));
    CHECK(console.roadmap());
    CHECK(console.roadmap_note() == FluoroConsole::RoadmapNote::None);
  }
}

TEST_CASE("the roadmap button takes the latest DSA run of the view, not the latest run") {
  FluoroConsole console(shipped_c_arm(), 6);
  run(console, 1.0, {false, true}, scene(false));  // run 0 in the AP view
  run(console, 1.0, {false, true}, scene(true));
  console.advance(1.0 / 240, {});  // the pedal up: run 0 ends
  const ProjectionGeometry lao = make_projection(shipped_c_arm(), CArmPose{30, 0, glm::dvec3(0), 0, 0}, 64);
  for (int k = 0; k < 480; ++k)  // run 1 at LAO 30
    if (console.advance(1.0 / 240, {false, true})) console.expose(scene(k > 240), lao);
  REQUIRE(console.runs().size() == 2);
  REQUIRE(console.start_roadmap_in_view(view()));  // back at AP: run 0's mask
  run(console, 0.5, {true, false}, scene(false));
  const std::vector<uint8_t>& g = console.live_monitor();
  CHECK(console.roadmap());
  CHECK(mean_gray(g, 26, 38) > mean_gray(g, 0, 20) + 60);  // the vessel white, as subtracted from its own view
}

TEST_CASE("a pulse developer on a worker thread gives the images of developing at once, in order") {
  // Five pulses of alternating scenes, all started before any is taken: the worker develops them
  // in order, so the recursive filter and the noise see the same sequence as on the caller's thread.
  auto images = [](bool background) {
    FluoroConsole console(shipped_c_arm(), 7);
    std::vector<std::vector<float>> out;
    {
      PulseDeveloper developer(console, background);
      int started = 0;
      for (int k = 0; k < 240 && started < 5; ++k)
        if (console.advance(1.0 / 240, {true, false})) {
          developer.start(console.begin_pulse(), scene(started % 2 == 1), view());
          ++started;
        }
      REQUIRE(started == 5);
      CHECK(developer.unfinished() == 5);
      for (int k = 0; k < 5; ++k) out.push_back(developer.take().log_image.data);
      CHECK(developer.unfinished() == 0);
    }
    return out;
  };
  const auto at_once = images(false), on_worker = images(true);
  REQUIRE(at_once.size() == 5);
  CHECK(at_once == on_worker);
  CHECK(at_once[0] != at_once[1]);  // the contrast band is in the odd pulses
}
