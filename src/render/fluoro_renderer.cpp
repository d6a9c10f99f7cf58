#include "render/fluoro_renderer.h"

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/type_ptr.hpp>

#include <algorithm>
#include <stdexcept>

#include "render/gl_readback.h"
#include <string>

namespace angiosim::render {
namespace {

constexpr int kTexelsPerPrimitive = 14;  // must match shaders/xray_paths.*
constexpr int kMaxSpectrumBins = 16;

void check_framebuffer(const char* what) {
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  if (status != GL_FRAMEBUFFER_COMPLETE)
    throw std::runtime_error(std::string(what) + ": framebuffer incomplete (status 0x" +
                             std::to_string(status) + ")");
}

// (Re)allocates `texture` at width × height and attaches it to the bound framebuffer.
void attach_target(GLuint texture, GLenum attachment, GLint internal_format, GLenum format, GLenum type, GLint filter,
                   int width, int height) {
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexImage2D(GL_TEXTURE_2D, 0, internal_format, width, height, 0, format, type, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glFramebufferTexture2D(GL_FRAMEBUFFER, attachment, GL_TEXTURE_2D, texture, 0);
}

void put(std::vector<float>& out, const glm::dvec3& v, double w) {
  out.insert(out.end(), {float(v.x), float(v.y), float(v.z), float(w)});
}

}  // namespace

FluoroRenderer::FluoroRenderer() {
  paths_program_ = std::make_unique<GlProgram>("xray_paths.vert", "xray_paths.frag");
  thin_paths_program_ = std::make_unique<GlProgram>("xray_paths.vert", "xray_paths.frag", "#define THIN_TUBES\n");
  display_program_ = std::make_unique<GlProgram>("detector_rects.vert", "fluoro_display.frag");

  // Unit cube, outward counter-clockwise faces.
  const float corners[] = {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1};
  const uint16_t faces[] = {0, 3, 2, 0, 2, 1,  4, 5, 6, 4, 6, 7,  0, 1, 5, 0, 5, 4,
                            3, 7, 6, 3, 6, 2,  0, 4, 7, 0, 7, 3,  1, 2, 6, 1, 6, 5};
  glGenVertexArrays(1, &cube_vao_);
  glBindVertexArray(cube_vao_);
  glGenBuffers(1, &cube_vbo_);
  glBindBuffer(GL_ARRAY_BUFFER, cube_vbo_);
  glBufferData(GL_ARRAY_BUFFER, sizeof(corners), corners, GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 3 * sizeof(float), nullptr);
  glGenBuffers(1, &cube_ibo_);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, cube_ibo_);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, sizeof(faces), faces, GL_STATIC_DRAW);
  glBindVertexArray(0);
  glGenVertexArrays(1, &rect_vao_);
  glBindVertexArray(rect_vao_);
  glGenBuffers(1, &rect_vbo_);
  glBindBuffer(GL_ARRAY_BUFFER, rect_vbo_);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);

  create(patient_);
  create(devices_);
  set_devices(XrayScene{});
  glGenFramebuffers(1, &display_fbo_);
  glGenTextures(1, &display_texture_);
  glGenTextures(1, &transmission_texture_);
  glGenTextures(1, &spectrum_texture_);
  glGenFramebuffers(1, &patient_transmission_fbo_);
  glGenTextures(1, &patient_transmission_texture_);
}

FluoroRenderer::~FluoroRenderer() {
  glDeleteVertexArrays(1, &cube_vao_);
  glDeleteVertexArrays(1, &rect_vao_);
  glDeleteBuffers(1, &rect_vbo_);
  glDeleteBuffers(1, &cube_vbo_);
  glDeleteBuffers(1, &cube_ibo_);
  destroy(patient_);
  destroy(devices_);
  glDeleteFramebuffers(1, &display_fbo_);
  glDeleteTextures(1, &display_texture_);
  glDeleteTextures(1, &transmission_texture_);
  glDeleteTextures(1, &spectrum_texture_);
  glDeleteFramebuffers(1, &patient_transmission_fbo_);
  glDeleteTextures(1, &patient_transmission_texture_);
}

void FluoroRenderer::create(Layer& layer) {
  glGenBuffers(1, &layer.primitive_buffer);
  glGenTextures(1, &layer.primitive_texture);
  glGenBuffers(1, &layer.draw_list_buffer);
  glGenTextures(1, &layer.draw_list_texture);
  glGenFramebuffers(1, &layer.fbo);
  glGenTextures(2, layer.targets);
}

void FluoroRenderer::destroy(Layer& layer) {
  glDeleteBuffers(1, &layer.primitive_buffer);
  glDeleteTextures(1, &layer.primitive_texture);
  glDeleteBuffers(1, &layer.draw_list_buffer);
  glDeleteTextures(1, &layer.draw_list_texture);
  glDeleteFramebuffers(1, &layer.fbo);
  glDeleteTextures(2, layer.targets);
}

void FluoroRenderer::upload(Layer& layer, const XrayScene& scene) {
  std::vector<float> data;
  data.reserve(std::max<size_t>(1, scene.primitives.size()) * kTexelsPerPrimitive * 4);
  for (const XrayPrimitive& p : scene.primitives) {
    put(data, p.center_mm, 0);
    for (int c = 0; c < 3; ++c) put(data, p.quadric_a[c], p.quadric_b[c]);
    for (const glm::dvec4& pl : p.planes) put(data, glm::dvec3(pl), pl.w);
    data.insert(data.end(), {float(p.quadric_c), float(p.exclude[0]), float(p.exclude[1]), float(p.thin_length_mm)});
    for (double d : p.composition.density_g_cm3) data.push_back(float(d));
    put(data, p.bounds.center, 0);
    for (const glm::dvec3& a : p.bounds.half_axes) put(data, a, 0);
    put(data, p.thin_axis, p.thin_radius_mm);
  }
  if (data.empty()) data.assign(4, 0.f);  // a buffer texture needs storage
  glBindBuffer(GL_TEXTURE_BUFFER, layer.primitive_buffer);
  glBufferData(GL_TEXTURE_BUFFER, data.size() * sizeof(float), data.data(), GL_DYNAMIC_DRAW);
  glBindTexture(GL_TEXTURE_BUFFER, layer.primitive_texture);
  glTexBuffer(GL_TEXTURE_BUFFER, GL_RGBA32F, layer.primitive_buffer);
  layer.primitive_count = scene.primitives.size();

  // Scene order is kept in the primitive buffer (exclusions refer to it); the draw list groups
  // the plain primitives and the thin tubes for their two programs.
  std::vector<int32_t> draw_list;
  for (size_t i = 0; i < scene.primitives.size(); ++i)
    if (scene.primitives[i].thin_radius_mm <= 0) draw_list.push_back(int32_t(i));
  layer.plain_count = draw_list.size();
  for (size_t i = 0; i < scene.primitives.size(); ++i)
    if (scene.primitives[i].thin_radius_mm > 0) draw_list.push_back(int32_t(i));
  layer.thin_count = draw_list.size() - layer.plain_count;
  if (draw_list.empty()) draw_list.push_back(0);
  glBindBuffer(GL_TEXTURE_BUFFER, layer.draw_list_buffer);
  glBufferData(GL_TEXTURE_BUFFER, draw_list.size() * sizeof(int32_t), draw_list.data(), GL_DYNAMIC_DRAW);
  glBindTexture(GL_TEXTURE_BUFFER, layer.draw_list_texture);
  glTexBuffer(GL_TEXTURE_BUFFER, GL_R32I, layer.draw_list_buffer);
  glBindTexture(GL_TEXTURE_BUFFER, 0);
  glBindBuffer(GL_TEXTURE_BUFFER, 0);
}

void FluoroRenderer::set_scene(const XrayScene& patient) {
  upload(patient_, patient);
  patient_current_ = false;
}

void FluoroRenderer::set_devices(const XrayScene& devices) {
  upload(devices_, devices);
  device_casters_ = shadow_casters(devices);
}

void FluoroRenderer::resize(int width, int height) {
  if (width == width_ && height == height_) return;
  width_ = width;
  height_ = height;
  patient_current_ = false;
  // New targets hold nothing defined: the first frame clears, shades and reads everything.
  const int tile = DetectorTiles::tile_size_for(width, height);
  for (DetectorTiles* tiles : {&devices_written_, &display_pending_, &shaded_, &unread_}) {
    *tiles = DetectorTiles(width, height, tile);
    tiles->cover_all();
  }
  transmission_rows_.assign(size_t(width) * size_t(height), 0.f);
  for (Layer* layer : {&patient_, &devices_}) {
    glBindFramebuffer(GL_FRAMEBUFFER, layer->fbo);
    for (int k = 0; k < 2; ++k) {
      attach_target(layer->targets[k], GL_COLOR_ATTACHMENT0 + k, GL_RGBA32F, GL_RGBA, GL_FLOAT, GL_NEAREST, width, height);
    }
    const GLenum buffers[] = {GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1};
    glDrawBuffers(2, buffers);
    check_framebuffer("X-ray path targets");
  }

  glBindFramebuffer(GL_FRAMEBUFFER, display_fbo_);
  attach_target(display_texture_, GL_COLOR_ATTACHMENT0, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, GL_LINEAR, width, height);
  attach_target(transmission_texture_, GL_COLOR_ATTACHMENT1, GL_R32F, GL_RED, GL_FLOAT, GL_NEAREST, width, height);
  {
    const GLenum buffers[] = {GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1};
    glDrawBuffers(2, buffers);
  }
  check_framebuffer("fluoro display target");
  // The patient's own transmission: the display shader's second output, into its own target.
  glBindFramebuffer(GL_FRAMEBUFFER, patient_transmission_fbo_);
  attach_target(patient_transmission_texture_, GL_COLOR_ATTACHMENT1, GL_R32F, GL_RED, GL_FLOAT, GL_NEAREST, width, height);
  {
    const GLenum buffers[] = {GL_NONE, GL_COLOR_ATTACHMENT1};
    glDrawBuffers(2, buffers);
  }
  check_framebuffer("patient transmission target");
  patient_transmission_current_ = false;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glBindTexture(GL_TEXTURE_2D, 0);
}

static bool same_view(const ProjectionGeometry& a, const ProjectionGeometry& b) {
  return a.source_mm == b.source_mm && a.detector_center_mm == b.detector_center_mm && a.u == b.u && a.v == b.v &&
         a.w == b.w && a.pixel_pitch_mm == b.pixel_pitch_mm && a.width == b.width && a.height == b.height;
}

void FluoroRenderer::render_paths(const ProjectionGeometry& g) {
  resize(g.width, g.height);
  if (!patient_current_ || !same_view(g, patient_view_)) {
    clear(patient_, nullptr);
    draw(patient_, g);
    patient_current_ = true;
    patient_view_ = g;
    ++patient_renders_;
    patient_transmission_current_ = false;
  }
  // The devices' targets are zero outside the tiles the last draw reached: clearing those tiles
  // zeroes them everywhere, and this draw writes only inside the tiles it reaches.
  const DetectorTiles reached = tiles_reached(device_casters_, g, devices_written_.tile_px());
  clear(devices_, devices_written_.all() ? nullptr : &devices_written_);
  draw(devices_, g);
  devices_written_ = reached;
  display_pending_ |= reached;
}

// GL rows run from the bottom: a rectangle of top-down rows [y, y + height) starts at this GL row.
static int gl_row(const PixelRect& r, int image_height) { return image_height - r.y - r.height; }

void FluoroRenderer::clear(const Layer& layer, const DetectorTiles* area) {
  glBindFramebuffer(GL_FRAMEBUFFER, layer.fbo);
  const float zero[4] = {0, 0, 0, 0};
  if (!area) {
    glClearBufferfv(GL_COLOR, 0, zero);
    glClearBufferfv(GL_COLOR, 1, zero);
  } else {
    glEnable(GL_SCISSOR_TEST);
    for (const PixelRect& r : area->runs()) {
      glScissor(r.x, gl_row(r, height_), r.width, r.height);
      glClearBufferfv(GL_COLOR, 0, zero);
      glClearBufferfv(GL_COLOR, 1, zero);
    }
    glDisable(GL_SCISSOR_TEST);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void FluoroRenderer::draw(const Layer& layer, const ProjectionGeometry& g) {
  if (layer.primitive_count == 0) return;
  glBindFramebuffer(GL_FRAMEBUFFER, layer.fbo);
  glViewport(0, 0, width_, height_);
  // Camera at the focal spot looking along the central ray; the frustum's window at depth SID is
  // the detector, so pixel (i, j) of the target is detector pixel (i, height-1-j).
  const double sid = glm::dot(g.detector_center_mm - g.source_mm, g.w);
  // View axes are the detector's: x = u (image right), y = v (image up), z = −w (OpenGL looks
  // down −z). (u, v, w) is the frame seen from the detector side, so this map is a reflection of
  // a right-handed camera: it flips triangle winding, hence glFrontFace(GL_CW) below.
  glm::dmat4 view(1.0);
  for (int k = 0; k < 3; ++k) {
    view[k][0] = g.u[k];
    view[k][1] = g.v[k];
    view[k][2] = -g.w[k];
  }
  view[3] = glm::dvec4(-glm::dot(g.u, g.source_mm), -glm::dot(g.v, g.source_mm),
                       glm::dot(g.w, g.source_mm), 1.0);
  const double near = 1.0, far = 4.0 * sid;
  const double half_w = 0.5 * g.width * g.pixel_pitch_mm * near / sid;
  const double half_h = 0.5 * g.height * g.pixel_pitch_mm * near / sid;
  const glm::mat4 view_projection(glm::frustum(-half_w, half_w, -half_h, half_h, near, far) * view);

  glDisable(GL_DEPTH_TEST);
  glEnable(GL_CULL_FACE);
  glFrontFace(GL_CW);    // see the view matrix: outward faces wind clockwise on screen
  glCullFace(GL_FRONT);  // back faces: exactly one per pixel per box, from outside or inside
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFunc(GL_ONE, GL_ONE);

  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_BUFFER, layer.primitive_texture);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_BUFFER, layer.draw_list_texture);
  glActiveTexture(GL_TEXTURE0);
  glBindVertexArray(cube_vao_);
  // Plain primitives, then thin tubes, each with its program: same uniforms, own draw-list range.
  auto draw_range = [&](const GlProgram& program, size_t first, size_t count) {
    if (count == 0) return;
    program.use();
    glUniform1i(program.uniform("primitives"), 0);
    glUniform1i(program.uniform("draw_list"), 1);
    glUniform1i(program.uniform("draw_offset"), static_cast<GLint>(first));
    glUniformMatrix4fv(program.uniform("view_projection"), 1, GL_FALSE, glm::value_ptr(view_projection));
    auto vec3 = [&](const char* name, const glm::dvec3& v) {
      glUniform3f(program.uniform(name), float(v.x), float(v.y), float(v.z));
    };
    vec3("source_mm", g.source_mm);
    vec3("detector_center_mm", g.detector_center_mm);
    vec3("detector_u", g.u);
    vec3("detector_v", g.v);
    glUniform1f(program.uniform("pixel_pitch_mm"), float(g.pixel_pitch_mm));
    glUniform2f(program.uniform("image_size"), float(g.width), float(g.height));
    glDrawElementsInstanced(GL_TRIANGLES, 36, GL_UNSIGNED_SHORT, nullptr, static_cast<GLsizei>(count));
  };
  draw_range(*paths_program_, 0, layer.plain_count);
  draw_range(*thin_paths_program_, layer.plain_count, layer.thin_count);
  glBindVertexArray(0);
  glDisable(GL_BLEND);
  glDisable(GL_CULL_FACE);
  glFrontFace(GL_CCW);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_BUFFER, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_BUFFER, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void FluoroRenderer::render_display(const AttenuationTable& table, const DisplayWindow& window) {
  // The spectrum texture: row 0 μ/ρ of basis 0-3, row 1 basis 4-7, row 2 the weight, a column a bin.
  const int bins = std::min<int>(kMaxSpectrumBins, static_cast<int>(table.bins.size()));
  std::vector<float> texels(size_t(kMaxSpectrumBins) * 3 * 4, 0.f);
  for (int b = 0; b < bins; ++b) {
    for (int m = 0; m < 8; ++m)
      texels[(size_t(m / 4) * kMaxSpectrumBins + size_t(b)) * 4 + size_t(m % 4)] = float(table.mass_attenuation_cm2_g[b][m]);
    texels[(2 * size_t(kMaxSpectrumBins) + size_t(b)) * 4] = float(table.bins[b].weight);
  }
  if (texels != spectrum_texels_) {
    glBindTexture(GL_TEXTURE_2D, spectrum_texture_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA32F, kMaxSpectrumBins, 3, 0, GL_RGBA, GL_FLOAT, texels.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glBindTexture(GL_TEXTURE_2D, 0);
    spectrum_texels_ = std::move(texels);
    patient_transmission_current_ = false;
  }
  // Everything again when the patient's transmission (a new size or view redraws the patient),
  // the spectrum or the window changed; else only the tiles where the devices are or were.
  const bool everything = !patient_transmission_current_ || bins != shown_bins_ ||
                          window.low != shown_window_.low || window.high != shown_window_.high;
  DetectorTiles all(width_, height_, devices_written_.tile_px());
  all.cover_all();
  // The patient's own transmission again only when its paths or the spectrum changed.
  if (!patient_transmission_current_) {
    display_pass(bins, window, true, all);
    patient_transmission_current_ = true;
  }
  shaded_ = everything ? all : display_pending_;
  display_pass(bins, window, false, shaded_);
  unread_ |= shaded_;
  // Where the devices are now changes again when they move away.
  display_pending_ = devices_written_;
  shown_bins_ = bins;
  shown_window_ = window;
}

void FluoroRenderer::display_pass(int bins, const DisplayWindow& window, bool patient_only, const DetectorTiles& area) {
  std::vector<float> corners;  // two triangles per rectangle, in GL pixel coordinates
  const std::vector<PixelRect> rects = area.all() ? std::vector<PixelRect>{{0, 0, width_, height_}} : area.runs();
  if (rects.empty()) return;
  corners.reserve(rects.size() * 12);
  for (const PixelRect& r : rects) {
    const float x0 = float(r.x), x1 = float(r.x + r.width);
    const float y0 = float(gl_row(r, height_)), y1 = y0 + float(r.height);
    corners.insert(corners.end(), {x0, y0, x1, y0, x1, y1, x0, y0, x1, y1, x0, y1});
  }
  glBindFramebuffer(GL_FRAMEBUFFER, patient_only ? patient_transmission_fbo_ : display_fbo_);
  glViewport(0, 0, width_, height_);
  display_program_->use();
  for (int k = 0; k < 2; ++k) {
    glActiveTexture(GL_TEXTURE0 + k);
    glBindTexture(GL_TEXTURE_2D, patient_.targets[k]);
    glActiveTexture(GL_TEXTURE2 + k);
    glBindTexture(GL_TEXTURE_2D, devices_.targets[k]);
  }
  glActiveTexture(GL_TEXTURE4);
  glBindTexture(GL_TEXTURE_2D, spectrum_texture_);
  glActiveTexture(GL_TEXTURE5);
  glBindTexture(GL_TEXTURE_2D, patient_only ? 0 : patient_transmission_texture_);
  glUniform1i(display_program_->uniform("channels_0_3"), 0);
  glUniform1i(display_program_->uniform("channels_4_7"), 1);
  glUniform1i(display_program_->uniform("device_channels_0_3"), 2);
  glUniform1i(display_program_->uniform("device_channels_4_7"), 3);
  glUniform1i(display_program_->uniform("spectrum"), 4);
  glUniform1i(display_program_->uniform("patient_transmission"), 5);
  glUniform1i(display_program_->uniform("use_patient_transmission"), patient_only ? 0 : 1);
  glUniform1i(display_program_->uniform("patient_only"), patient_only ? 1 : 0);
  glUniform1i(display_program_->uniform("bin_count"), bins);
  glUniform1f(display_program_->uniform("window_low"), float(window.low));
  glUniform1f(display_program_->uniform("window_high"), float(window.high));
  glUniform2f(display_program_->uniform("image_size"), float(width_), float(height_));
  glBindVertexArray(rect_vao_);
  glBindBuffer(GL_ARRAY_BUFFER, rect_vbo_);
  glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(corners.size() * sizeof(float)), corners.data(), GL_STREAM_DRAW);
  glDrawArrays(GL_TRIANGLES, 0, GLsizei(corners.size() / 2));
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  glBindVertexArray(0);
  for (int k = 5; k >= 0; --k) {
    glActiveTexture(GL_TEXTURE0 + k);
    glBindTexture(GL_TEXTURE_2D, 0);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

ChannelImage FluoroRenderer::read_channels(int channels) const {
  ChannelImage image(width_, height_, channels);
  std::vector<float> rgba(size_t(width_) * height_ * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
  for (const Layer* layer : {&patient_, &devices_}) {
    glBindFramebuffer(GL_READ_FRAMEBUFFER, layer->fbo);
    for (int k = 0; k < 2 && 4 * k < channels; ++k) {
      glReadBuffer(GL_COLOR_ATTACHMENT0 + k);
      glReadPixels(0, 0, width_, height_, GL_RGBA, GL_FLOAT, rgba.data());
      for (int j = 0; j < height_; ++j)
        for (int i = 0; i < width_; ++i)
          for (int c = 4 * k; c < std::min(channels, 4 * k + 4); ++c)
            image.at(i, height_ - 1 - j, c) += rgba[(size_t(j) * width_ + i) * 4 + (c - 4 * k)];
    }
  }
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  return image;
}

std::vector<float> FluoroRenderer::read_transmission() {
  std::vector<float>& rows = transmission_rows_;
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, display_fbo_);
  glReadBuffer(GL_COLOR_ATTACHMENT1);
  if (unread_.all()) {
    glReadPixels(0, 0, width_, height_, GL_RED, GL_FLOAT, rows.data());
  } else {
    // Only the shaded tiles, each into its place in the kept copy.
    glPixelStorei(GL_PACK_ROW_LENGTH, width_);
    for (const PixelRect& r : unread_.runs()) {
      const int y = gl_row(r, height_);
      glReadPixels(r.x, y, r.width, r.height, GL_RED, GL_FLOAT, rows.data() + size_t(y) * size_t(width_) + size_t(r.x));
    }
    glPixelStorei(GL_PACK_ROW_LENGTH, 0);
  }
  unread_.clear();
  glReadBuffer(GL_COLOR_ATTACHMENT0);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  std::vector<float> out(rows.size());
  for (int j = 0; j < height_; ++j)
    std::copy_n(rows.begin() + std::ptrdiff_t(j) * width_, width_, out.begin() + std::ptrdiff_t(height_ - 1 - j) * width_);
  return out;
}

std::vector<uint8_t> FluoroRenderer::read_display_gray() const {
  return read_pixels_top_down(display_fbo_, GL_COLOR_ATTACHMENT0, width_, height_, 1);
}

}  // namespace angiosim::render
