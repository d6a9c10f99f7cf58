#pragma once
// A catalogue family (balloons, stents) lists its sizes as diameters × lengths; each size becomes
// a device of its own, named "<family>_<diameter>x<length>" (e.g. "semi_compliant_8x40").
#include <cstdio>
#include <string>
#include <vector>

#include "core/util/json_reader.h"

namespace angiosim {

inline std::string size_id(const std::string& family, double diameter_mm, double length_mm) {
  char id[128];
  std::snprintf(id, sizeof id, "%s_%gx%g", family.c_str(), diameter_mm, length_mm);
  return id;
}

// Calls make(diameter field, length field) for every pair of the two lists and collects the sizes;
// fails on the diameters' field when there are none.
template <typename Spec, typename Make>
std::vector<Spec> expand_sizes(const JsonReader& j, const char* diameters, const char* lengths, Make&& make) {
  std::vector<Spec> sizes;
  for (const JsonReader& d : j.at(diameters).elements())
    for (const JsonReader& l : j.at(lengths).elements()) sizes.push_back(make(d, l));
  if (sizes.empty()) j.at(diameters).fail("a family needs at least one size");
  return sizes;
}

}  // namespace angiosim
