#pragma once
// An indexed triangle mesh (mm), counter-clockwise seen from outside.
#include <glm/vec3.hpp>

#include <cstdint>
#include <vector>

namespace angiosim {

struct TriangleMesh {
  std::vector<glm::vec3> positions;
  std::vector<glm::vec3> normals;
  std::vector<uint32_t> indices;  // three per triangle

  size_t triangle_count() const { return indices.size() / 3; }
  // Enclosed volume by the divergence theorem (mm³); positive for an outward-facing closed mesh.
  double volume_mm3() const;
  // True when every edge is shared by exactly two triangles with opposite orientation.
  bool is_closed() const;
  // Adds another mesh's triangles (its indices shifted past ours).
  void append(const TriangleMesh& other);
};

}  // namespace angiosim
