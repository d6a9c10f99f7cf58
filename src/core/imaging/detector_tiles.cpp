#include "core/imaging/detector_tiles.h"

#include <glm/geometric.hpp>

#include <algorithm>
#include <cmath>

namespace angiosim {

DetectorTiles::DetectorTiles(int width, int height, int tile_px)
    : width_(std::max(width, 0)), height_(std::max(height, 0)), tile_px_(std::max(tile_px, 1)) {
  columns_ = (width_ + tile_px_ - 1) / tile_px_;
  rows_ = (height_ + tile_px_ - 1) / tile_px_;
  covered_.assign(size_t(columns_) * size_t(rows_), 0);
}

int DetectorTiles::tile_size_for(int width, int height) { return std::max(8, (std::max(width, height) + 31) / 32); }

void DetectorTiles::cover_area(double x0, double y0, double x1, double y1) {
  if (!(x0 <= x1 && y0 <= y1)) return;  // empty, or NaN
  if (x1 < 0 || y1 < 0 || x0 >= width_ || y0 >= height_) return;
  const double t = tile_px_;
  const int c0 = std::clamp(int(std::floor(x0 / t)), 0, columns_ - 1), c1 = std::clamp(int(std::floor(x1 / t)), 0, columns_ - 1);
  const int r0 = std::clamp(int(std::floor(y0 / t)), 0, rows_ - 1), r1 = std::clamp(int(std::floor(y1 / t)), 0, rows_ - 1);
  for (int r = r0; r <= r1; ++r)
    std::fill_n(covered_.begin() + std::ptrdiff_t(r) * columns_ + c0, c1 - c0 + 1, uint8_t(1));
}

void DetectorTiles::cover_all() { std::fill(covered_.begin(), covered_.end(), uint8_t(1)); }

void DetectorTiles::clear() { std::fill(covered_.begin(), covered_.end(), uint8_t(0)); }

DetectorTiles& DetectorTiles::operator|=(const DetectorTiles& other) {
  if (other.covered_.size() != covered_.size() || other.tile_px_ != tile_px_) {
    cover_all();  // a different cut: only "everything" is sure to include it
    return *this;
  }
  for (size_t k = 0; k < covered_.size(); ++k) covered_[k] |= other.covered_[k];
  return *this;
}

bool DetectorTiles::covers_pixel(int i, int j) const {
  if (i < 0 || j < 0 || i >= width_ || j >= height_) return false;
  return covered_[size_t(j / tile_px_) * size_t(columns_) + size_t(i / tile_px_)] != 0;
}

size_t DetectorTiles::covered_tiles() const { return size_t(std::count(covered_.begin(), covered_.end(), uint8_t(1))); }

std::vector<PixelRect> DetectorTiles::runs() const {
  std::vector<PixelRect> out;
  for (int r = 0; r < rows_; ++r) {
    const int y = r * tile_px_, h = std::min(tile_px_, height_ - y);
    for (int c = 0; c < columns_;) {
      if (!covered_[size_t(r) * size_t(columns_) + size_t(c)]) {
        ++c;
        continue;
      }
      const int first = c;
      while (c < columns_ && covered_[size_t(r) * size_t(columns_) + size_t(c)]) ++c;
      const int x = first * tile_px_;
      out.push_back({x, y, std::min(c * tile_px_, width_) - x, h});
    }
  }
  return out;
}

std::vector<ShadowCaster> shadow_casters(const XrayScene& scene) {
  std::vector<ShadowCaster> out;
  out.reserve(scene.primitives.size());
  for (const XrayPrimitive& p : scene.primitives) out.push_back({p.bounds, p.thin_radius_mm > 0});
  return out;
}

DetectorTiles tiles_reached(const std::vector<ShadowCaster>& casters, const ProjectionGeometry& g, int tile_px) {
  DetectorTiles tiles(g.width, g.height, tile_px);
  constexpr double kMargin_px = 1.0;
  for (const ShadowCaster& caster : casters) {
    std::array<glm::dvec3, 3> a = caster.bounds.half_axes;
    if (caster.thin_tube)  // as the path shader grows them (xray_paths.vert)
      for (glm::dvec3& axis : a) {
        const double length = glm::length(axis);
        axis = length > 0 ? axis * ((length + g.pixel_pitch_mm) / length) : axis;
      }
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
    for (int corner = 0; corner < 8; ++corner) {
      const glm::dvec3 p = caster.bounds.center + (corner & 1 ? 1.0 : -1.0) * a[0] + (corner & 2 ? 1.0 : -1.0) * a[1] +
                           (corner & 4 ? 1.0 : -1.0) * a[2];
      const std::optional<glm::dvec2> q = g.project(p);
      if (!q || !std::isfinite(q->x) || !std::isfinite(q->y)) {  // behind the focal spot: anywhere
        tiles.cover_all();
        return tiles;
      }
      x0 = std::min(x0, q->x);
      x1 = std::max(x1, q->x);
      y0 = std::min(y0, q->y);
      y1 = std::max(y1, q->y);
    }
    tiles.cover_area(x0 - kMargin_px, y0 - kMargin_px, x1 + kMargin_px, y1 + kMargin_px);
  }
  return tiles;
}

}  // namespace angiosim
