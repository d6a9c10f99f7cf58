// Time per fluoroscopic frame of the default case: the GPU path pass (every primitive's proxy box,
// analytic chords into eight float channels) plus the display pass, finished with glFinish; the
// frame of a moving wire, where the patient's paths are reused and only the wire is drawn; and
// the same with a deployed stent's strut mesh; and the CPU reference projector for comparison.
#include <epoxy/gl.h>

#include "bench_table.h"
#include "core/anatomy/lumen_query.h"
#include "core/imaging/cpu_projector.h"
#include "core/physics/guidewire.h"
#include "core/scenario/case_loader.h"
#include "core/util/data_paths.h"
#include "platform/gl_context.h"
#include "render/fluoro_renderer.h"

namespace angiosim::bench {

void fluoro_frame() {
  const LoadedCase c = load_case(data_path("scenarios/default.json"));
  HeadlessGlContext gl;
  render::FluoroRenderer gpu;
  gpu.set_scene(c.xray_scene);
  const CpuProjector cpu(c.xray_scene);
  const DisplayWindow window{0, 8};
  Table table("Fluoro frame, default case (" + gl.renderer_name() + ")",
              {"projector", "detector", "primitives", "proxy triangles", "median ms/frame", "frames/s"});
  for (int pixels : {512, 1024}) {
    const ProjectionGeometry g = make_projection(c.c_arm, c.scenario.initial_view, pixels);
    const double ms = median_ms(15, [&] {
      gpu.set_scene(c.xray_scene);  // the patient drawn afresh, as after a turn of the C-arm
      gpu.render_paths(g);
      gpu.render_display(c.attenuation, window);
      glFinish();
    });
    table.row({"GPU paths + display", std::to_string(pixels) + " x " + std::to_string(pixels), std::to_string(gpu.primitive_count()),
               std::to_string(gpu.triangle_count()), fmt(ms), fmt(1000.0 / ms)});
  }
  // The workhorse wire pushed up from the sheath: a device scene every 0.1 s of its travel,
  // prepared beforehand, one per frame.
  if (c.guidewire && c.access) {
    const LumenQuery lumen(*c.anatomy);
    Guidewire wire(*c.guidewire, *c.access, 10, 1.0);
    std::vector<XrayScene> frames;
    for (int f = 0; f < 16; ++f) {
      for (int k = 0; k < 24; ++k) wire.step(1.0 / 240, {60, 0}, lumen);
      XrayScene devices;
      devices.basis_names = c.xray_scene.basis_names;
      add_guidewire(devices, wire, c.materials, c.lumen_contents);
      frames.push_back(devices);
    }
    auto moving = [&](const std::string& label) {
      for (int pixels : {512, 1024}) {
        const ProjectionGeometry g = make_projection(c.c_arm, c.scenario.initial_view, pixels);
        gpu.render_paths(g);  // the patient, once for this view
        size_t next = 0;
        const double ms = median_ms(15, [&] {
          gpu.set_devices(frames[next++ % frames.size()]);
          gpu.render_paths(g);
          gpu.render_display(c.attenuation, window);
          glFinish();
        });
        table.row({label, std::to_string(pixels) + " x " + std::to_string(pixels), std::to_string(gpu.primitive_count()),
                   std::to_string(gpu.triangle_count()), fmt(ms), fmt(1000.0 / ms)});
      }
    };
    moving("GPU, wire moving (patient reused)");
    // The same with a 10 × 40 stent deployed in the lesion: its strut mesh, a few hundred more
    // thin tubes.
    if (const StentSpec* stent = c.devices.find_stent("nitinol_self_expanding_10x40"); stent && !c.anatomy->spec().lesions.empty()) {
      const LesionSpec& l = c.anatomy->spec().lesions.front();
      const int v = c.anatomy->find_vessel(l.vessel);
      std::vector<glm::dvec3> axis;
      for (double s_mm = l.center_mm - 20; s_mm <= l.center_mm + 20; s_mm += 2) axis.push_back(c.anatomy->centerline_point(v, s_mm));
      for (XrayScene& f : frames) add_stent(f, *stent, axis, std::vector<double>(size_t(stent->rings), 8.0), c.materials, c.lumen_contents);
      moving("GPU, wire moving + a stent (patient reused)");
    }
    gpu.set_devices(XrayScene{});
  }
  for (int pixels : {256, 512}) {
    const ProjectionGeometry g = make_projection(c.c_arm, c.scenario.initial_view, pixels);
    const double ms = median_ms(3, [&] { (void)cpu.project(g, 2); });
    table.row({"CPU reference, 2 threads", std::to_string(pixels) + " x " + std::to_string(pixels), std::to_string(c.xray_scene.primitives.size()),
               "-", fmt(ms), fmt(1000.0 / ms)});
  }
  table.print();
}

}  // namespace angiosim::bench
