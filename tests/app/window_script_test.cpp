// The window app driven by a key script (--keys: SDL key events injected at given frames), on the
// default scenario under SDL's offscreen driver: held Space is the fluoroscopy pedal, so the live
// monitor shows an X-ray image only when the script presses it; the panels are drawn around it.
#include <doctest/doctest.h>

#include <stb/stb_image.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>

#include "app/app_options.h"
#include "app/panel_layout.h"
#include "app/window_app.h"
#include "core/util/data_paths.h"
#include "test_support.h"

using namespace angiosim;

namespace {

struct Shot {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  // Mean and spread of the gray level over a box.
  std::pair<double, double> stats(int x0, int y0, int x1, int y1) const {
    double sum = 0, sum2 = 0;
    int n = 0;
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) {
        const double g = rgb[size_t(3 * (y * width + x))];
        sum += g;
        sum2 += g * g;
        ++n;
      }
    const double mean = sum / n;
    return {mean, std::sqrt(std::max(0.0, sum2 / n - mean * mean))};
  }
};

Shot run(const std::string& dir, const std::string& keys, int lose_context_at_frame = 0) {
  AppOptions o;
  o.lose_context_at_frame = lose_context_at_frame;
  o.scenario_path = data_path("scenarios/default.json");
  o.free = true;
  o.frames = 90;
  o.screenshot_path = dir + "/window.png";
  o.out_dir = dir;
  o.key_script = parse_key_script(keys);
  REQUIRE(run_window(o) == 0);
  Shot s;
  int n = 0;
  unsigned char* px = stbi_load(o.screenshot_path.c_str(), &s.width, &s.height, &n, 3);
  REQUIRE(px);
  s.rgb.assign(px, px + size_t(s.width) * size_t(s.height) * 3);
  stbi_image_free(px);
  return s;
}

}  // namespace

TEST_CASE("window: a key script holds the fluoroscopy pedal and pushes the wire; the panels and the image show") {
  const std::string dir = test::temp_dir("window-script");
  setenv("ANGIOSIM_CONFIG_DIR", dir.c_str(), 1);
  std::ofstream(dir + "/settings.json") << "{}";  // not a first run: no controls overlay over the monitor
  const Shot dark = run(dir, "");
  const Shot lit = run(dir, "2:Space+,2:W+,60:W-");
  REQUIRE(lit.width == dark.width);
  // The live monitor's middle half, where the layout puts it for this window (ImGui's default
  // style: 37 px of title bar and padding, 8 px at the sides).
  const PanelRect live = cath_lab_layout(ImVec2(0, 0), ImVec2(float(lit.width), float(lit.height)), 1.0f, Arrangement::Free,
                                         true, 37, 8).live;
  const int x0 = int(live.pos.x + 0.25f * live.size.x), x1 = int(live.pos.x + 0.75f * live.size.x);
  const int y0 = int(live.pos.y + 37 + 0.25f * (live.size.y - 37)), y1 = int(live.pos.y + 37 + 0.75f * (live.size.y - 37));
  REQUIRE(x1 - x0 > 50);
  const auto [dark_mean, dark_spread] = dark.stats(x0, y0, x1, y1);
  const auto [lit_mean, lit_spread] = lit.stats(x0, y0, x1, y1);
  CHECK(dark_mean < 10);       // no pedal, no image: a dark screen
  CHECK(lit_mean > 60);        // the X-ray image
  CHECK(lit_spread > 10);      // with anatomy in it, not a flat field
  // The panels: ImGui's window backgrounds left and right of the monitors, not the clear colour.
  const auto [panel_mean, panel_spread] = lit.stats(20, 40, int(live.pos.x) - 20, int(0.45f * float(lit.height)));
  CHECK(panel_spread > 5);     // text and widgets on them
  (void)panel_mean;
  unsetenv("ANGIOSIM_CONFIG_DIR");
}

TEST_CASE("window: the clean view (F3) gives the monitors the whole window, and leaves the panels' places") {
  const std::string dir = test::temp_dir("window-clean-view");
  setenv("ANGIOSIM_CONFIG_DIR", dir.c_str(), 1);
  std::ofstream(dir + "/settings.json") << "{}";
  const Shot clean = run(dir, "2:Space+,3:F3+,4:F3-");
  const PanelLayout normal = cath_lab_layout(ImVec2(0, 0), ImVec2(float(clean.width), float(clean.height)), 1.0f,
                                             Arrangement::Free, true, 37, 8);
  const PanelLayout monitors = clean_view_layout(ImVec2(0, 0), ImVec2(float(clean.width), float(clean.height)), 37, 8);
  CHECK(monitors.live.size.y > 1.4f * normal.live.size.y);  // larger than between the panels
  CHECK(monitors.live.size.y <= float(clean.height));
  CHECK(monitors.reference.pos.x >= monitors.live.pos.x + monitors.live.size.x);  // side by side
  CHECK(monitors.reference.pos.x + monitors.reference.size.x <= float(clean.width));
  // Where the step panel was, the live image now is: X-ray anatomy, not panels.
  const int x0 = int(monitors.live.pos.x + 24), x1 = int(normal.live.pos.x) - 8;
  const int y0 = int(monitors.live.pos.y + 60), y1 = int(monitors.live.pos.y + 0.8f * monitors.live.size.y);
  REQUIRE(x1 - x0 > 50);
  const auto [mean, spread] = clean.stats(x0, y0, x1, y1);
  CHECK(mean > 60);
  CHECK(spread > 10);
  // The reference monitor (no run yet: a dark screen) where the console was.
  const PanelRect& r = monitors.reference;
  const auto [dark, dark_spread] = clean.stats(int(r.pos.x + 20), int(r.pos.y + 60), int(r.pos.x + r.size.x - 20), int(r.pos.y + r.size.y - 40));
  CHECK(dark < 10);
  (void)dark_spread;
  // Back out of it, the panels are where they were laid out (the clean view's windows are others).
  const Shot again = run(dir, "2:Space+");
  const auto [panel_mean, panel_spread] = again.stats(20, 40, int(normal.live.pos.x) - 20, int(0.45f * float(again.height)));
  CHECK(panel_spread > 5);
  (void)panel_mean;
  unsetenv("ANGIOSIM_CONFIG_DIR");
}

TEST_CASE("window: after a lost GL context the monitors, the 3D view and the panels draw again") {
  const std::string dir = test::temp_dir("window-context-loss");
  setenv("ANGIOSIM_CONFIG_DIR", dir.c_str(), 1);
  std::ofstream(dir + "/settings.json") << "{}";
  // The context is replaced at frame 45, while the pedal is held and the wire moves; the
  // screenshot is the 90th frame, drawn with every GL object made again in the new context.
  const Shot lit = run(dir, "2:Space+,2:W+,60:W-", 45);
  const PanelLayout layout = cath_lab_layout(ImVec2(0, 0), ImVec2(float(lit.width), float(lit.height)), 1.0f,
                                             Arrangement::Free, true, 37, 8);
  const PanelRect live = layout.live;
  const int x0 = int(live.pos.x + 0.25f * live.size.x), x1 = int(live.pos.x + 0.75f * live.size.x);
  const int y0 = int(live.pos.y + 37 + 0.25f * (live.size.y - 37)), y1 = int(live.pos.y + 37 + 0.75f * (live.size.y - 37));
  const auto [lit_mean, lit_spread] = lit.stats(x0, y0, x1, y1);
  CHECK(lit_mean > 60);    // the X-ray image from the new context's renderer
  CHECK(lit_spread > 10);  // with anatomy in it
  // The 3D view: the lumen's red meshes, uploaded again (red well above green somewhere in it).
  const PanelRect v = layout.view3d;
  int red = 0;
  for (int y = int(v.pos.y + 40); y < int(v.pos.y + v.size.y - 8); ++y)
    for (int x = int(v.pos.x + 8); x < int(v.pos.x + v.size.x - 8); ++x) {
      const unsigned char* p = &lit.rgb[size_t(3 * (y * lit.width + x))];
      red += p[0] > 80 && p[0] > 2 * p[1];
    }
  CHECK(red > 500);
  const auto [panel_mean, panel_spread] = lit.stats(20, 40, int(live.pos.x) - 20, int(0.45f * float(lit.height)));
  CHECK(panel_spread > 5);  // the panels' text, from ImGui's font texture made again
  (void)panel_mean;
  unsetenv("ANGIOSIM_CONFIG_DIR");
}
