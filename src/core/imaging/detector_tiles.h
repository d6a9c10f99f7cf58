#pragma once
// Which parts of the detector a layer of primitives can reach: the image cut into square tiles,
// and the tiles the primitives' proxy boxes (as a projector draws them) cast a shadow on. A live
// fluoro frame redraws only the devices and the contrast, whose shadows fall on ~12 % of the image;
// the renderer clears, shades and reads back those tiles only, and the rest of the image stays
// as the last frame left it (there the devices' paths are zero before and after).
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/imaging/c_arm.h"
#include "core/imaging/xray_scene.h"

namespace angiosim {

// A rectangle of whole pixels, row 0 at the top of the image.
struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;
};

class DetectorTiles {
 public:
  DetectorTiles() = default;
  // A width × height image in tiles of tile_px (the last row and column may be partial); none covered.
  DetectorTiles(int width, int height, int tile_px);
  // The tile size a width × height image is cut into: 32 tiles across its longer side, at least 8 px.
  static int tile_size_for(int width, int height);

  int width() const { return width_; }
  int height() const { return height_; }
  int tile_px() const { return tile_px_; }
  int columns() const { return columns_; }
  int rows() const { return rows_; }

  // Covers every tile a rectangle in continuous pixel coordinates (pixel (i, j) spans [i, i + 1) ×
  // [j, j + 1), row 0 at the top) touches, clipped to the image.
  void cover_area(double x0, double y0, double x1, double y1);
  void cover_all();
  void clear();
  DetectorTiles& operator|=(const DetectorTiles& other);  // same image and tile size

  bool covers_pixel(int i, int j) const;
  size_t covered_tiles() const;
  bool none() const { return covered_tiles() == 0; }
  bool all() const { return covered_tiles() == covered_.size(); }
  // The covered tiles as few rectangles: each tile row's runs of covered tiles, clipped to the image.
  std::vector<PixelRect> runs() const;

 private:
  int width_ = 0, height_ = 0, tile_px_ = 1, columns_ = 0, rows_ = 0;
  std::vector<uint8_t> covered_;  // per tile, row-major from the top
};

// What a projector draws for one primitive: its bounding box, and whether it is a thin tube (whose
// box a projector grows by a pixel pitch, for the footprint-averaged profile).
struct ShadowCaster {
  OrientedBox bounds;
  bool thin_tube = false;
};
std::vector<ShadowCaster> shadow_casters(const XrayScene& scene);

// The tiles whose pixels' rays can meet any of the boxes: each box's 8 corners projected, their
// bounding rectangle and one pixel of margin (the GPU rasterises in single precision); a box with
// a corner behind the focal spot or beyond the detector covers the whole image.
DetectorTiles tiles_reached(const std::vector<ShadowCaster>& casters, const ProjectionGeometry& g, int tile_px);

}  // namespace angiosim
