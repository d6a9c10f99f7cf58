#include "core/imaging/dose_meter.h"

namespace angiosim {

void DoseMeter::add_pulse(const PulseExposure& e, double pulse_rate, bool fluoroscopy) {
  air_kerma_mGy_ += e.reference_air_kerma_mGy;
  kap_Gy_cm2_ += e.kerma_area_product_Gy_cm2;
  rate_mGy_min_ = e.reference_air_kerma_mGy * pulse_rate * 60.0;
  if (fluoroscopy && pulse_rate > 0) fluoro_time_s_ += 1.0 / pulse_rate;
  ++pulses_;
}

}  // namespace angiosim
