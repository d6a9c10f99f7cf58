#pragma once
// The operator's side of the imaging system, as in a cath lab: the fluoroscopy pedal (pulses at
// the chosen rate while pressed, the last image held after), the acquisition pedal (cine or DSA
// runs, recorded for replay on the reference monitor), DSA (log subtraction of the run's first
// frame), roadmap (live fluoroscopy minus the most opacified DSA frame), and the dose meter.
// It keeps time with the simulation (fixed steps), so pulses fall at the same simulated times
// whatever the frame rate. The projection itself (GPU or CPU) is the caller's: when advance()
// says a pulse is due, the caller projects the scene and hands the transmission to expose().
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/imaging/dose_meter.h"
#include "core/imaging/fluoro_chain.h"

namespace angiosim {

struct Pedals {
  bool fluoro = false;   // left pedal: live fluoroscopy
  bool acquire = false;  // right pedal: record a cine or DSA run
};

// A recorded acquisition.
struct AcquisitionRun {
  std::string mode;       // "cine" or "dsa"
  double pulse_rate = 0;
  std::vector<FloatImage> log_frames;        // as acquired (for subtraction)
  std::vector<std::vector<uint8_t>> frames;  // as shown: DSA subtracted, cine as acquired
  // DSA: each frame unsubtracted too ("native"), as the console shows it on request: the devices
  // and implants the subtraction removes (a stent's markers) stand out there.
  std::vector<std::vector<uint8_t>> native_frames;
  int width = 0, height = 0;
  double start_time_s = 0;
  // The view of its first frame: what its images are calibrated by (distances on the reference
  // monitor) and what a roadmap from it can be laid over.
  ProjectionGeometry geometry{};
};

class FluoroConsole {
 public:
  FluoroConsole(const CArmSpec& spec, uint64_t seed);

  // Controls (take effect at the next pulse).
  void set_fluoro_mode(const std::string& mode);        // fluoro_low / fluoro_normal / fluoro_high
  void set_acquisition_mode(const std::string& mode);   // cine / dsa
  void set_pulse_rate(double pps);                      // fluoroscopy; nearest of the machine's rates
  void set_acquisition_rate(double pps);
  PulseSettings& settings() { return fluoro_; }         // collimation, edge enhancement, window
  const std::string& fluoro_mode() const { return fluoro_.mode.name; }
  const std::string& acquisition_mode() const { return acquisition_.mode.name; }
  double pulse_rate() const { return fluoro_.pulse_rate; }
  double acquisition_rate() const { return acquisition_.pulse_rate; }

  // Advances the console's clock by dt with the pedals as they are; true when a pulse is due now
  // (the caller then projects and calls expose()). At most one pulse per call.
  bool advance(double dt_s, const Pedals& pedals);
  // The pulse that advance() announced: the detected-signal transmission for geometry g.
  void expose(const std::vector<float>& primary, const ProjectionGeometry& g);

  // expose() in three parts, so the imaging chain can run off the interface thread while the
  // simulation goes on: begin_pulse() takes the settings of the pulse advance() announced (not
  // valid if none is due), develop() runs the chain (one caller at a time; it touches nothing
  // else of the console), finish_pulse() files the image (dose, run, monitor). Pulses must be
  // finished in the order they began.
  struct PulseJob {
    bool valid = false;
    PulseSettings settings;
    bool acquisition = false;
    size_t run = 0;  // the run it belongs to, when acquiring
  };
  PulseJob begin_pulse();
  ChainImage develop(const PulseJob& job, const std::vector<float>& primary, const ProjectionGeometry& g);
  void finish_pulse(const PulseJob& job, ChainImage image, const ProjectionGeometry& g);

  bool beam_on() const { return beam_on_; }
  bool acquiring() const { return acquiring_; }
  // The live monitor: live fluoroscopy (or the run being acquired), and after the pedal is
  // released the last image held. Empty before the first pulse.
  const std::vector<uint8_t>& live_monitor() const { return monitor_; }
  int monitor_width() const { return width_; }
  int monitor_height() const { return height_; }
  const DoseMeter& dose() const { return dose_; }
  const std::vector<AcquisitionRun>& runs() const { return runs_; }

  // Roadmap from a DSA run's frame (its most opacified one by default): live fluoroscopy is then
  // shown subtracted, vessels white, devices dark. Returns false if there is no such frame.
  // The mask holds only for the run's view: the first pulse from another view (the C-arm turned,
  // the table moved, another field or SID) clears it, as a cath-lab system does, rather than
  // subtract two different projections.
  bool start_roadmap(int run = -1, int frame = -1);
  // What the operator's roadmap button does with the C-arm at `view`: the roadmap from the latest
  // DSA run made from that view. Without one it returns false and notes it (roadmap_note()).
  bool start_roadmap_in_view(const ProjectionGeometry& view);
  void stop_roadmap() { roadmap_.reset(); }
  bool roadmap() const { return roadmap_.has_value(); }
  // Why there is no roadmap, until the next one starts: the view changed under it, or none could
  // be made because no DSA run was made from this view.
  enum class RoadmapNote { None, ClearedByNewView, NoRunInThisView };
  RoadmapNote roadmap_note() const { return roadmap_note_; }
  // The frame of a run with the most contrast (largest mean subtracted signal).
  static int most_opacified_frame(const AcquisitionRun& run);

  // Windows for subtracted images (log units): iodine dark in DSA, vessels white in a roadmap.
  static constexpr DisplayWindow kDsaWindow{-0.4, 1.0};
  static constexpr DisplayWindow kRoadmapWindow{-0.9, 0.9};

 private:
  const CArmSpec& spec_;
  FluoroChain chain_;
  PulseSettings fluoro_, acquisition_;
  DoseMeter dose_;
  double time_s_ = 0, next_pulse_s_ = 0;
  bool beam_on_ = false, acquiring_ = false, pulse_due_ = false;
  std::vector<uint8_t> monitor_;
  int width_ = 0, height_ = 0;
  std::vector<AcquisitionRun> runs_;
  std::optional<FloatImage> roadmap_;
  // The latest DSA run with a frame to subtract (made from `view`, if given); -1 if none.
  int latest_dsa_run(const ProjectionGeometry* view) const;
  ProjectionGeometry roadmap_view_{};
  RoadmapNote roadmap_note_ = RoadmapNote::None;
  int run_pulses_ = 0;             // pulses begun in the current run
  ProjectionGeometry last_view_{};  // develop()'s: the view and mode its filter history is for
  std::string last_mode_;
};

// A subtracted image a − b shown through `window` (high values dark).
std::vector<uint8_t> subtracted_gray(const FloatImage& a, const FloatImage& b, const DisplayWindow& window);

}  // namespace angiosim
