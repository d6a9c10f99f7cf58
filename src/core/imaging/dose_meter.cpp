#include "core/imaging/dose_meter.h"

namespace angiosim {

void DoseMeter::add_pulse(const PulseExposure& e, double pulse_rate) {
  air_kerma_mGy_ += e.reference_air_kerma_mGy;
  kap_Gy_cm2_ += e.kerma_area_product_Gy_cm2;
  rate_mGy_min_ = e.reference_air_kerma_mGy * pulse_rate * 60.0;
  ++pulses_;
}

}  // namespace angiosim
