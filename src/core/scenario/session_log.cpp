#include "core/scenario/session_log.h"

#include <fstream>

#include "core/util/input_error.h"

namespace angiosim {

SessionLogWriter::SessionLogWriter(const std::string& path, const SessionHeader& h) : path_(path) {
  file_ = std::fopen(path.c_str(), "w");
  if (!file_) throw InputError(path + ": cannot create the session recording");
  line({{"angiosim_session", 1}, {"scenario", h.scenario}, {"seed", h.seed}, {"mode", h.mode}, {"pixels", h.pixels}});
}

SessionLogWriter::~SessionLogWriter() {
  if (file_) std::fclose(file_);
}

void SessionLogWriter::line(const nlohmann::json& j) {
  if (!file_) return;
  const std::string text = j.dump() + "\n";
  std::fwrite(text.data(), 1, text.size(), file_);
  std::fflush(file_);  // in the kernel's hands now: an app crash does not lose it
}

void SessionLogWriter::input(uint64_t tick, const SessionInput& input) {
  line({{"tick", tick}, {"input", to_json(input)}});
}

void SessionLogWriter::step_began(uint64_t tick, int step) { line({{"tick", tick}, {"step", step}}); }

void SessionLogWriter::end(uint64_t tick, uint64_t state_hash) {
  line({{"end_tick", tick}, {"state_hash", std::to_string(state_hash)}});
  std::fclose(file_);
  file_ = nullptr;
}

SessionRecording load_session_recording(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot read the session recording");
  SessionRecording r;
  std::string text;
  int number = 0;
  std::vector<std::string> lines;
  while (std::getline(in, text)) lines.push_back(text);
  // A crash can leave the last line half written (no newline at the end of the file).
  for (size_t k = 0; k < lines.size(); ++k) {
    number = int(k) + 1;
    const std::string where = path + ": line " + std::to_string(number);
    nlohmann::json j = nlohmann::json::parse(lines[k], nullptr, false);
    if (j.is_discarded()) {
      if (k + 1 == lines.size() && k > 0) break;  // the torn last line
      throw InputError(where + ": not valid JSON");
    }
    if (!j.is_object()) throw InputError(where + ": expected an object");
    try {
      if (k == 0) {
        if (!j.contains("angiosim_session")) throw InputError(where + ": not an angiosim session recording");
        r.header.scenario = j.at("scenario").get<std::string>();
        r.header.seed = j.at("seed").get<uint64_t>();
        r.header.mode = j.at("mode").get<std::string>();
        r.header.pixels = j.at("pixels").get<int>();
        if (r.header.pixels < 16 || r.header.pixels > 4096) throw InputError(where + ": /pixels: out of range 16..4096");
      } else if (j.contains("end_tick")) {
        r.end_tick = j.at("end_tick").get<uint64_t>();
        r.state_hash = std::stoull(j.at("state_hash").get<std::string>());
      } else if (j.contains("step")) {
        const int step = j.at("step").get<int>();
        if (step < 0) throw InputError(where + ": /step: negative");
        r.steps.emplace_back(j.at("tick").get<uint64_t>(), step);
      } else {
        const uint64_t tick = j.at("tick").get<uint64_t>();
        if (!r.inputs.empty() && tick < r.inputs.back().first) throw InputError(where + ": /tick: goes back in time");
        r.inputs.emplace_back(tick, session_input_from_json(j.at("input"), where + ": /input"));
      }
    } catch (const nlohmann::json::exception& e) {
      throw InputError(where + ": " + e.what());
    } catch (const std::logic_error& e) {
      throw InputError(where + ": " + e.what());
    }
  }
  if (number == 0) throw InputError(path + ": empty session recording");
  return r;
}

}  // namespace angiosim
