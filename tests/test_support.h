#pragma once
// Helpers shared by tests: small inline models and temporary directories.
#include <string>

namespace angiosim::test {

// A fresh empty directory under the system temp dir, unique per call.
std::string temp_dir(const std::string& tag);

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
