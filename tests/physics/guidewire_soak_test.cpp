// Ten simulated minutes of random hands on the workhorse wire in the default anatomy: pushes,
// pulls and turns at up to 100 mm/s and 500°/s, changed every quarter second, the inserted length
// kept between 50 and 250 mm. After every step the wire must be finite, within 0.05 mm of the
// lumen, within 0.1 % of its length, and must hold no more elastic energy than the hands have put
// in (the work of the hub's push and torque: friction only takes energy away). Its own ctest
// entry ("soak"), so it runs beside the other tests; a sanitizer build runs one minute.
#include <doctest/doctest.h>

#include <glm/geometric.hpp>

#include <cmath>

#include "core/devices/device_catalog.h"
#include "core/anatomy/anatomy_loader.h"
#include "core/anatomy/lumen_query.h"
#include "core/physics/guidewire.h"
#include "core/util/data_paths.h"
#include "core/util/rng.h"

using namespace angiosim;

#ifndef ANGIOSIM_SOAK_SECONDS
#define ANGIOSIM_SOAK_SECONDS 600
#endif

TEST_CASE("soak: random hands for ten minutes keep the wire finite, in the lumen, length-true and energy-bounded") {
  const VesselTree tree(load_anatomy_file(data_path("models/anatomy/aortoiliac_default.json")));
  const LumenQuery lumen(tree);
  const DeviceCatalog devices = load_device_catalog(data_path("models/devices.json"));
  // 2.5 mm spacing (~100 nodes): ten minutes in about a minute and a half of one core.
  Guidewire wire(*devices.find_guidewire("hydrophilic_angled_035"),
                 retrograde_access(tree, tree.find_vessel("left_common_femoral"), 25), 10, 2.5);
  constexpr double kDt = 1.0 / 240;
  const int steps = int(ANGIOSIM_SOAK_SECONDS / kDt);
  Rng rng(7);
  HubControls hands;
  bool finite = true;
  double worst_penetration = 0, worst_length_error = 0, most_energy = 0, least_margin = 1e30;
  double work_N_mm = 0;  // by the hands at the hub, since the start
  const double energy0 = rod_elastic_energy(wire.rod(), wire.clamp());
  for (int k = 0; k < steps; ++k) {
    if (k % 60 == 0) hands = {rng.uniform() * 200 - 100, rng.uniform() * 1000 - 500};
    if (wire.inserted_length_mm() > 250) hands.advance_mm_s = -std::abs(hands.advance_mm_s);
    if (wire.inserted_length_mm() < 50) hands.advance_mm_s = std::abs(hands.advance_mm_s);
    const double force0 = wire.hand_force_N(), torque0 = wire.hub_torque_N_mm();
    const double inserted0 = wire.inserted_length_mm(), angle0 = wire.clamp().hub_angle_rad;
    wire.step(kDt, hands, lumen);
    // Work over the step, trapezoidal in the hub's travel and turn.
    work_N_mm += 0.5 * (force0 + wire.hand_force_N()) * (wire.inserted_length_mm() - inserted0) +
                 0.5 * (torque0 + wire.hub_torque_N_mm()) * (wire.clamp().hub_angle_rad - angle0);
    const Rod& rod = wire.rod();
    for (const glm::dvec3& x : rod.x) finite = finite && std::isfinite(x.x + x.y + x.z);
    for (size_t i = 0; i + 1 < rod.node_count(); ++i)
      worst_penetration = std::max(worst_penetration, lumen.wall_distance(rod.x[i]).signed_mm + rod.radius_mm);
    worst_length_error = std::max(worst_length_error, std::abs(rod.length_mm() / rod.rest_length_mm() - 1));
    const double energy = rod_elastic_energy(rod, wire.clamp());
    most_energy = std::max(most_energy, energy);
    least_margin = std::min(least_margin, energy0 + work_N_mm - energy);
    if (!finite) break;
  }
  CAPTURE(most_energy);
  CAPTURE(work_N_mm);
  CHECK(finite);
  CHECK(worst_penetration <= 0.05);
  CHECK(worst_length_error <= 1e-3);
  // Stored energy never exceeds the work put in (slack of 0.1 N·mm for the trapezoidal work sum
  // and steps that end short of equilibrium; the most stored is ~100 N·mm).
  CHECK(least_margin > -0.1);
  MESSAGE("soak: " << ANGIOSIM_SOAK_SECONDS << " s, most elastic energy " << most_energy << " N·mm, hand work "
                   << work_N_mm << " N·mm, least margin " << least_margin << " N·mm, deepest "
                   << worst_penetration << " mm, length error " << worst_length_error);
}
