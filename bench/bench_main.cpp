// angiosim benchmarks: `scripts/bench` builds Release and runs them all, one table each.
//   fluoro   GPU projection + display of the default case at 512² and 1024², CPU reference
//   lumen    lumen queries through the bounding-volume tree against a scan of every segment
//   wire     guidewire physics per simulated second at 100, 300 and 1000 nodes
#include <cstdio>
#include <cstring>
#include <string>

namespace angiosim::bench {
void fluoro_frame();
void lumen_queries();
void guidewire_physics();
}  // namespace angiosim::bench

int main(int argc, char** argv) {
  using namespace angiosim::bench;
  const std::string only = argc > 1 ? argv[1] : "";
  if (only.empty() || only == "fluoro") fluoro_frame();
  if (only.empty() || only == "lumen") lumen_queries();
  if (only.empty() || only == "wire") guidewire_physics();
  return 0;
}
