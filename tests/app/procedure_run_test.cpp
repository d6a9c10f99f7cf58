// The headless procedure from the command line: --demo runs the default scenario to the end and
// writes the report, the key images and the recording; --replay reproduces it; a tampered
// recording does not, and says so in its exit status.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <stb_image.h>

#include <filesystem>
#include <fstream>

#include "app/procedure_run.h"
#include "core/util/data_paths.h"
#include "test_support.h"

using namespace angiosim;

using test::read_json;
using test::read_text;

TEST_CASE("headless demo: report, key images and a recording that replays") {
  const std::string dir = test::temp_dir("demo");
  AppOptions o;
  o.scenario_path = data_path("scenarios/default.json");
  o.out_dir = dir + "/demo";
  o.demo = true;
  o.pixels = 96;
  REQUIRE(run_procedure_headless(o) == 0);
  const nlohmann::json r = read_json(o.out_dir + "/report.json");
  CHECK(r["completed"] == true);
  CHECK(r["steps"].size() == 7);
  for (const auto& s : r["steps"]) CHECK(s["completed"] == true);
  CHECK(r["total"]["runs"] == 3);  // diagnostic, after angioplasty, completion
  CHECK(r["total"]["contrast_ml"].get<double>() == doctest::Approx(48));  // three runs of the scenario's 16 mL
  // Angioplasty at 8 atm left about a third (the recoil): the provisional-stenting decision says
  // stent. The stent alone holds the lesion a little wider; post-dilated inside it (the second
  // inflation), it ends under 30 %.
  REQUIRE(r["angioplasty"]["inflations"].size() == 2);
  CHECK(r["angioplasty"]["inflations"][0]["max_pressure_atm"].get<double>() == doctest::Approx(8));
  bool stent = false;
  for (const auto& e : r["events"]) stent |= e["kind"] == "decision" && e["text"] == "Stent";
  CHECK(stent);
  REQUIRE(r["stents"].size() == 1);
  CHECK(r["stents"][0]["device"] == "nitinol_self_expanding_10x40");  // reference 9 mm, + 1 mm
  CHECK(r["stents"][0]["malapposed_mm"].get<double>() == 0);
  const auto& placed = r["lesions"][0]["stent"];
  CHECK(placed["covers"] == true);
  CHECK(placed["proximal_margin_mm"].get<double>() > 3);
  CHECK(placed["distal_margin_mm"].get<double>() > 3);
  const double residual = r["lesions"][0]["diameter_stenosis_percent"].get<double>();
  CHECK(residual > 5);
  CHECK(residual < 30);
  CHECK(read_text(o.out_dir + "/report.html").find("<h2>Stents</h2>") != std::string::npos);
  CHECK(r["total"]["fluoro_time_s"].get<double>() > 1);
  CHECK(r["steps"][0]["metrics"]["air_kerma_mGy"].get<double>() > 0);
  const std::string html = read_text(o.out_dir + "/report.html");
  CHECK(html.find("Femoral access") != std::string::npos);
  CHECK(html.find("angiogram before") != std::string::npos);
  CHECK(html.find("angiogram after") != std::string::npos);
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load((o.out_dir + "/run_01.png").c_str(), &w, &h, &n, 1);
  REQUIRE(px);
  // A DSA frame: mostly mid-gray background, the opacified arteries dark.
  int dark = 0;
  for (int k = 0; k < w * h; ++k) dark += px[k] < 100;
  stbi_image_free(px);
  CHECK(w == 96);
  CHECK(dark > 50);
  CHECK(dark < w * h / 4);
  // Each run also animated (APNG): its frame count in the animation control chunk, the key frame's
  // link in the page.
  for (const auto& img : r["images"]) {
    if (!img.contains("run") || img["file"].get<std::string>().find("native") != std::string::npos) continue;
    REQUIRE(img.contains("cine"));
    const std::string cine = read_text(o.out_dir + "/" + img["cine"].get<std::string>());
    const size_t actl = cine.find("acTL");
    REQUIRE(actl != std::string::npos);
    const auto byte = [&](size_t k) { return uint32_t(uint8_t(cine[actl + 4 + k])); };
    const uint32_t frames = byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
    CHECK(frames > 3);  // a DSA run of a few seconds at its rate
    CHECK(html.find("href=\"" + img["cine"].get<std::string>() + "\"") != std::string::npos);
  }

  AppOptions replay;
  replay.replay_path = o.out_dir + "/session.jsonl";
  replay.out_dir = dir + "/replay";
  CHECK(run_procedure_headless(replay) == 0);
  CHECK(read_json(replay.out_dir + "/report.json")["state_hash"] == r["state_hash"]);

  // Change one recorded input: the replay no longer reaches the recorded state.
  std::string recording = read_text(replay.replay_path);
  const size_t at = recording.find("\"compress\":true");
  REQUIRE(at != std::string::npos);
  recording.replace(at, 15, "\"compress\":false");
  const std::string tampered = dir + "/tampered.jsonl";
  std::ofstream(tampered) << recording;
  replay.replay_path = tampered;
  replay.out_dir = dir + "/tampered";
  CHECK(run_procedure_headless(replay) == 1);
}
