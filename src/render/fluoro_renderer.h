#pragma once
// The GPU X-ray projector and display stage (OpenGL 3.3 core).
//   1. Path pass: every primitive of the XrayScene is drawn as its bounding box (instanced cube,
//      back faces only, so each covered pixel is shaded once per primitive); the fragment shader
//      computes the exact path length of the pixel's ray through the primitive and adds
//      density × length to eight float channels (two RGBA32F targets, additive blending) — the
//      per-material "L-buffer" of gVirtualXRay (Vidal et al., 2009), with analytic chords instead
//      of mesh depth differences.
//   2. Display pass: Beer–Lambert over the spectrum bins, log, window → an 8-bit gray texture,
//      and the transmission as a float texture for the full imaging chain.
// The patient and the devices are separate layers; the patient's paths are reused while the view
// stays (set_scene / set_devices). A frame that only moves the devices works on the detector
// tiles their proxy boxes reach, now or in the last frame (core/imaging/detector_tiles): it
// clears and draws the devices' targets there, shades only those tiles, and reads back only the
// transmission it shaded; elsewhere the devices' paths are zero before and after, so the image
// is what the last frame left.
// The renderer reads an XrayScene and a ProjectionGeometry; it never touches simulation state.
#include <epoxy/gl.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "core/imaging/c_arm.h"
#include "core/imaging/channel_image.h"
#include "core/imaging/detector_tiles.h"
#include "core/imaging/image_chain.h"
#include "core/imaging/xray_scene.h"
#include "render/gl_program.h"

namespace angiosim::render {

class FluoroRenderer {
 public:
  // Needs a current OpenGL 3.3 core context. Throws std::runtime_error on shader/FBO failure.
  FluoroRenderer();
  ~FluoroRenderer();
  FluoroRenderer(const FluoroRenderer&) = delete;
  FluoroRenderer& operator=(const FluoroRenderer&) = delete;

  // Two layers of primitives, each with its own path targets, summed by the display pass (areal
  // densities add): the patient, which changes rarely and whose paths are kept per view, and the
  // devices, drawn every frame. While only a wire moves, a frame draws only the wire.
  // Uploads the patient's primitives (call again whenever they change).
  void set_scene(const XrayScene& patient);
  // Uploads the devices' primitives (every frame they move; an empty scene for none).
  void set_devices(const XrayScene& devices);
  // Pass 1 into the path targets, sized to the geometry's detector matrix: the patient again only
  // if it or the view changed, the devices always.
  void render_paths(const ProjectionGeometry& geometry);
  // Pass 2 into the display texture.
  void render_display(const AttenuationTable& table, const DisplayWindow& window);

  ChannelImage read_channels(int channels) const;  // both layers summed; row 0 at the top
  std::vector<uint8_t> read_display_gray() const;  // row 0 at the top
  // The display pass's detected-signal transmission per pixel (the imaging chain's input), row 0
  // at the top. Reads back only what the display passes changed since the last call.
  std::vector<float> read_transmission();
  GLuint display_texture() const { return display_texture_; }  // GL convention: row 0 at the bottom
  int width() const { return width_; }
  int height() const { return height_; }
  size_t primitive_count() const { return patient_.primitive_count + devices_.primitive_count; }
  size_t triangle_count() const { return primitive_count() * 12; }  // proxy boxes drawn per image
  // How many times the patient's paths were drawn (a frame that reused them does not count).
  size_t patient_renders() const { return patient_renders_; }
  // The tiles the last display pass shaded (all of them when the patient, the view, the spectrum
  // or the window changed).
  const DetectorTiles& last_shaded() const { return shaded_; }

 private:
  // One layer: its primitives (scene order, for exclusions), the draw list grouping plain
  // primitives and thin tubes for their two programs, and its two RGBA32F path targets.
  struct Layer {
    GLuint primitive_buffer = 0, primitive_texture = 0;
    GLuint draw_list_buffer = 0, draw_list_texture = 0;
    size_t primitive_count = 0, plain_count = 0, thin_count = 0;
    GLuint fbo = 0, targets[2] = {0, 0};
  };
  void create(Layer& layer);
  void destroy(Layer& layer);
  void upload(Layer& layer, const XrayScene& scene);
  // Zeroes the layer's targets: everywhere, or over `area`'s tiles only.
  void clear(const Layer& layer, const DetectorTiles* area);
  void draw(const Layer& layer, const ProjectionGeometry& g);
  void resize(int width, int height);

  std::unique_ptr<GlProgram> paths_program_;       // clipped quadrics
  std::unique_ptr<GlProgram> thin_paths_program_;  // thin tubes (wires), footprint-averaged
  std::unique_ptr<GlProgram> display_program_;
  GLuint cube_vao_ = 0, cube_vbo_ = 0, cube_ibo_ = 0;
  GLuint rect_vao_ = 0, rect_vbo_ = 0;  // the display pass's rectangles
  Layer patient_, devices_;
  std::vector<ShadowCaster> device_casters_;  // the devices' proxy boxes, for the tiles they reach
  DetectorTiles devices_written_;  // where the devices' targets may hold paths (the last draw's tiles)
  DetectorTiles display_pending_;  // what the next display pass must shade: the devices are there or left
  DetectorTiles shaded_;           // what the last display pass shaded
  DetectorTiles unread_;           // transmission shaded since read_transmission last read it
  std::vector<float> transmission_rows_;  // the transmission texture as last read, GL row order
  DisplayWindow shown_window_{};
  int shown_bins_ = -1;
  bool patient_current_ = false;  // patient_'s targets hold its paths for patient_view_
  ProjectionGeometry patient_view_{};
  size_t patient_renders_ = 0;
  GLuint display_fbo_ = 0, display_texture_ = 0, transmission_texture_ = 0;
  GLuint spectrum_texture_ = 0;  // the attenuation table for the display pass
  std::vector<float> spectrum_texels_;  // what it holds
  // The patient's transmission alone, per view and spectrum: the display pass takes it wherever
  // the devices' layer is empty (no exponentials there).
  GLuint patient_transmission_fbo_ = 0, patient_transmission_texture_ = 0;
  bool patient_transmission_current_ = false;
  void display_pass(int bins, const DisplayWindow& window, bool patient_only, const DetectorTiles& area);
  int width_ = 0, height_ = 0;
};

}  // namespace angiosim::render
