#pragma once
// Loads an anatomy model file. Every error is an InputError "file: /json/path: what is wrong".
#include <string>
#include <string_view>

#include "core/anatomy/anatomy_spec.h"

namespace angiosim {

AnatomySpec load_anatomy_file(const std::string& path);
AnatomySpec parse_anatomy(std::string_view json_text, const std::string& name);

}  // namespace angiosim
