#include "core/imaging/cpu_projector.h"

#include <glm/geometric.hpp>

#include <algorithm>

#include "core/util/parallel.h"

namespace angiosim {

CpuProjector::CpuProjector(const XrayScene& scene) : scene_(scene), bvh_(tree_for(0)) {}

Bvh CpuProjector::tree_for(double padding_mm) const {
  std::vector<Aabb> boxes;
  boxes.reserve(scene_.primitives.size());
  for (const XrayPrimitive& p : scene_.primitives) {
    Aabb box = p.bounds.aabb();
    if (p.thin_radius_mm > 0) box.inflate(padding_mm);
    boxes.push_back(box);
  }
  return Bvh(boxes);
}

std::array<double, kMaxBasisMaterials> CpuProjector::areal_density(const glm::dvec3& o, const glm::dvec3& d,
                                                                   double t_max) const {
  return areal_density(bvh_, o, d, t_max, PixelFootprint{});
}

std::array<double, kMaxBasisMaterials> CpuProjector::areal_density(const Bvh& tree, const glm::dvec3& o,
                                                                   const glm::dvec3& d, double t_max,
                                                                   const PixelFootprint& pixel) const {
  std::array<double, kMaxBasisMaterials> sum{};
  tree.visit_ray(o, d, 0.0, t_max, [&](int i) {
    const XrayPrimitive& p = scene_.primitives[i];
    double length_mm;
    if (p.thin_radius_mm > 0) {
      length_mm = thin_tube_path_mm(p, o, d, pixel);
    } else {
      const RayIntervals own = ray_intervals(p, o, d);
      if (own.count == 0) return;
      RayIntervals ex[2];
      for (int k = 0; k < 2; ++k)
        if (p.exclude[k] >= 0) ex[k] = ray_intervals(scene_.primitives[p.exclude[k]], o, d);
      length_mm = length_excluding(own, ex[0], ex[1]);
    }
    for (int c = 0; c < kMaxBasisMaterials; ++c) sum[c] += p.composition.density_g_cm3[c] * 0.1 * length_mm;
  });
  return sum;
}

ChannelImage CpuProjector::project(const ProjectionGeometry& g, int threads) const {
  const int channels = static_cast<int>(scene_.basis_names.size());
  ChannelImage image(g.width, g.height, channels);
  // The footprint at depth t is pitch·t/t_pixel ≤ pitch: padding thin tubes by a pitch keeps every
  // ray their filtered profile reaches.
  const Bvh tree = tree_for(g.pixel_pitch_mm);
  parallel_rows(g.height, 4, [&](int, int begin, int end) {
    for (int j = begin; j < end; ++j)
      for (int i = 0; i < g.width; ++i) {
        const glm::dvec3 target = g.pixel_center(i, j);
        const double t_max = glm::distance(target, g.source_mm);
        const auto a = areal_density(tree, g.source_mm, (target - g.source_mm) / t_max, t_max,
                                     PixelFootprint{g.u, g.v, g.pixel_pitch_mm / t_max});
        for (int c = 0; c < channels; ++c) image.at(i, j, c) = static_cast<float>(a[c]);
      }
  }, std::max(1, threads));
  return image;
}

}  // namespace angiosim
