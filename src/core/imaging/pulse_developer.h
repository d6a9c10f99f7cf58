#pragma once
// Develops X-ray pulses through a console's imaging chain (FluoroConsole::develop) in the order
// they were started: at once on the caller's thread, or on a worker thread of its own so that
// the chain's ~10 ms a pulse (512², two cores) leaves the interface thread. develop() touches only
// the chain, so while a pulse develops the caller may go on with the rest of the console
// (advance, begin_pulse, finish_pulse of an earlier pulse, settings). Either way the images are
// the same: the chain sees the same pulses in the same order.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "core/imaging/fluoro_console.h"

namespace angiosim {

class PulseDeveloper {
 public:
  PulseDeveloper(FluoroConsole& console, bool background);
  ~PulseDeveloper();  // finishes what it started (the console must outlive it)
  PulseDeveloper(const PulseDeveloper&) = delete;
  PulseDeveloper& operator=(const PulseDeveloper&) = delete;

  void start(const FluoroConsole::PulseJob& job, std::vector<float> primary, const ProjectionGeometry& g);
  // The oldest started pulse's image, waiting for it if it is still developing. At least one
  // pulse must have been started and not taken.
  ChainImage take();
  size_t unfinished() const { return count_; }  // started and not taken

 private:
  struct Work {
    FluoroConsole::PulseJob job;
    std::vector<float> primary;
    ProjectionGeometry geometry;
  };
  void run();

  FluoroConsole& console_;
  size_t count_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Work> waiting_;      // started, not yet developing
  std::deque<ChainImage> ready_;  // developed, in order
  bool stopping_ = false;
  std::thread worker_;            // not started when developing on the caller's thread
};

}  // namespace angiosim
