#include "core/util/data_paths.h"

#include <cstdlib>
#include <filesystem>

namespace angiosim {

std::string data_dir() {
  if (const char* env = std::getenv("ANGIOSIM_DATA_DIR"); env && *env) return env;
  return ANGIOSIM_SOURCE_DATA_DIR;
}

std::string data_path(const std::string& relative) {
  std::filesystem::path p(relative);
  if (p.is_absolute()) return relative;
  return (std::filesystem::path(data_dir()) / p).lexically_normal().string();
}

std::string path_beside(const std::string& file, const std::string& relative) {
  std::filesystem::path p(relative);
  if (p.is_absolute()) return relative;
  return (std::filesystem::path(file).parent_path() / p).lexically_normal().string();
}

}  // namespace angiosim
