#pragma once
// FNV-1a 64-bit hash over the bytes of plain values: the fingerprint of a simulation state used by
// determinism and replay checks. Doubles are hashed by bit pattern: equal means bit-identical.
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

namespace angiosim {

class StateHash {
 public:
  template <typename T>
  void add(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    unsigned char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    for (unsigned char b : bytes) {
      hash_ ^= b;
      hash_ *= 0x100000001B3ull;
    }
  }
  void add_string(std::string_view s) {
    for (char c : s) add(c);
  }
  uint64_t value() const { return hash_; }

 private:
  uint64_t hash_ = 0xCBF29CE484222325ull;
};

}  // namespace angiosim
