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
// stays (set_scene / set_devices).
// The renderer reads an XrayScene and a ProjectionGeometry; it never touches simulation state.
#include <epoxy/gl.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "core/imaging/c_arm.h"
#include "core/imaging/channel_image.h"
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
  // The display pass's detected-signal transmission per pixel (the imaging chain's input), row 0 at the top.
  std::vector<float> read_transmission() const;
  GLuint display_texture() const { return display_texture_; }  // GL convention: row 0 at the bottom
  int width() const { return width_; }
  int height() const { return height_; }
  size_t primitive_count() const { return patient_.primitive_count + devices_.primitive_count; }
  size_t triangle_count() const { return primitive_count() * 12; }  // proxy boxes drawn per image
  // How many times the patient's paths were drawn (a frame that reused them does not count).
  size_t patient_renders() const { return patient_renders_; }

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
  void draw(const Layer& layer, const ProjectionGeometry& g);
  void resize(int width, int height);

  std::unique_ptr<GlProgram> paths_program_;       // clipped quadrics
  std::unique_ptr<GlProgram> thin_paths_program_;  // thin tubes (wires), footprint-averaged
  std::unique_ptr<GlProgram> display_program_;
  GLuint cube_vao_ = 0, cube_vbo_ = 0, cube_ibo_ = 0;
  GLuint empty_vao_ = 0;
  Layer patient_, devices_;
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
  void display_pass(int bins, const DisplayWindow& window, bool patient_only);
  int width_ = 0, height_ = 0;
};

}  // namespace angiosim::render
