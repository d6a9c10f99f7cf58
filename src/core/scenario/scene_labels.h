#pragma once
// What an educator points at while narrating: the main arteries, the lesions and the devices in
// the patient, each as a short text anchored at a point in patient coordinates (mm). The window
// projects them onto the 3D view and, if asked, onto the fluoro image.
#include <glm/vec3.hpp>

#include <string>
#include <vector>

#include "core/sim/simulation.h"

namespace angiosim {

struct SceneLabel {
  enum class Kind { Vessel, Lesion, Device };
  Kind kind = Kind::Vessel;
  std::string text;
  glm::dvec3 point_mm{0};
};

// Vessels whose mean reference radius is at least this many mm are labelled: the aorta, iliacs
// and femorals, not the lumbar, gluteal or circumflex branches that would crowd the picture.
constexpr double kLabelledVesselRadius_mm = 2.0;

// "left_common_iliac" → "left common iliac" (words), "Left common iliac" (a label).
std::string vessel_words(const std::string& name);
std::string vessel_label(const std::string& name);

// The labels of the scene now: the main vessels at the middle of their length, each lesion at its
// centre ("left CIA stenosis 70 %"), and what is in the patient: the sheath at its tip, the wire's
// tip ("Wire tip"), a balloon at the middle of its working length (with its pressure), a stent system between
// its markers, and each deployed stent at its middle.
std::vector<SceneLabel> scene_labels(const Simulation& sim);

}  // namespace angiosim
