#pragma once
// C-arm geometry: a point X-ray source and a flat detector facing it across the patient.
// Angles are named for the image receptor's position (shared/reference/xray.md): LAO (+) / RAO (−)
// rotates the detector toward the patient's left / right about the long axis; cranial (+) /
// caudal (−) tilts it toward the head / feet. At LAO 0, cranial 0 (AP) the source is posterior
// under the table and the detector anterior; the image is shown as seen from the detector: patient's
// left on the image's right, head up — the cath-lab monitor convention.
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include <optional>
#include <string>

#include "core/imaging/imaging_system.h"

namespace angiosim {

// The machine (models/c_arm.json).
struct CArmSpec {
  double source_to_image_mm = 1000;      // SID
  double source_to_isocenter_mm = 750;   // SOD; magnification at the isocentre = SID / SOD
  double detector_size_mm = 400;         // square active area edge
  int detector_pixels = 1024;            // full-resolution matrix edge
  double max_rotation_speed_deg_s = 20;  // motorised rotation speed
  ImagingSystemSpec imaging;             // tube, detector, scatter, exposure modes
};

CArmSpec load_c_arm_file(const std::string& path);

// Where the C-arm is: its angles and the isocentre (set by the table position), patient mm.
struct CArmPose {
  double lao_deg = 0;
  double cranial_deg = 0;
  glm::dvec3 isocenter_mm{0};
  double field_cm = 0;  // magnification field (diagonal at the detector); 0: the whole detector
  double sid_mm = 0;    // source-to-image distance as the detector is raised or lowered; 0: the machine's
};

// Edge (mm) of the square detector area a field uses: its diagonal over √2, at most the detector.
double field_edge_mm(const CArmSpec& spec, double field_cm);

// Everything needed to cast rays for one image of `width` × `height` pixels.
struct ProjectionGeometry {
  glm::dvec3 source_mm;
  glm::dvec3 detector_center_mm;
  glm::dvec3 u;  // unit, image right
  glm::dvec3 v;  // unit, image up
  glm::dvec3 w;  // unit, from the source toward the detector (the central ray)
  double pixel_pitch_mm = 0;
  int width = 0, height = 0;

  // Centre of pixel (column i, row j), row 0 at the top of the image.
  glm::dvec3 pixel_center(double i, double j) const;
  // Continuous pixel coordinates (i, j) where the ray from the source through p meets the detector,
  // pixel (0,0)'s centre at (0.5, 0.5); nullopt if p is not between source and detector plane.
  std::optional<glm::dvec2> project(const glm::dvec3& p_mm) const;
  // Magnification of an object at p: SID / (distance from source along the central ray).
  double magnification(const glm::dvec3& p_mm) const;
  // Isocentre calibration, as cath-lab systems measure on an image without a reference object:
  // patient mm per pixel for an object in the plane through the isocentre (source_to_isocenter_mm
  // from the source along the central ray). An object nearer the detector reads smaller, one
  // nearer the source larger, by the ratio of their magnifications.
  double isocenter_mm_per_pixel(double source_to_isocenter_mm) const;
};

ProjectionGeometry make_projection(const CArmSpec& spec, const CArmPose& pose, int pixels);

}  // namespace angiosim
