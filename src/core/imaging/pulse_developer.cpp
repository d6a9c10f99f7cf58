#include "core/imaging/pulse_developer.h"

#include <cassert>

namespace angiosim {

PulseDeveloper::PulseDeveloper(FluoroConsole& console, bool background) : console_(console) {
  if (background) worker_ = std::thread([this] { run(); });
}

PulseDeveloper::~PulseDeveloper() {
  if (!worker_.joinable()) return;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

void PulseDeveloper::start(const FluoroConsole::PulseJob& job, std::vector<float> primary, const ProjectionGeometry& g) {
  ++count_;
  if (!worker_.joinable()) {
    ready_.push_back(console_.develop(job, primary, g));
    return;
  }
  {
    std::lock_guard<std::mutex> guard(mutex_);
    waiting_.push_back({job, std::move(primary), g});
  }
  changed_.notify_all();
}

ChainImage PulseDeveloper::take() {
  assert(count_ > 0);
  std::unique_lock<std::mutex> guard(mutex_);
  changed_.wait(guard, [&] { return !ready_.empty(); });
  ChainImage image = std::move(ready_.front());
  ready_.pop_front();
  --count_;
  return image;
}

void PulseDeveloper::run() {
  for (;;) {
    Work work;
    {
      std::unique_lock<std::mutex> guard(mutex_);
      changed_.wait(guard, [&] { return stopping_ || !waiting_.empty(); });
      if (waiting_.empty()) return;  // stopping with nothing left to develop
      work = std::move(waiting_.front());
      waiting_.pop_front();
    }
    ChainImage image = console_.develop(work.job, work.primary, work.geometry);
    {
      std::lock_guard<std::mutex> guard(mutex_);
      ready_.push_back(std::move(image));
    }
    changed_.notify_all();
  }
}

}  // namespace angiosim
