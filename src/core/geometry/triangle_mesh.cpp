#include "core/geometry/triangle_mesh.h"

#include <glm/geometric.hpp>

#include <map>
#include <utility>

namespace angiosim {

double TriangleMesh::volume_mm3() const {
  double v = 0;
  for (size_t t = 0; t + 2 < indices.size(); t += 3) {
    const glm::dvec3 a = positions[indices[t]], b = positions[indices[t + 1]],
                     c = positions[indices[t + 2]];
    v += glm::dot(a, glm::cross(b, c)) / 6.0;
  }
  return v;
}

bool TriangleMesh::is_closed() const {
  // Each directed edge must appear once and its reverse once.
  std::map<std::pair<uint32_t, uint32_t>, int> directed;
  for (size_t t = 0; t + 2 < indices.size(); t += 3)
    for (int e = 0; e < 3; ++e) ++directed[{indices[t + e], indices[t + (e + 1) % 3]}];
  for (const auto& [edge, count] : directed) {
    if (count != 1) return false;
    auto reverse = directed.find({edge.second, edge.first});
    if (reverse == directed.end() || reverse->second != 1) return false;
  }
  return true;
}

void TriangleMesh::append(const TriangleMesh& other) {
  const uint32_t offset = uint32_t(positions.size());
  positions.insert(positions.end(), other.positions.begin(), other.positions.end());
  normals.insert(normals.end(), other.normals.begin(), other.normals.end());
  for (uint32_t i : other.indices) indices.push_back(i + offset);
}

}  // namespace angiosim
