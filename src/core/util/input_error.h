#pragma once
// Bad input (a malformed model, device or scenario file, an absurd value) is reported as an
// InputError whose message is one line: "file: /json/path: what is wrong". The app prints it and
// exits cleanly; nothing is half-loaded.
#include <stdexcept>
#include <string>

namespace angiosim {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace angiosim
