#pragma once
// The CPU reference projector: for every detector pixel, the ray from the focal spot to the pixel
// centre is traced through the scene's primitives (candidates from a bounding-volume tree), and the
// exact path length through each (exclusions applied) times its composition is summed per basis
// material. Double precision; the GPU renderer is tested against it.
#include <array>

#include "core/geometry/bvh.h"
#include "core/imaging/c_arm.h"
#include "core/imaging/channel_image.h"
#include "core/imaging/xray_scene.h"

namespace angiosim {

class CpuProjector {
 public:
  explicit CpuProjector(const XrayScene& scene);

  // Areal density (g/cm²) per basis material along the ray o + t·d, t in [0, t_max].
  std::array<double, kMaxBasisMaterials> areal_density(const glm::dvec3& o, const glm::dvec3& d,
                                                       double t_max) const;
  // The whole detector image, split over `threads` threads (same result for any count).
  ChannelImage project(const ProjectionGeometry& g, int threads = 2) const;

 private:
  const XrayScene& scene_;
  Bvh bvh_;
};

}  // namespace angiosim
