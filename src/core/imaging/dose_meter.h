#pragma once
// The dose display of the console: fluoroscopy time, cumulative reference air kerma (mGy) at the
// interventional reference point, kerma-area product (Gy·cm²) and the live air-kerma rate
// (mGy/min), accrued pulse by pulse from what the imaging chain delivered.
#include "core/imaging/fluoro_chain.h"

namespace angiosim {

class DoseMeter {
 public:
  // A pulse delivered while imaging at `pulse_rate`.
  void add_pulse(const PulseExposure& exposure, double pulse_rate);
  // Time with the fluoroscopy pedal pressed (what the console's fluoro timer counts; acquisitions
  // are not fluoroscopy time).
  void add_fluoroscopy_time(double dt_s) { fluoro_time_s_ += dt_s; }
  // The beam went off (pedal released): the live rate falls to zero.
  void beam_off() { rate_mGy_min_ = 0; }

  double fluoro_time_s() const { return fluoro_time_s_; }
  double reference_air_kerma_mGy() const { return air_kerma_mGy_; }
  double kerma_area_product_Gy_cm2() const { return kap_Gy_cm2_; }
  double air_kerma_rate_mGy_min() const { return rate_mGy_min_; }
  long pulses() const { return pulses_; }

 private:
  double fluoro_time_s_ = 0, air_kerma_mGy_ = 0, kap_Gy_cm2_ = 0, rate_mGy_min_ = 0;
  long pulses_ = 0;
};

}  // namespace angiosim
