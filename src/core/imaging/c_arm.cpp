#include "core/imaging/c_arm.h"

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

#include <algorithm>
#include <cmath>

#include "core/util/json_reader.h"

namespace angiosim {

CArmSpec load_c_arm_file(const std::string& path) {
  const JsonReader j = JsonReader::load_file(path);
  j.expect_only({"source_to_image_mm", "source_to_isocenter_mm", "detector_size_mm",
                 "detector_pixels", "max_rotation_speed_deg_s", "tube", "detector", "scatter", "modes",
                 "pulse_rates", "pulse_dose_factor", "max_air_kerma_rate_mGy_min", "sources", "note"});
  CArmSpec s;
  s.source_to_image_mm = j.at("source_to_image_mm").number(500, 2000);
  s.source_to_isocenter_mm = j.at("source_to_isocenter_mm").number(300, s.source_to_image_mm - 100);
  s.detector_size_mm = j.at("detector_size_mm").number(50, 600);
  s.detector_pixels = j.at("detector_pixels").integer(64, 4096);
  s.max_rotation_speed_deg_s = j.at("max_rotation_speed_deg_s").number(1, 180);
  s.imaging = read_imaging_system(j);
  return s;
}

double field_edge_mm(const CArmSpec& spec, double field_cm) {
  if (field_cm <= 0) return spec.detector_size_mm;
  return std::min(spec.detector_size_mm, 10.0 * field_cm / std::sqrt(2.0));
}

ProjectionGeometry make_projection(const CArmSpec& spec, const CArmPose& pose, int pixels) {
  // Start from AP (detector anterior = −y, image right = +x, image up = +z), tilt cranial about
  // the patient's x axis, then rotate LAO about the long axis z.
  const double lao = glm::radians(pose.lao_deg), cra = glm::radians(pose.cranial_deg);
  auto tilt = [&](const glm::dvec3& a) {  // rotation about x by −cranial
    return glm::dvec3(a.x, a.y * std::cos(cra) + a.z * std::sin(cra),
                      -a.y * std::sin(cra) + a.z * std::cos(cra));
  };
  auto roll = [&](const glm::dvec3& a) {  // rotation about z by +LAO
    return glm::dvec3(a.x * std::cos(lao) - a.y * std::sin(lao),
                      a.x * std::sin(lao) + a.y * std::cos(lao), a.z);
  };
  const glm::dvec3 to_detector = roll(tilt({0, -1, 0}));
  ProjectionGeometry g;
  g.u = roll(tilt({1, 0, 0}));
  g.v = roll(tilt({0, 0, 1}));
  g.w = to_detector;
  g.source_mm = pose.isocenter_mm - to_detector * spec.source_to_isocenter_mm;
  const double sid = pose.sid_mm > 0 ? std::max(pose.sid_mm, spec.source_to_isocenter_mm + 100) : spec.source_to_image_mm;
  g.detector_center_mm = g.source_mm + to_detector * sid;
  g.width = g.height = pixels;
  g.pixel_pitch_mm = field_edge_mm(spec, pose.field_cm) / pixels;
  return g;
}

glm::dvec3 ProjectionGeometry::pixel_center(double i, double j) const {
  return detector_center_mm + (i + 0.5 - 0.5 * width) * pixel_pitch_mm * u +
         (0.5 * height - j - 0.5) * pixel_pitch_mm * v;
}

std::optional<glm::dvec2> ProjectionGeometry::project(const glm::dvec3& p) const {
  const double depth = glm::dot(p - source_mm, w);
  const double sid = glm::dot(detector_center_mm - source_mm, w);
  if (depth <= 0 || depth >= sid) return std::nullopt;
  const glm::dvec3 on_detector = source_mm + (p - source_mm) * (sid / depth);
  const glm::dvec3 d = on_detector - detector_center_mm;
  return glm::dvec2(glm::dot(d, u) / pixel_pitch_mm + 0.5 * width,
                    0.5 * height - glm::dot(d, v) / pixel_pitch_mm);
}

double ProjectionGeometry::magnification(const glm::dvec3& p) const {
  return glm::dot(detector_center_mm - source_mm, w) / glm::dot(p - source_mm, w);
}

double ProjectionGeometry::isocenter_mm_per_pixel(double source_to_isocenter_mm) const {
  return pixel_pitch_mm * source_to_isocenter_mm / glm::dot(detector_center_mm - source_mm, w);
}

}  // namespace angiosim
