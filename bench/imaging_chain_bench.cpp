// Time per X-ray pulse through the imaging chain at 512² and 1024²: its stages alone (on the
// default pelvis's transmission), the whole chain, and a live pulse as the app runs it — the GPU
// projection of the patient (reused), the wire and a contrast bolus, read back, then the chain.
#include <epoxy/gl.h>

#include <chrono>

#include "app/fluoro_view.h"
#include "app/pulse_worker.h"
#include "core/imaging/fluoro_console.h"
#include "bench_table.h"
#include "core/imaging/fluoro_chain.h"
#include "core/imaging/image_filters.h"
#include "core/scenario/case_loader.h"
#include "core/sim/simulation.h"
#include "core/util/data_paths.h"
#include "core/util/poisson.h"
#include "platform/gl_context.h"

namespace angiosim::bench {

void imaging_chain() {
  const LoadedCase c = load_case(data_path("scenarios/default.json"));
  HeadlessGlContext gl;
  FluoroView view(c);
  Simulation sim = opening_simulation(c, AppOptions{});
  // A bolus in the arteries, as during a run.
  OperatorCommands inject;
  inject.inject = c.angiogram;
  sim.step(inject);
  for (int k = 0; k < 360; ++k) sim.step({});
  Table table("Imaging chain per pulse, default case, contrast in the arteries (" + gl.renderer_name() + ")",
              {"stage", "detector", "median ms", "pulses/s"});
  for (int pixels : {512, 1024}) {
    const std::string size = std::to_string(pixels) + " x " + std::to_string(pixels);
    const ProjectionGeometry g = make_projection(c.c_arm, sim.state().c_arm, pixels);
    const std::vector<float> primary = view.project_live(sim, pixels);
    FloatImage image(pixels, pixels);
    image.data = primary;
    auto stage = [&](const char* name, double ms) { table.row({name, size, fmt(ms), fmt(1000 / ms)}); };
    ContrastLayer contrast_layer;
    stage("contrast layer filled (CPU)", median_ms(9, [&] {
            XrayScene layer;
            layer.basis_names = c.plain_scene.basis_names;
            contrast_layer.add(layer, sim.anatomy(), sim.contrast(), c.contrast_medium);
          }));

    stage("scatter blur (coarse grid)", median_ms(9, [&] { (void)wide_gaussian_blur(image, 60 / g.pixel_pitch_mm); }));
    const double edge_sigma = 1.5 / g.pixel_pitch_mm;  // as the chain blurs it
    stage("edge-enhancement blur", median_ms(9, [&] { (void)coarse_gaussian_blur(image, edge_sigma, edge_sigma >= 3 ? 2 : 1); }));
    Rng rng(1);
    stage("Poisson quanta", median_ms(9, [&] {
            double sum = 0;
            for (float p : primary) sum += double(sample_poisson(500.0 * p / 0.01, rng));
            (void)sum;
          }));
    FluoroChain chain(c.c_arm, 1);
    PulseSettings settings;
    settings.mode = *c.c_arm.imaging.find_mode("fluoro_normal");
    const double chain_ms = median_ms(9, [&] { (void)chain.pulse(primary, g, settings); });
    table.row({"whole chain (CPU)", size, fmt(chain_ms), fmt(1000 / chain_ms)});
    const double project_ms = median_ms(9, [&] { (void)view.project_live(sim, pixels); });
    table.row({"GPU projection + readback (patient reused)", size, fmt(project_ms), fmt(1000 / project_ms)});
    const double pulse_ms = median_ms(9, [&] { (void)chain.pulse(view.project_live(sim, pixels), g, settings); });
    table.row({"live pulse: projection + chain", size, fmt(pulse_ms), fmt(1000 / pulse_ms)});
    // As the app runs it: the projection on this thread, the chain on the worker, overlapping.
    {
      FluoroConsole console(c.c_arm, 1);
      PulseWorker worker(console);
      constexpr int kPulses = 24;
      const auto t0 = std::chrono::steady_clock::now();
      for (int k = 0; k < kPulses; ++k) {
        FluoroConsole::PulseJob job;
        {
          const auto guard = worker.lock();
          console.advance(0, {true, false});
          job = console.begin_pulse();
          console.advance(1.0, {true, false});  // the next pulse falls due at once
        }
        worker.submit(job, view.project_live(sim, pixels), g);
      }
      worker.drain();
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / kPulses;
      table.row({"live pulses sustained, pipelined as in the app", size, fmt(ms), fmt(1000 / ms)});
    }
  }
  table.print();
}

}  // namespace angiosim::bench
