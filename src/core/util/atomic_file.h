#pragma once
// Files the program writes (images, reports) are written atomically: into a temporary file in
// the same directory, flushed, then renamed over the target, so a crash never leaves half a file.
#include <string>
#include <string_view>

namespace angiosim {

// Writes `bytes` to `path` atomically. Throws std::runtime_error naming the path on failure.
void write_file_atomically(const std::string& path, std::string_view bytes);

// Creates `dir` and its parents if missing. Throws std::runtime_error on failure.
void ensure_directory(const std::string& dir);

}  // namespace angiosim
