#pragma once
// A "see-through" 3D view of the lumen meshes (core/anatomy/tube_mesh), rendered into its own
// texture with depth, from an orbit camera around the anatomy. Needs a current GL 3.3 context.
#include <epoxy/gl.h>

#include <glm/mat4x4.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/geometry/triangle_mesh.h"
#include "render/gl_program.h"

namespace angiosim::render {

// Looks at `target_mm` from `distance_mm` away; yaw about the patient's long axis (0 = from the
// front, as the AP image is seen), pitch toward the head.
struct OrbitCamera {
  glm::dvec3 target_mm{0};
  double yaw_deg = 0;
  double pitch_deg = 10;
  double distance_mm = 480;
  double field_of_view_deg = 35;
  bool operator==(const OrbitCamera&) const = default;
};

// The camera's view matrix, and its projection for a view of width × height pixels (what
// render() draws with).
glm::mat4 orbit_view(const OrbitCamera& camera);
glm::mat4 orbit_view_projection(const OrbitCamera& camera, int width, int height);
// Where a point lands in that view, in pixels with row 0 at the top; none when it is behind the
// eye or outside the view.
std::optional<glm::vec2> project_in_view(const OrbitCamera& camera, int width, int height, const glm::dvec3& point_mm);

class AnatomyView {
 public:
  // With a device in the patient the vessels are drawn as tinted glass of this opacity (each of
  // a tube's two walls), so the device inside shows through.
  static constexpr float kVesselOpacity = 0.45f;

  AnatomyView();
  ~AnatomyView();
  AnatomyView(const AnatomyView&) = delete;
  AnatomyView& operator=(const AnatomyView&) = delete;

  // Uploads the meshes as one buffer; all are drawn in `color` (linear RGB 0..1).
  void set_meshes(const std::vector<TriangleMesh>& meshes, const glm::vec3& color);
  // Devices in the patient, drawn in `color`; uploaded only when some vertex moved visibly
  // (0.01 mm) or the mesh changed.
  void set_device_mesh(const TriangleMesh& mesh, const glm::vec3& color);
  // Draws into the texture, unless nothing changed since the last time (meshes, camera, size):
  // then the texture already holds the picture (a software rasteriser spends ~10 ms on it).
  void render(const OrbitCamera& camera, int width, int height);
  int renders() const { return renders_; }  // pictures drawn so far (not the skipped ones)

  GLuint texture() const { return color_texture_; }  // row 0 at the bottom (GL)
  std::vector<uint8_t> read_rgb() const;             // row 0 at the top
  int width() const { return width_; }
  int height() const { return height_; }
  size_t triangle_count() const { return anatomy_.index_count / 3; }

 private:
  std::unique_ptr<GlProgram> program_;
  struct Buffers {
    GLuint vao = 0, vbo = 0, ibo = 0;
    size_t index_count = 0;
    glm::vec3 color{1.f};
  };
  static void upload(Buffers& b, const std::vector<TriangleMesh>& meshes);
  Buffers anatomy_, device_;
  std::vector<glm::vec3> device_positions_;  // what device_ holds (to skip identical uploads)
  bool changed_ = true;
  OrbitCamera drawn_camera_;
  int renders_ = 0;
  GLuint fbo_ = 0, color_texture_ = 0, depth_buffer_ = 0;
  int width_ = 0, height_ = 0;
};

}  // namespace angiosim::render
