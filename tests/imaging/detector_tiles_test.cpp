// The tiles a layer of primitives can reach, held to the CPU projector: no pixel a device or the
// contrast darkens lies outside them, and they leave most of the image out.
#include <doctest/doctest.h>

#include "core/imaging/cpu_projector.h"
#include "core/imaging/detector_tiles.h"
#include "core/scenario/live_scene.h"
#include "core/util/data_paths.h"
#include "imaging/phantoms.h"

using namespace angiosim;

TEST_CASE("detector tiles: an area covers the tiles it touches, clipped to the image; runs cover exactly them") {
  DetectorTiles tiles(100, 70, 16);  // 7 × 5 tiles, the last column 4 px wide, the last row 6 px
  CHECK(tiles.columns() == 7);
  CHECK(tiles.rows() == 5);
  CHECK(tiles.none());
  tiles.cover_area(15.5, 31.0, 33.0, 31.9);  // columns 0–2, row 1
  tiles.cover_area(-50, 65, 3, 500);         // column 0 of the last row, clipped
  tiles.cover_area(99.5, -3, 120, 0.5);      // the last column's first tile
  tiles.cover_area(200, 200, 300, 300);      // off the image: nothing
  CHECK(tiles.covered_tiles() == 5);
  const std::vector<PixelRect> runs = tiles.runs();
  REQUIRE(runs.size() == 3);
  CHECK((runs[0].x == 96 && runs[0].y == 0 && runs[0].width == 4 && runs[0].height == 16));
  CHECK((runs[1].x == 0 && runs[1].y == 16 && runs[1].width == 48 && runs[1].height == 16));
  CHECK((runs[2].x == 0 && runs[2].y == 64 && runs[2].width == 16 && runs[2].height == 6));
  int inside = 0;
  for (int j = 0; j < 70; ++j)
    for (int i = 0; i < 100; ++i) {
      bool in_run = false;
      for (const PixelRect& r : runs) in_run |= i >= r.x && i < r.x + r.width && j >= r.y && j < r.y + r.height;
      CHECK(in_run == tiles.covers_pixel(i, j));
      inside += in_run;
    }
  CHECK(inside == 4 * 16 + 48 * 16 + 16 * 6);
  DetectorTiles other(100, 70, 16);
  other.cover_area(40, 40, 41, 41);
  tiles |= other;
  CHECK(tiles.covered_tiles() == 6);
  tiles.cover_all();
  CHECK(tiles.all());
  CHECK(DetectorTiles::tile_size_for(1024, 1024) == 32);
  CHECK(DetectorTiles::tile_size_for(128, 96) == 8);
}

TEST_CASE("detector tiles: every pixel the live layer darkens on the CPU projector lies in a tile it reaches") {
  const LoadedCase c = load_case(data_path("scenarios/default.json"));
  Simulation sim = open_simulation(c, 7, std::nullopt, true);
  OperatorCommands inject;
  inject.inject = c.angiogram;
  sim.step(inject);
  for (int k = 0; k < 240; ++k) sim.step({});  // the bolus in the iliacs
  ContrastLayer contrast;
  const XrayScene layer = live_layer(c, sim, contrast);
  REQUIRE(layer.primitives.size() > 50);  // the wire's segments and the contrast's
  const CpuProjector projector(layer);
  for (const CArmPose& pose : {c.scenario.initial_view, CArmPose{30, 15, c.scenario.initial_view.isocenter_mm}}) {
    CAPTURE(pose.lao_deg);
    const ProjectionGeometry g = make_projection(c.c_arm, pose, 160);
    const ChannelImage paths = projector.project(g);
    const DetectorTiles tiles = tiles_reached(shadow_casters(layer), g, DetectorTiles::tile_size_for(160, 160));
    int darkened = 0, outside = 0;
    for (int j = 0; j < g.height; ++j)
      for (int i = 0; i < g.width; ++i) {
        double sum = 0;
        for (int m = 0; m < paths.channels; ++m) sum += paths.at(i, j, m);
        if (sum <= 0) continue;
        ++darkened;
        outside += !tiles.covers_pixel(i, j);
      }
    CHECK(darkened > 200);
    CHECK(outside == 0);
    // The point of the tiles: the layer reaches a small part of the image.
    const double fraction = double(tiles.covered_tiles()) / double(tiles.columns() * tiles.rows());
    CHECK(fraction < 0.35);
    MESSAGE("live layer reaches " << tiles.covered_tiles() << " of " << tiles.columns() * tiles.rows() << " tiles");
  }
}

TEST_CASE("detector tiles: a box reaching behind the focal spot covers the whole image") {
  const test::CylinderPhantom phantom;
  const ProjectionGeometry g = make_projection(test::phantom_c_arm(), {0, 0, {0, 0, 0}}, 64);
  ShadowCaster huge;
  huge.bounds.center = g.source_mm;
  huge.bounds.half_axes = {glm::dvec3(10, 0, 0), glm::dvec3(0, 10, 0), glm::dvec3(0, 0, 10)};
  CHECK(tiles_reached({huge}, g, 8).all());
  CHECK(tiles_reached({}, g, 8).none());
}
