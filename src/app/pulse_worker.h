#pragma once
// Runs the imaging chain of each X-ray pulse on a worker thread, so the interface and the
// simulation do not wait for it: the interface thread projects the pulse on the GPU and queues
// the transmission; the worker develops it and files it with the console, in order. All access
// to the console goes through lock().
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "core/imaging/fluoro_console.h"

namespace angiosim {

class PulseWorker {
 public:
  explicit PulseWorker(FluoroConsole& console);
  ~PulseWorker();  // finishes the queued pulses first
  PulseWorker(const PulseWorker&) = delete;
  PulseWorker& operator=(const PulseWorker&) = delete;

  // The console, held for the caller (advance, begin_pulse, controls, reading the monitor).
  std::unique_lock<std::mutex> lock() { return std::unique_lock<std::mutex>(console_mutex_); }
  // Queues a begun pulse. Waits while `max_queued` pulses are already waiting, so a slow chain
  // slows imaging down rather than dropping pulses (every pulse's dose is counted).
  void submit(const FluoroConsole::PulseJob& job, std::vector<float> primary, const ProjectionGeometry& g,
              size_t max_queued = 2);
  // Waits until every queued pulse is filed.
  void drain();
  // Counts the pulses filed so far (the monitor changed when it did).
  unsigned long filed() const { return filed_; }

 private:
  struct Item {
    FluoroConsole::PulseJob job;
    std::vector<float> primary;
    ProjectionGeometry geometry;
  };
  void run();
  FluoroConsole& console_;
  std::mutex console_mutex_, queue_mutex_;
  std::condition_variable changed_;
  std::deque<Item> queue_;
  bool busy_ = false, stopping_ = false;
  unsigned long filed_ = 0;
  std::thread thread_;
};

}  // namespace angiosim
