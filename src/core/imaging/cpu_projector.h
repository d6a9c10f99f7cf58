#pragma once
// The CPU reference projector: for every detector pixel, the ray from the focal spot to the pixel
// centre is traced through the scene's primitives (candidates from a bounding-volume tree), and the
// exact path length through each (exclusions applied) times its composition is summed per basis
// material; thin tubes (wires) are averaged over the pixel's footprint instead (thin_tube_path_mm).
// Double precision; the GPU renderer is tested against it.
#include <array>

#include "core/geometry/bvh.h"
#include "core/imaging/c_arm.h"
#include "core/imaging/channel_image.h"
#include "core/imaging/xray_scene.h"

namespace angiosim {

class CpuProjector {
 public:
  explicit CpuProjector(const XrayScene& scene);

  // Areal density (g/cm²) per basis material along the ray o + t·d, t in [0, t_max], on that ray
  // alone (thin tubes too: no pixel footprint; project() averages them over its pixels).
  std::array<double, kMaxBasisMaterials> areal_density(const glm::dvec3& o, const glm::dvec3& d, double t_max) const;
  // The whole detector image, split over `threads` threads (same result for any count).
  ChannelImage project(const ProjectionGeometry& g, int threads = 2) const;

 private:
  // Candidates for the rays of pixels of pitch `padding_mm`: thin tubes' boxes grown by it.
  Bvh tree_for(double padding_mm) const;
  std::array<double, kMaxBasisMaterials> areal_density(const Bvh& tree, const glm::dvec3& o, const glm::dvec3& d,
                                                       double t_max, const PixelFootprint& pixel) const;

  const XrayScene& scene_;
  Bvh bvh_;  // unpadded
};

}  // namespace angiosim
