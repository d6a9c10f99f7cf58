// The app window's shared keys and what it remembers between runs: the controls shown on the first
// run (F1 toggles them), F2 the
// lecture theme, F3 the clean view, Ctrl + = a larger UI; closed and opened again it comes back
// with the same scale, theme and panel layout (settings.json, written atomically); a malformed
// settings file gives the defaults and a warning naming the file and the field.
#include <doctest/doctest.h>

#include <imgui.h>

#include <cstdlib>
#include <fstream>

#include "app/app_settings.h"
#include "app/app_window.h"
#include "test_support.h"

using namespace angiosim;

namespace {

SDL_Event key(SDL_Keycode k, Uint16 mod = KMOD_NONE) {
  SDL_Event e{};
  e.type = SDL_KEYDOWN;
  e.key.keysym.sym = k;
  e.key.keysym.mod = mod;
  return e;
}

}  // namespace

TEST_CASE("app window: shared keys, and settings kept between runs") {
  const std::string dir = test::temp_dir("settings");
  setenv("ANGIOSIM_CONFIG_DIR", dir.c_str(), 1);
  AppOptions options;
  {
    AppWindow w;
    CHECK(w.settings().ui_scale == 1.0f);
    CHECK(!w.settings().high_contrast);
    CHECK(w.help_shown());  // the first run opens with the controls
    CHECK(w.handle_event(key(SDLK_F1)));
    CHECK(!w.help_shown());
    CHECK(w.handle_event(key(SDLK_F2)));
    CHECK(w.settings().high_contrast);
    CHECK(w.handle_event(key(SDLK_F3)));
    CHECK(w.clean_view());
    CHECK(w.handle_event(key(SDLK_EQUALS, KMOD_LCTRL)));
    CHECK(w.settings().ui_scale == doctest::Approx(1.25));
    CHECK(ImGui::GetIO().FontGlobalScale == doctest::Approx(1.25));
    CHECK(!w.handle_event(key(SDLK_w)));  // the window's own keys pass through
    // A panel placed somewhere, so there is a layout to remember.
    w.begin_frame();
    ImGui::SetNextWindowPos(ImVec2(123, 45), ImGuiCond_Always);
    ImGui::Begin("Test panel");
    ImGui::End();
    CHECK(w.end_frame(options));
  }
  const AppSettings saved = load_settings(dir + "/settings.json");
  CHECK(saved.ui_scale == doctest::Approx(1.25));
  CHECK(saved.high_contrast);
  CHECK(saved.layout.find("[Window][Test panel]") != std::string::npos);
  CHECK(saved.layout.find("Pos=123,45") != std::string::npos);
  {
    AppWindow again;
    CHECK(again.settings().ui_scale == doctest::Approx(1.25));
    CHECK(again.settings().high_contrast);
    CHECK(ImGui::GetIO().FontGlobalScale == doctest::Approx(1.25));
    CHECK(!again.help_shown());  // overlays and views start closed
  }

  std::ofstream(dir + "/settings.json") << R"({"ui_scale": 40, "high_contrast": true})";
  std::string warning;
  const AppSettings bad = load_settings(dir + "/settings.json", &warning);
  CHECK(bad.ui_scale == 1.0f);
  CHECK(!bad.high_contrast);
  CHECK(warning.rfind(dir + "/settings.json: /ui_scale: value 40 out of range", 0) == 0);
  std::ofstream(dir + "/settings.json") << "{ not json";
  warning.clear();
  load_settings(dir + "/settings.json", &warning);
  CHECK(warning.rfind(dir + "/settings.json", 0) == 0);
  unsetenv("ANGIOSIM_CONFIG_DIR");
}
