#include "render/anatomy_view.h"

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/type_ptr.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "render/gl_readback.h"

namespace angiosim::render {

glm::mat4 orbit_view(const OrbitCamera& camera) {
  // Eye on a sphere around the target: yaw 0 looks from the front (anterior, −y), head up.
  const double yaw = glm::radians(camera.yaw_deg), pitch = glm::radians(camera.pitch_deg);
  const glm::dvec3 from_target(std::sin(yaw) * std::cos(pitch), -std::cos(yaw) * std::cos(pitch), std::sin(pitch));
  const glm::dvec3 eye = camera.target_mm + camera.distance_mm * from_target;
  return glm::mat4(glm::lookAt(eye, camera.target_mm, glm::dvec3(0, 0, 1)));
}

glm::mat4 orbit_view_projection(const OrbitCamera& camera, int width, int height) {
  const glm::mat4 projection = glm::perspective(glm::radians(float(camera.field_of_view_deg)),
                                                float(width) / float(height), 10.f, 5000.f);
  return projection * orbit_view(camera);
}

std::optional<glm::vec2> project_in_view(const OrbitCamera& camera, int width, int height, const glm::dvec3& point_mm) {
  const glm::vec4 clip = orbit_view_projection(camera, width, height) * glm::vec4(glm::vec3(point_mm), 1.f);
  if (clip.w <= 0) return std::nullopt;  // behind the eye
  const glm::vec3 ndc = glm::vec3(clip) / clip.w;
  if (std::abs(ndc.x) > 1 || std::abs(ndc.y) > 1 || std::abs(ndc.z) > 1) return std::nullopt;
  return glm::vec2((ndc.x + 1) * 0.5f * float(width), (1 - ndc.y) * 0.5f * float(height));
}

AnatomyView::AnatomyView() {
  program_ = std::make_unique<GlProgram>("anatomy3d.vert", "anatomy3d.frag");
  for (Buffers* b : {&anatomy_, &device_}) {
    glGenVertexArrays(1, &b->vao);
    glGenBuffers(1, &b->vbo);
    glGenBuffers(1, &b->ibo);
  }
  glGenFramebuffers(1, &fbo_);
  glGenTextures(1, &color_texture_);
  glGenRenderbuffers(1, &depth_buffer_);
}

AnatomyView::~AnatomyView() {
  for (Buffers* b : {&anatomy_, &device_}) {
    glDeleteVertexArrays(1, &b->vao);
    glDeleteBuffers(1, &b->vbo);
    glDeleteBuffers(1, &b->ibo);
  }
  glDeleteFramebuffers(1, &fbo_);
  glDeleteTextures(1, &color_texture_);
  glDeleteRenderbuffers(1, &depth_buffer_);
}

void AnatomyView::upload(Buffers& buffers, const std::vector<TriangleMesh>& meshes) {
  // Interleaved position + normal, indices offset per mesh.
  std::vector<float> vertices;
  std::vector<uint32_t> indices;
  for (const TriangleMesh& m : meshes) {
    const uint32_t base = static_cast<uint32_t>(vertices.size() / 6);
    for (size_t k = 0; k < m.positions.size(); ++k)
      vertices.insert(vertices.end(), {m.positions[k].x, m.positions[k].y, m.positions[k].z,
                                       m.normals[k].x, m.normals[k].y, m.normals[k].z});
    for (uint32_t i : m.indices) indices.push_back(base + i);
  }
  glBindVertexArray(buffers.vao);
  glBindBuffer(GL_ARRAY_BUFFER, buffers.vbo);
  glBufferData(GL_ARRAY_BUFFER, vertices.size() * sizeof(float), vertices.data(), GL_DYNAMIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 6 * sizeof(float), nullptr);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, 6 * sizeof(float), reinterpret_cast<void*>(3 * sizeof(float)));
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, buffers.ibo);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, indices.size() * sizeof(uint32_t), indices.data(), GL_DYNAMIC_DRAW);
  glBindVertexArray(0);
  buffers.index_count = indices.size();
}

void AnatomyView::set_meshes(const std::vector<TriangleMesh>& meshes, const glm::vec3& color) {
  upload(anatomy_, meshes);
  anatomy_.color = color;
  changed_ = true;
}

void AnatomyView::set_device_mesh(const TriangleMesh& mesh, const glm::vec3& color) {
  // A wire at rest still settles by micrometres each step; nothing that moved less than this is
  // drawn again (the view's pixels are ~0.5 mm at its usual zoom).
  constexpr float kVisibleMove_mm = 0.01f;
  bool same = color == device_.color && mesh.indices.size() == device_.index_count && mesh.positions.size() == device_positions_.size();
  for (size_t k = 0; same && k < mesh.positions.size(); ++k) {
    const glm::vec3 d = mesh.positions[k] - device_positions_[k];
    same = std::abs(d.x) < kVisibleMove_mm && std::abs(d.y) < kVisibleMove_mm && std::abs(d.z) < kVisibleMove_mm;
  }
  if (same) return;
  upload(device_, {mesh});
  device_.color = color;
  device_positions_ = mesh.positions;
  changed_ = true;
}

void AnatomyView::render(const OrbitCamera& camera, int width, int height) {
  if (!changed_ && camera == drawn_camera_ && width == width_ && height == height_) return;
  changed_ = false;
  drawn_camera_ = camera;
  ++renders_;
  if (width != width_ || height != height_) {
    width_ = width;
    height_ = height;
    glBindTexture(GL_TEXTURE_2D, color_texture_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glBindRenderbuffer(GL_RENDERBUFFER, depth_buffer_);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, width, height);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color_texture_, 0);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth_buffer_);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
      throw std::runtime_error("3D anatomy view: framebuffer incomplete");
    glBindTexture(GL_TEXTURE_2D, 0);
  }
  const glm::mat4 view = orbit_view(camera), view_projection = orbit_view_projection(camera, width, height);

  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glViewport(0, 0, width, height);
  glClearColor(0.06f, 0.07f, 0.09f, 1.f);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  glEnable(GL_DEPTH_TEST);
  program_->use();
  glUniformMatrix4fv(program_->uniform("view_projection"), 1, GL_FALSE, glm::value_ptr(view_projection));
  glUniformMatrix4fv(program_->uniform("view"), 1, GL_FALSE, glm::value_ptr(view));
  // Devices first, opaque; then the vessels as glass over them (blended, depth-tested but not
  // written), so a wire inside a vessel shows through its wall as it would to a dissector's eye.
  auto draw = [&](const Buffers& b, float opacity) {
    if (b.index_count == 0) return;
    glUniform3f(program_->uniform("base_color"), b.color.x, b.color.y, b.color.z);
    glUniform1f(program_->uniform("opacity"), opacity);
    glBindVertexArray(b.vao);
    glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(b.index_count), GL_UNSIGNED_INT, nullptr);
  };
  draw(device_, 1.0f);
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  glDepthMask(GL_FALSE);
  draw(anatomy_, device_.index_count > 0 ? kVesselOpacity : 1.0f);
  glDepthMask(GL_TRUE);
  glDisable(GL_BLEND);
  glBindVertexArray(0);
  glDisable(GL_DEPTH_TEST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

std::vector<uint8_t> AnatomyView::read_rgb() const {
  return read_pixels_top_down(fbo_, GL_COLOR_ATTACHMENT0, width_, height_, 3);
}

}  // namespace angiosim::render
