#include "app/app_settings.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/util/atomic_file.h"
#include "core/util/input_error.h"
#include "core/util/json_reader.h"

namespace angiosim {

std::string settings_dir() {
  if (const char* d = std::getenv("ANGIOSIM_CONFIG_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return std::string(x) + "/angiosim";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/angiosim";
  return ".angiosim";
}

const char* to_string(Annotations a) {
  switch (a) {
    case Annotations::View3d: return "3d";
    case Annotations::View3dAndFluoro: return "3d_and_fluoro";
    case Annotations::Off: break;
  }
  return "off";
}

float scale_for_display_dpi(float dpi) {
  if (!(dpi > 0)) return 1.0f;
  return std::clamp(std::round(dpi / 96.0f * 4.0f) / 4.0f, 1.0f, 2.5f);
}

std::string settings_path() { return settings_dir() + "/settings.json"; }

AppSettings load_settings(const std::string& path, std::string* warning) {
  AppSettings s;
  if (!std::filesystem::exists(path)) return s;
  try {
    const JsonReader r = JsonReader::load_file(path);
    // The same keys save_settings writes.
    // ("layout", one for every arrangement, is what earlier versions wrote: read and left, so the
    // panels are laid out afresh once.)
    r.expect_only({"ui_scale", "high_contrast", "annotations", "show_3d_view", "window", "layouts", "layout"});
    AppSettings read;
    read.ui_scale = float(r.number_or("ui_scale", 1.0, AppSettings::kMinScale, AppSettings::kMaxScale));
    read.high_contrast = r.boolean_or("high_contrast", false);
    read.show_3d_view = r.boolean_or("show_3d_view", true);
    if (const auto w = r.find("window")) {
      w->expect_only({"width", "height"});
      read.window_width = w->at("width").integer(320, 16384);
      read.window_height = w->at("height").integer(240, 16384);
    }
    const std::string annotations = r.string_or("annotations", "off");
    bool known = false;
    for (Annotations a : {Annotations::Off, Annotations::View3d, Annotations::View3dAndFluoro})
      if (annotations == to_string(a)) read.annotations = a, known = true;
    if (!known) throw InputError(path + ": /annotations: \"" + annotations + "\" is not one of off, 3d, 3d_and_fluoro");
    if (const auto layouts = r.find("layouts")) {
      layouts->expect_only({"practice", "demo", "free"});
      for (const char* name : {"practice", "demo", "free"})
        if (layouts->has(name)) read.layouts[name] = layouts->at(name).string();
    }
    return read;
  } catch (const InputError& e) {
    if (warning) *warning = std::string(e.what()) + "; using the default settings";
  }
  return s;
}

void save_settings(const AppSettings& s, const std::string& path) {
  nlohmann::json out = {{"ui_scale", s.ui_scale}, {"high_contrast", s.high_contrast},
                        {"annotations", to_string(s.annotations)}, {"show_3d_view", s.show_3d_view},
                        {"layouts", s.layouts}};
  if (s.window_width > 0 && s.window_height > 0) out["window"] = {{"width", s.window_width}, {"height", s.window_height}};
  ensure_directory(std::filesystem::path(path).parent_path().string());
  write_file_atomically(path, out.dump(2) + "\n");
}

}  // namespace angiosim
