#pragma once
// A session recording: one JSON object per line (JSON Lines), so a crash loses at most the line
// being written. The first line names the scenario, seed, mode and detector matrix; then one line
// per tick that had input, {"tick": n, "input": {...}}; a line {"tick": n, "step": k} when step k
// begins (for a replay's timeline; the replay itself needs only the inputs); a clean end adds
// {"end_tick": n, "state_hash": "..."}. Each line is flushed as it is written.
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "core/scenario/session_input.h"

namespace angiosim {

struct SessionHeader {
  std::string scenario;  // path as given to the session
  uint64_t seed = 1;
  std::string mode;      // "practice" or "demo" (a replay replays what they did)
  int pixels = 256;
};

class SessionLogWriter {
 public:
  // Throws InputError if the file cannot be created.
  SessionLogWriter(const std::string& path, const SessionHeader& header);
  ~SessionLogWriter();
  SessionLogWriter(const SessionLogWriter&) = delete;
  SessionLogWriter& operator=(const SessionLogWriter&) = delete;
  void input(uint64_t tick, const SessionInput& input);
  void step_began(uint64_t tick, int step);
  void end(uint64_t tick, uint64_t state_hash);

 private:
  void line(const nlohmann::json& j);
  std::FILE* file_ = nullptr;
  std::string path_;
};

struct SessionRecording {
  SessionHeader header;
  std::vector<std::pair<uint64_t, SessionInput>> inputs;  // in tick order
  std::vector<std::pair<uint64_t, int>> steps;             // (tick, step) as each began; older recordings: none
  std::optional<uint64_t> end_tick;
  std::optional<uint64_t> state_hash;
};

// Throws InputError "path: line N: what" on a malformed recording. A recording cut short by a
// crash loads (without end_tick); a torn last line is ignored.
SessionRecording load_session_recording(const std::string& path);

}  // namespace angiosim
