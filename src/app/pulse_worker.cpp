#include "app/pulse_worker.h"

namespace angiosim {

PulseWorker::PulseWorker(FluoroConsole& console) : console_(console), thread_([this] { run(); }) {}

PulseWorker::~PulseWorker() {
  drain();
  {
    std::lock_guard<std::mutex> guard(queue_mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void PulseWorker::submit(const FluoroConsole::PulseJob& job, std::vector<float> primary, const ProjectionGeometry& g,
                         size_t max_queued) {
  std::unique_lock<std::mutex> guard(queue_mutex_);
  changed_.wait(guard, [&] { return queue_.size() < max_queued; });
  queue_.push_back({job, std::move(primary), g});
  changed_.notify_all();
}

void PulseWorker::drain() {
  std::unique_lock<std::mutex> guard(queue_mutex_);
  changed_.wait(guard, [&] { return queue_.empty() && !busy_; });
}

void PulseWorker::run() {
  for (;;) {
    Item item;
    {
      std::unique_lock<std::mutex> guard(queue_mutex_);
      changed_.wait(guard, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      item = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
    }
    changed_.notify_all();
    // The chain itself runs without the console lock; develop() touches only the chain.
    ChainImage image = console_.develop(item.job, item.primary, item.geometry);
    {
      std::lock_guard<std::mutex> console_guard(console_mutex_);
      console_.finish_pulse(item.job, std::move(image), item.geometry);
      ++filed_;
    }
    {
      std::lock_guard<std::mutex> guard(queue_mutex_);
      busy_ = false;
    }
    changed_.notify_all();
  }
}

}  // namespace angiosim
