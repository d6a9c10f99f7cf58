#pragma once
// The session report written at the end of a procedure: report.json (machine-readable: completed,
// per-step metrics and objectives, the events, the lesions as they are now) and report.html (the
// same for people, with the key images: the angiograms before and after, the last fluoroscopy).
#include <string>

#include <nlohmann/json.hpp>

#include "core/scenario/procedure_session.h"

namespace angiosim {

// The lesions of the case as the lumen is now: minimal lumen diameter, diameter stenosis, and for
// an occlusion whether it is crossed.
nlohmann::json lesion_report(const VesselTree& tree, const OcclusionCrossing& occlusions);

nlohmann::json session_report(const ProcedureSession& session);

// Writes the key images (PNG) and report.json + report.html into `dir` (atomically, each file).
// Returns the JSON report as written.
nlohmann::json write_session_report(const ProcedureSession& session, const std::string& dir);

}  // namespace angiosim
