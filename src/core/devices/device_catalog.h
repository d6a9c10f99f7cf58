#pragma once
// The device catalogue (models/devices.json, docs/devices.md): the guidewires, balloon catheters
// and stent systems a scenario's shelf draws from.
#include <string>
#include <vector>

#include "core/devices/balloon_spec.h"
#include "core/devices/guidewire_spec.h"
#include "core/devices/stent_spec.h"

namespace angiosim {

struct DeviceCatalog {
  std::string source_file;
  std::vector<GuidewireSpec> guidewires;
  std::vector<BalloonSpec> balloons;  // every size of every family
  std::vector<StentSpec> stents;      // every size of every family
  const GuidewireSpec* find_guidewire(const std::string& id) const;
  const BalloonSpec* find_balloon(const std::string& id) const;
  const StentSpec* find_stent(const std::string& id) const;
};

// Throws InputError "file: /json/path: what" on bad input.
DeviceCatalog load_device_catalog(const std::string& path);
DeviceCatalog parse_device_catalog(const std::string& json_text, const std::string& name);

}  // namespace angiosim
