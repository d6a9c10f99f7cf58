#include "core/devices/device_catalog.h"

#include <set>

namespace angiosim {
namespace {

DeviceCatalog read_catalog(const JsonReader& root) {
  root.expect_only({"note", "sources", "guidewires", "balloons", "stents"});
  DeviceCatalog c;
  c.source_file = root.file();
  std::set<std::string> ids;
  for (const JsonReader& w : root.at("guidewires").elements()) {
    GuidewireSpec spec = read_guidewire(w);
    if (!ids.insert(spec.id).second) w.at("id").fail("duplicate device id \"" + spec.id + "\"");
    c.guidewires.push_back(spec);
  }
  if (auto balloons = root.find("balloons"))
    for (const JsonReader& b : balloons->elements())
      for (BalloonSpec& size : read_balloon_family(b)) {
        if (!ids.insert(size.id).second) b.at("family").fail("duplicate device id \"" + size.id + "\"");
        c.balloons.push_back(std::move(size));
      }
  if (auto stents = root.find("stents"))
    for (const JsonReader& f : stents->elements())
      for (StentSpec& size : read_stent_family(f)) {
        if (!ids.insert(size.id).second) f.at("family").fail("duplicate device id \"" + size.id + "\"");
        c.stents.push_back(std::move(size));
      }
  return c;
}

}  // namespace

const GuidewireSpec* DeviceCatalog::find_guidewire(const std::string& id) const {
  for (const GuidewireSpec& w : guidewires)
    if (w.id == id) return &w;
  return nullptr;
}

const BalloonSpec* DeviceCatalog::find_balloon(const std::string& id) const {
  for (const BalloonSpec& b : balloons)
    if (b.id == id) return &b;
  return nullptr;
}

const StentSpec* DeviceCatalog::find_stent(const std::string& id) const {
  for (const StentSpec& s : stents)
    if (s.id == id) return &s;
  return nullptr;
}

DeviceCatalog load_device_catalog(const std::string& path) { return read_catalog(JsonReader::load_file(path)); }

DeviceCatalog parse_device_catalog(const std::string& json_text, const std::string& name) {
  return read_catalog(JsonReader::parse(json_text, name));
}

}  // namespace angiosim
