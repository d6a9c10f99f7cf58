#pragma once
// Helpers shared by tests: small inline models, temporary directories, files read back.
#include <nlohmann/json.hpp>

#include <string>

namespace angiosim::test {

// A fresh empty directory under the system temp dir, unique per call.
std::string temp_dir(const std::string& tag);

// A file the program wrote, read back whole: as text, or parsed as JSON (a report).
std::string read_text(const std::string& path);
nlohmann::json read_json(const std::string& path);

// Runs `f` expecting an InputError; returns its message ("" and a failed check if none thrown).
template <typename F>
std::string input_error_of(F&& f);

}  // namespace angiosim::test

#include <doctest/doctest.h>

#include "core/util/input_error.h"

namespace angiosim::test {
template <typename F>
std::string input_error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL_CHECK("expected an InputError");
  return "";
}
}  // namespace angiosim::test
