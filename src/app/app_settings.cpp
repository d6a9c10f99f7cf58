#include "app/app_settings.h"

#include <algorithm>
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

std::string settings_path() { return settings_dir() + "/settings.json"; }

AppSettings load_settings(const std::string& path, std::string* warning) {
  AppSettings s;
  if (!std::filesystem::exists(path)) return s;
  try {
    const JsonReader r = JsonReader::load_file(path);
    r.expect_only({"ui_scale", "high_contrast", "layout"});
    AppSettings read;
    read.ui_scale = float(r.number_or("ui_scale", 1.0, AppSettings::kMinScale, AppSettings::kMaxScale));
    read.high_contrast = r.boolean_or("high_contrast", false);
    read.layout = r.string_or("layout", "");
    return read;
  } catch (const InputError& e) {
    if (warning) *warning = std::string(e.what()) + "; using the default settings";
  }
  return s;
}

void save_settings(const AppSettings& s, const std::string& path) {
  const nlohmann::json j = {{"ui_scale", s.ui_scale}, {"high_contrast", s.high_contrast}, {"layout", s.layout}};
  ensure_directory(std::filesystem::path(path).parent_path().string());
  write_file_atomically(path, j.dump(2) + "\n");
}

}  // namespace angiosim
