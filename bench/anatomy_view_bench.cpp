// Time per redraw of the 3D anatomy view: the vessel tree as glass over the devices, at the sizes
// the procedure window gives the panel, while the wire moves (each redraw a new wire mesh, as
// when the trainee pushes or pulls it). The view is redrawn only when something in it changed.
#include <epoxy/gl.h>

#include "app/fluoro_view.h"
#include "bench_table.h"
#include "core/anatomy/lumen_query.h"
#include "core/anatomy/tube_mesh.h"
#include "core/physics/guidewire.h"
#include "core/scenario/case_loader.h"
#include "core/util/data_paths.h"
#include "platform/gl_context.h"
#include "render/anatomy_view.h"

namespace angiosim::bench {

void anatomy_view_frames() {
  const LoadedCase c = load_case(data_path("scenarios/default.json"));
  if (!c.guidewire || !c.access) return;
  HeadlessGlContext gl;
  render::AnatomyView view;
  render::OrbitCamera camera;
  prepare_anatomy_view(view, camera, c);
  // The workhorse wire pushed up from the sheath: its mesh every 0.1 s of travel, one per redraw.
  const LumenQuery lumen(*c.anatomy);
  Guidewire wire(*c.guidewire, *c.access, 10, 1.0);
  std::vector<TriangleMesh> wires;
  for (int f = 0; f < 16; ++f) {
    for (int k = 0; k < 24; ++k) wire.step(1.0 / 240, {60, 0}, lumen);
    wires.push_back(make_polyline_tube_mesh(wire.rod().x, std::max(0.6, wire.rod().radius_mm)));
  }
  Table table("3D anatomy view redraw, default case, wire moving (" + gl.renderer_name() + ")",
              {"panel", "vessel triangles", "wire triangles", "median ms/redraw", "redraws/s"});
  for (const auto& [w, h] : {std::pair{480, 360}, std::pair{640, 480}, std::pair{960, 720}}) {
    size_t next = 0;
    const double ms = median_ms(15, [&] {
      view.set_device_mesh(wires[next++ % wires.size()], {0.85f, 0.85f, 0.9f});
      view.render(camera, w, h);
      glFinish();
    });
    table.row({std::to_string(w) + " x " + std::to_string(h), std::to_string(view.triangle_count()),
               std::to_string(wires.front().triangle_count()), fmt(ms), fmt(1000.0 / ms)});
  }
  table.print();
}

}  // namespace angiosim::bench
