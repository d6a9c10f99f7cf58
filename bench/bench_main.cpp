// angiosim benchmarks: `scripts/bench` builds Release and runs them all, one table each.
//   fluoro   GPU projection + display of the default case at 512² and 1024², CPU reference
//   lumen    lumen queries through the bounding-volume tree against a scan of every segment
//   wire     guidewire physics per simulated second at 100, 300 and 1000 nodes (`wire 300`: one of them)
//   view3d   the 3D anatomy view's redraw while the wire moves
//   chain    the imaging chain per X-ray pulse, its stages, and a live pulse with the projection
//   ui       the procedure window's frame times while the simulation and imaging run
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace angiosim::bench {
void fluoro_frame();
void lumen_queries();
void guidewire_physics(int only_nodes);
void imaging_chain();
void anatomy_view_frames();
void ui_frames();
}  // namespace angiosim::bench

int main(int argc, char** argv) {
  using namespace angiosim::bench;
  const std::string only = argc > 1 ? argv[1] : "";
  if (only.empty() || only == "fluoro") fluoro_frame();
  if (only.empty() || only == "lumen") lumen_queries();
  if (only.empty() || only == "wire") guidewire_physics(only == "wire" && argc > 2 ? std::atoi(argv[2]) : 0);
  if (only.empty() || only == "view3d") anatomy_view_frames();
  if (only.empty() || only == "chain") imaging_chain();
  // The window's frames need a window (scripts/bench runs this one on a virtual X server).
  const char* driver = std::getenv("SDL_VIDEODRIVER");
  const bool window = !(driver && std::strcmp(driver, "offscreen") == 0) && std::getenv("DISPLAY");
  if (only == "ui" && !window) std::printf("\nui: needs a display (run it as ./scripts/bench ui)\n");
  if (only == "ui" && window) ui_frames();
  return 0;
}
