// The app window's shared keys and what it remembers between runs: the controls shown on the first
// run (F1 toggles them), F2 the
// lecture theme, F3 the clean view, F4 the labels, F5 the 3D view, Ctrl + = a larger UI (the font
// rebuilt larger, not stretched); closed and opened again it comes back with the same scale,
// theme, labels, 3D view and panel layout (settings.json, written atomically); a malformed
// settings file gives the defaults and a warning naming the file and the field.
#include <doctest/doctest.h>

#include <epoxy/gl.h>
#include <imgui.h>

#include <cstdlib>
#include <fstream>

#include "app/app_settings.h"
#include "app/app_window.h"
#include "test_support.h"

using namespace angiosim;

namespace {

float font_px() { return ImGui::GetIO().Fonts->Fonts[0]->FontSize; }

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
    CHECK(w.settings().ui_scale == 1.0f);  // the virtual display's 96 dpi (or none): 1x
    CHECK(!w.settings().high_contrast);
    CHECK(w.annotations() == Annotations::Off);
    CHECK(*w.show_3d_view());
    const float px = font_px();
    CHECK(w.help_shown());  // the first run opens with the controls
    CHECK(w.handle_event(key(SDLK_F1)));
    CHECK(!w.help_shown());
    CHECK(w.handle_event(key(SDLK_F2)));
    CHECK(w.settings().high_contrast);
    CHECK(w.handle_event(key(SDLK_F3)));
    CHECK(w.clean_view());
    CHECK(w.handle_event(key(SDLK_EQUALS, KMOD_LCTRL)));
    CHECK(w.settings().ui_scale == doctest::Approx(1.25));
    CHECK(font_px() == doctest::Approx(1.25 * px).epsilon(0.05));  // a font built at the size, within a pixel
    CHECK(ImGui::GetIO().FontGlobalScale == 1.0f);
    CHECK(w.handle_event(key(SDLK_F4)));
    CHECK(w.annotations() == Annotations::View3d);
    CHECK(w.handle_event(key(SDLK_F4)));
    CHECK(w.annotations() == Annotations::View3dAndFluoro);
    CHECK(w.handle_event(key(SDLK_F5)));
    CHECK(!*w.show_3d_view());
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
  CHECK(saved.annotations == Annotations::View3dAndFluoro);
  CHECK(!saved.show_3d_view);
  REQUIRE(saved.layouts.count("free") == 1);  // the arrangement it ran in
  CHECK(saved.layouts.at("free").find("[Window][Test panel]") != std::string::npos);
  CHECK(saved.layouts.at("free").find("Pos=123,45") != std::string::npos);
  CHECK(saved.layouts.count("demo") == 0);
  {
    // Another arrangement opens with its own places, not the free window's: the panel is where
    // ImGui puts a new one.
    AppWindow demo(options, Arrangement::Demo);
    demo.begin_frame();
    ImGui::Begin("Test panel");
    const ImVec2 at = ImGui::GetWindowPos();
    ImGui::End();
    CHECK(!(at.x == 123 && at.y == 45));
    CHECK(demo.end_frame(options));
  }
  CHECK(load_settings(dir + "/settings.json").layouts.count("demo") == 1);
  CHECK(load_settings(dir + "/settings.json").layouts.at("free").find("Pos=123,45") != std::string::npos);
  {
    AppWindow again;
    CHECK(again.settings().ui_scale == doctest::Approx(1.25));
    CHECK(again.settings().high_contrast);
    CHECK(again.annotations() == Annotations::View3dAndFluoro);
    CHECK(!*again.show_3d_view());
    CHECK(font_px() > 13 * 1.2f);
    CHECK(again.handle_event(key(SDLK_F4)));
    CHECK(again.annotations() == Annotations::Off);  // F4 goes round
    CHECK(!again.help_shown());  // overlays and views start closed
  }

  // An earlier version's one layout for every arrangement: read without a warning, and left (the
  // panels are laid out afresh).
  std::ofstream(dir + "/settings.json") << R"({"layout": "[Window][Procedure]\nPos=10,10\n", "ui_scale": 1.5})";
  std::string old_warning;
  const AppSettings old_file = load_settings(dir + "/settings.json", &old_warning);
  CHECK(old_warning.empty());
  CHECK(old_file.ui_scale == doctest::Approx(1.5));
  CHECK(old_file.layouts.empty());
  std::ofstream(dir + "/settings.json") << R"({"layouts": {"lecture": ""}})";
  old_warning.clear();
  load_settings(dir + "/settings.json", &old_warning);
  CHECK(old_warning.find("/layouts") != std::string::npos);
  std::ofstream(dir + "/settings.json") << R"({"ui_scale": 40, "high_contrast": true})";
  std::string warning;
  const AppSettings bad = load_settings(dir + "/settings.json", &warning);
  CHECK(bad.ui_scale == 1.0f);
  CHECK(!bad.high_contrast);
  CHECK(warning.rfind(dir + "/settings.json: /ui_scale: value 40 out of range", 0) == 0);
  std::ofstream(dir + "/settings.json") << R"({"annotations": "everywhere"})";
  warning.clear();
  CHECK(load_settings(dir + "/settings.json", &warning).annotations == Annotations::Off);
  CHECK(warning.rfind(dir + "/settings.json: /annotations: \"everywhere\" is not one of off, 3d, 3d_and_fluoro", 0) == 0);
  std::ofstream(dir + "/settings.json") << "{ not json";
  warning.clear();
  load_settings(dir + "/settings.json", &warning);
  CHECK(warning.rfind(dir + "/settings.json", 0) == 0);
  unsetenv("ANGIOSIM_CONFIG_DIR");
}

TEST_CASE("app settings: the first run's UI scale follows the display's pixel density") {
  CHECK(scale_for_display_dpi(96) == 1.0f);
  CHECK(scale_for_display_dpi(0) == 1.0f);  // unknown
  CHECK(scale_for_display_dpi(-5) == 1.0f);
  CHECK(scale_for_display_dpi(144) == 1.5f);
  CHECK(scale_for_display_dpi(192) == 2.0f);
  CHECK(scale_for_display_dpi(130) == 1.25f);  // to the nearest quarter
  CHECK(scale_for_display_dpi(72) == 1.0f);     // never below 1
  CHECK(scale_for_display_dpi(600) == 2.5f);    // nor above 2.5
}

TEST_CASE("app window: a lost GL context is replaced by a new one, with ImGui drawing in it") {
  const std::string dir = test::temp_dir("context-loss");
  setenv("ANGIOSIM_CONFIG_DIR", dir.c_str(), 1);
  std::ofstream(dir + "/settings.json") << "{}";
  AppOptions options;
  options.lose_context_at_frame = 3;
  AppWindow w(options);
  // Made in the first context, with a name past the few the new context's ImGui will take (names
  // count up per context).
  GLuint textures[64];
  glGenTextures(64, textures);
  const GLuint texture = textures[63];
  glBindTexture(GL_TEXTURE_2D, texture);
  CHECK(glIsTexture(texture));
  const SDL_GLContext first = SDL_GL_GetCurrentContext();
  int lost_at = 0;
  for (int frame = 1; frame <= 5; ++frame) {
    if (w.context_lost()) {
      lost_at = frame;
      w.replace_context();
    }
    w.begin_frame();
    ImGui::Begin("panel");
    ImGui::Text("frame %d", frame);
    ImGui::End();
    REQUIRE(w.end_frame(options));
  }
  CHECK(lost_at == 3);  // the frame asked for, once
  CHECK(w.context_replacements() == 1);
  CHECK(SDL_GL_GetCurrentContext() != nullptr);
  CHECK(SDL_GL_GetCurrentContext() != first);
  CHECK(!glIsTexture(texture));  // the old context's objects are gone: a window must make its own again
  CHECK(glGetError() == GL_NO_ERROR);
  unsetenv("ANGIOSIM_CONFIG_DIR");
}
