#pragma once
// The GPU X-ray projector and display stage (OpenGL 3.3 core).
//   1. Path pass: every primitive of the XrayScene is drawn as its bounding box (instanced cube,
//      back faces only, so each covered pixel is shaded once per primitive); the fragment shader
//      computes the exact path length of the pixel's ray through the primitive and adds
//      density × length to eight float channels (two RGBA32F targets, additive blending) — the
//      per-material "L-buffer" of gVirtualXRay (Vidal et al., 2009), with analytic chords instead
//      of mesh depth differences.
//   2. Display pass: Beer–Lambert over the spectrum bins, log, window → an 8-bit gray texture.
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

  // Uploads the scene's primitives (call again whenever the scene changes).
  void set_scene(const XrayScene& scene);
  // Pass 1 into the channel targets, sized to the geometry's detector matrix.
  void render_paths(const ProjectionGeometry& geometry);
  // Pass 2 into the display texture.
  void render_display(const AttenuationTable& table, const DisplayWindow& window);

  ChannelImage read_channels(int channels) const;  // row 0 at the top
  std::vector<uint8_t> read_display_gray() const;  // row 0 at the top
  GLuint display_texture() const { return display_texture_; }  // GL convention: row 0 at the bottom
  int width() const { return width_; }
  int height() const { return height_; }
  size_t primitive_count() const { return primitive_count_; }
  size_t triangle_count() const { return primitive_count_ * 12; }  // proxy boxes drawn per image

 private:
  void resize(int width, int height);

  std::unique_ptr<GlProgram> paths_program_;       // clipped quadrics
  std::unique_ptr<GlProgram> thin_paths_program_;  // thin tubes (wires), footprint-averaged
  std::unique_ptr<GlProgram> display_program_;
  GLuint cube_vao_ = 0, cube_vbo_ = 0, cube_ibo_ = 0;
  GLuint empty_vao_ = 0;
  GLuint primitive_buffer_ = 0, primitive_texture_ = 0;
  // Primitive indices per draw: the plain primitives, then the thin tubes.
  GLuint draw_list_buffer_ = 0, draw_list_texture_ = 0;
  size_t plain_count_ = 0, thin_count_ = 0;
  GLuint channels_fbo_ = 0, channel_textures_[2] = {0, 0};
  GLuint display_fbo_ = 0, display_texture_ = 0;
  int width_ = 0, height_ = 0;
  size_t primitive_count_ = 0;
};

}  // namespace angiosim::render
