#pragma once
// Where angiosim finds its data (models/, scenarios/): $ANGIOSIM_DATA_DIR if set, else the source
// tree the binary was built from. Paths inside data files are relative to the file that names them,
// so the binary runs from any working directory.
#include <string>

namespace angiosim {

std::string data_dir();
// `relative` resolved against data_dir() (absolute paths are returned unchanged).
std::string data_path(const std::string& relative);
// `relative` resolved against the directory holding `file`.
std::string path_beside(const std::string& file, const std::string& relative);

}  // namespace angiosim
