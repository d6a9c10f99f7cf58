#pragma once
// Loads an anatomy model file. Every error is an InputError "file: /json/path: what is wrong".
#include <string>
#include <string_view>

#include "core/anatomy/anatomy_spec.h"
#include "core/util/json_reader.h"

namespace angiosim {

AnatomySpec load_anatomy_file(const std::string& path);
AnatomySpec parse_anatomy(std::string_view json_text, const std::string& name);
// A "lesions" array (the model's, or a scenario's replacing it), checked against the vessels of `a`.
std::vector<LesionSpec> read_lesions(const JsonReader& array, const AnatomySpec& a);

}  // namespace angiosim
