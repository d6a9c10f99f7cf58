// Lumen queries in the default anatomy: signed wall distance and nearest centerline location
// through the bounding-volume tree, against scanning every segment.
#include <glm/geometric.hpp>

#include "bench_table.h"
#include "core/anatomy/anatomy_loader.h"
#include "core/anatomy/lumen_query.h"
#include "core/util/data_paths.h"
#include "core/util/rng.h"

namespace angiosim::bench {

void lumen_queries() {
  const VesselTree tree(load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  const LumenQuery q(tree);
  // Query points near the vessels, where a guidewire's nodes are: within 5 mm of a centerline.
  Rng rng(11);
  std::vector<glm::dvec3> points;
  for (int k = 0; k < 20000; ++k) {
    const auto& s = q.segments()[size_t(rng.uniform() * q.segment_count())];
    const glm::dvec3 jitter(rng.uniform() - 0.5, rng.uniform() - 0.5, rng.uniform() - 0.5);
    points.push_back(s.lumen0 + 10.0 * jitter);
  }
  volatile double sink = 0;
  const double wall = median_ms(7, [&] { for (const auto& p : points) sink = sink + q.wall_distance(p).signed_mm; });
  const double centerline = median_ms(7, [&] { for (const auto& p : points) sink = sink + q.nearest_centerline(p).s_mm; });
  const double scan = median_ms(3, [&] {
    for (size_t k = 0; k < points.size(); k += 10) {
      double best = 1e30;
      for (const auto& s : q.segments()) best = std::min(best, s.signed_distance(points[k]));
      sink = sink + best;
    }
  }) * 10;
  const double n = double(points.size());
  Table table("Lumen queries, default anatomy (" + std::to_string(q.segment_count()) + " segments)",
              {"query", "median us/query", "queries/s"});
  table.row({"wall distance (BVH)", fmt(1000 * wall / n, 3), fmt(n / wall * 1000, 0)});
  table.row({"nearest centerline (BVH)", fmt(1000 * centerline / n, 3), fmt(n / centerline * 1000, 0)});
  table.row({"wall distance (scan of all segments)", fmt(1000 * scan / n, 3), fmt(n / scan * 1000, 0)});
  table.print();
}

}  // namespace angiosim::bench
