// The imaging chain on a worker thread gives what the console gives on one thread: the same
// images, runs and dose, pulse for pulse.
#include <doctest/doctest.h>

#include "app/pulse_worker.h"
#include "core/util/data_paths.h"

using namespace angiosim;

TEST_CASE("pulses developed on the worker match the console's own, in order") {
  const CArmSpec c_arm = load_c_arm_file(data_path("models/c_arm.json"));
  const ProjectionGeometry g = make_projection(c_arm, CArmPose{}, 48);
  auto scene = [](int pulse) {  // a bolus that grows pulse by pulse
    std::vector<float> t(48 * 48, 0.01f);
    for (int j = 20; j < 28; ++j)
      for (int i = 0; i < 48; ++i) t[size_t(j) * 48 + size_t(i)] *= float(1.0 / (1.0 + 0.1 * pulse));
    return t;
  };
  FluoroConsole direct(c_arm, 5), threaded(c_arm, 5);
  direct.set_acquisition_mode("dsa");
  threaded.set_acquisition_mode("dsa");
  int pulses = 0;
  {
    PulseWorker worker(threaded);
    for (int k = 0; k < 240 * 3; ++k) {
      const Pedals pedals{k < 240, k >= 240 && k < 480};  // a second of fluoroscopy, then a run
      if (direct.advance(1.0 / 240, pedals)) direct.expose(scene(pulses), g);
      FluoroConsole::PulseJob job;
      {
        const auto guard = worker.lock();
        if (threaded.advance(1.0 / 240, pedals)) job = threaded.begin_pulse();
      }
      if (job.valid) worker.submit(job, scene(pulses++), g);
    }
    worker.drain();
    CHECK(worker.filed() == unsigned(pulses));
  }
  CHECK(pulses == 15 + 3);
  CHECK(threaded.live_monitor() == direct.live_monitor());
  REQUIRE(threaded.runs().size() == 1);
  CHECK(threaded.runs()[0].frames == direct.runs()[0].frames);
  CHECK(threaded.dose().kerma_area_product_Gy_cm2() == direct.dose().kerma_area_product_Gy_cm2());
}
