#pragma once
// A guidewire boring through total occlusions. Over a total occlusion's central part the lumen
// is closed; the wire's tip meets the cap where the lumen becomes narrower than the wire. While the
// tip presses on the cap with at least the cap's resistance (LesionSpec::cap_resistance_gf), the
// plaque gives way ahead of it at a rate that grows with the overload, opening a channel a little
// wider than the wire along the vessel, and the pushed wire follows into it. A tip that cannot press that hard stays
// at the cap: a floppy tip buckles and the body prolapses, as in practice, while a CTO wire with a
// high tip load bores on. The channel follows the vessel's lumen centre: the true-lumen crossing
// (a subintimal course is not modelled).
#include <vector>

#include "core/anatomy/lumen_query.h"
#include "core/anatomy/vessel_tree.h"
#include "core/physics/guidewire.h"

namespace angiosim {

struct OcclusionEvent {
  enum class Kind { CapPenetrated, Crossed };
  Kind kind = Kind::CapPenetrated;
  double time_s = 0;
  int lesion = -1;
};

class OcclusionCrossing {
 public:
  // The channel's radius exceeds the wire's by this: room for a shaped tip to follow it.
  static constexpr double kChannelClearance_mm = 1.0;
  // The tip presses on plaque when it is within this of the bore front.
  static constexpr double kFrontReach_mm = 1.5;
  static constexpr double kBoreSpeed_mm_s = 10;     // per resistance's worth of overload
  static constexpr double kMaxBoreSpeed_mm_s = 40;

  explicit OcclusionCrossing(const VesselTree& tree);

  // After a wire step: opens or extends channels in `tree` where the tip bores. Returns true if
  // the lumen changed (the caller then rebuilds its LumenQuery and the wire's wall cache).
  bool update(double time_s, double dt_s, const Guidewire& wire, const LumenQuery& lumen, VesselTree& tree);

  bool crossed(int lesion) const;
  // How far into the closed part the channel reaches, 0 (untouched) … 1 (crossed).
  double progress(int lesion) const;
  const std::vector<OcclusionEvent>& events() const { return events_; }

 private:
  struct Occlusion {
    int lesion = -1;
    int vessel = -1;
    double resistance_N = 0;
    double closed_min_mm = 0, closed_max_mm = 0;  // where the lumen is narrower than the wire
    double closed_for_radius_mm = -1;             // the channel radius that range was found for
    bool bored = false, crossed = false;
    double channel_from_mm = 0, channel_to_mm = 0;  // entry on the approach side → bored end
    double yielded_mm = 0;  // how far the plaque has given way from the cap
    double sense = 1;  // +1 boring toward increasing arclength, −1 against
  };
  std::vector<Occlusion> occlusions_;
  std::vector<OcclusionEvent> events_;
};

}  // namespace angiosim
