#include "core/imaging/fluoro_console.h"

#include <algorithm>
#include <cmath>

namespace angiosim {

namespace {

double nearest_rate(const std::vector<double>& rates, double pps) {
  if (rates.empty() || !std::isfinite(pps)) return 15;
  double best = rates.front();
  for (double r : rates)
    if (std::abs(std::log(r / std::max(pps, 1e-3))) < std::abs(std::log(best / std::max(pps, 1e-3)))) best = r;
  return best;
}

const ExposureModeSpec& mode_or_default(const ImagingSystemSpec& s, const std::string& name, const char* fallback) {
  if (const ExposureModeSpec* m = s.find_mode(name)) return *m;
  static const ExposureModeSpec none;
  const ExposureModeSpec* f = s.find_mode(fallback);
  return f ? *f : none;
}

bool same_view(const ProjectionGeometry& a, const ProjectionGeometry& b) {
  return a.source_mm == b.source_mm && a.detector_center_mm == b.detector_center_mm && a.u == b.u && a.v == b.v &&
         a.width == b.width && a.height == b.height && a.pixel_pitch_mm == b.pixel_pitch_mm;
}

}  // namespace

std::vector<uint8_t> subtracted_gray(const FloatImage& a, const FloatImage& b, const DisplayWindow& window) {
  std::vector<float> difference(a.data.size());
  for (size_t k = 0; k < difference.size(); ++k) difference[k] = a.data[k] - (k < b.data.size() ? b.data[k] : 0.f);
  return to_display_gray(difference, window);
}

FluoroConsole::FluoroConsole(const CArmSpec& spec, uint64_t seed) : spec_(spec), chain_(spec, seed) {
  fluoro_.mode = mode_or_default(spec.imaging, "fluoro_normal", "fluoro_normal");
  fluoro_.pulse_rate = fluoro_.mode.default_pulse_rate;
  acquisition_.mode = mode_or_default(spec.imaging, "dsa", "dsa");
  acquisition_.pulse_rate = acquisition_.mode.default_pulse_rate;
}

void FluoroConsole::set_fluoro_mode(const std::string& mode) {
  if (const ExposureModeSpec* m = spec_.imaging.find_mode(mode); m && !m->acquisition) fluoro_.mode = *m;
}

void FluoroConsole::set_acquisition_mode(const std::string& mode) {
  if (const ExposureModeSpec* m = spec_.imaging.find_mode(mode); m && m->acquisition) {
    acquisition_.mode = *m;
    acquisition_.pulse_rate = m->default_pulse_rate;
  }
}

void FluoroConsole::set_pulse_rate(double pps) { fluoro_.pulse_rate = nearest_rate(spec_.imaging.pulse_rates, pps); }

void FluoroConsole::set_acquisition_rate(double pps) {
  if (std::isfinite(pps)) acquisition_.pulse_rate = std::clamp(pps, 0.5, 30.0);
}

bool FluoroConsole::advance(double dt_s, const Pedals& pedals) {
  // The acquisition pedal wins over fluoroscopy, as on a real console.
  const bool acquire = pedals.acquire;
  const bool on = acquire || pedals.fluoro;
  if (acquire && !acquiring_) {  // a new run starts with the pedal
    AcquisitionRun run;
    run.mode = acquisition_.mode.name;
    run.pulse_rate = acquisition_.pulse_rate;
    run.start_time_s = time_s_;
    runs_.push_back(std::move(run));
    run_pulses_ = 0;
  }
  if (on && (!beam_on_ || acquire != acquiring_)) next_pulse_s_ = time_s_;  // the first pulse at once
  if (!on && beam_on_) dose_.beam_off();
  beam_on_ = on;
  acquiring_ = acquire;
  pulse_due_ = on && time_s_ >= next_pulse_s_ - 1e-9;
  if (pulse_due_) next_pulse_s_ += 1.0 / (acquire ? acquisition_.pulse_rate : fluoro_.pulse_rate);
  if (on && !acquire) dose_.add_fluoroscopy_time(dt_s);
  time_s_ += dt_s;
  return pulse_due_;
}

void FluoroConsole::expose(const std::vector<float>& primary, const ProjectionGeometry& g) {
  const PulseJob job = begin_pulse();
  if (job.valid) finish_pulse(job, develop(job, primary, g), g);
}

FluoroConsole::PulseJob FluoroConsole::begin_pulse() {
  PulseJob job;
  if (!pulse_due_) return job;
  pulse_due_ = false;
  job.valid = true;
  job.acquisition = acquiring_ && !runs_.empty();
  job.settings = job.acquisition ? acquisition_ : fluoro_;
  job.run = runs_.empty() ? 0 : runs_.size() - 1;
  // A run measures the patient on its first frame and keeps that exposure for the rest.
  job.settings.hold_exposure = job.acquisition && run_pulses_ > 0;
  if (job.acquisition) ++run_pulses_;
  return job;
}

ChainImage FluoroConsole::develop(const PulseJob& job, const std::vector<float>& primary, const ProjectionGeometry& g) {
  // The recursive filter starts afresh on a new view or a new mode.
  if (!same_view(g, last_view_) || job.settings.mode.name != last_mode_) chain_.reset_history();
  last_view_ = g;
  last_mode_ = job.settings.mode.name;
  return chain_.pulse(primary, g, job.settings);
}

void FluoroConsole::finish_pulse(const PulseJob& job, ChainImage image, const ProjectionGeometry& g) {
  dose_.add_pulse(image.exposure, job.settings.pulse_rate);
  if (roadmap_ && !same_view(g, roadmap_view_)) {  // any pulse from another view, a run's too
    roadmap_.reset();
    roadmap_note_ = RoadmapNote::ClearedByNewView;
  }
  width_ = g.width;
  height_ = g.height;
  if (job.acquisition && job.run < runs_.size()) {
    AcquisitionRun& run = runs_[job.run];
    run.width = g.width;
    run.height = g.height;
    if (run.log_frames.empty()) run.geometry = g;
    run.log_frames.push_back(image.log_image);
    // DSA shows each frame less the run's first (the mask: before the contrast arrives).
    if (run.mode == "dsa") {
      run.native_frames.push_back(image.gray);
      image.gray = subtracted_gray(image.log_image, run.log_frames.front(), kDsaWindow);
    }
    run.frames.push_back(image.gray);
  } else if (roadmap_) {
    image.gray = subtracted_gray(image.log_image, *roadmap_, kRoadmapWindow);
  }
  monitor_ = std::move(image.gray);
}

int FluoroConsole::most_opacified_frame(const AcquisitionRun& run) {
  int best = -1;
  double most = 0;
  for (size_t k = 1; k < run.log_frames.size(); ++k) {
    double sum = 0;
    for (size_t p = 0; p < run.log_frames[k].data.size(); ++p)
      sum += std::max(0.f, run.log_frames[k].data[p] - run.log_frames[0].data[p]);
    if (sum > most) {
      most = sum;
      best = int(k);
    }
  }
  return best;
}

int FluoroConsole::latest_dsa_run(const ProjectionGeometry* view) const {
  for (size_t r = runs_.size(); r-- > 0;)
    if (runs_[r].mode == "dsa" && runs_[r].log_frames.size() > 1 && (!view || same_view(runs_[r].geometry, *view)))
      return int(r);
  return -1;
}

bool FluoroConsole::start_roadmap(int run, int frame) {
  if (run < 0) run = latest_dsa_run(nullptr);
  if (run < 0 || size_t(run) >= runs_.size()) return false;
  const AcquisitionRun& r = runs_[size_t(run)];
  if (frame < 0) frame = most_opacified_frame(r);
  if (frame < 0 || size_t(frame) >= r.log_frames.size()) return false;
  roadmap_ = r.log_frames[size_t(frame)];
  roadmap_view_ = r.geometry;
  roadmap_note_ = RoadmapNote::None;
  return true;
}

bool FluoroConsole::start_roadmap_in_view(const ProjectionGeometry& view) {
  if (const int run = latest_dsa_run(&view); run >= 0) return start_roadmap(run);
  roadmap_.reset();
  roadmap_note_ = RoadmapNote::NoRunInThisView;
  return false;
}

}  // namespace angiosim
