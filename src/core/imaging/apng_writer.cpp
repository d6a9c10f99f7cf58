#include "core/imaging/apng_writer.h"

#include <stb_image_write.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "core/util/atomic_file.h"

namespace angiosim {
namespace {

// CRC-32 of PNG chunks (ISO 3309, the PNG specification's annex D).
uint32_t crc32(const std::string& bytes) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void put32(std::string& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(char((v >> s) & 0xFF));
}
void put16(std::string& out, uint16_t v) {
  out.push_back(char(v >> 8));
  out.push_back(char(v & 0xFF));
}

uint32_t get32(const std::string& in, size_t at) {
  return uint32_t(uint8_t(in[at])) << 24 | uint32_t(uint8_t(in[at + 1])) << 16 | uint32_t(uint8_t(in[at + 2])) << 8 |
         uint32_t(uint8_t(in[at + 3]));
}

void chunk(std::string& out, const char* type, const std::string& data) {
  put32(out, uint32_t(data.size()));
  const std::string typed = std::string(type, 4) + data;
  out += typed;
  put32(out, crc32(typed));
}

struct Png {
  std::string ihdr;                // the header chunk's data
  std::vector<std::string> idat;   // the image data chunks' data, in order
};

Png encode_frame(int width, int height, int components, const std::vector<uint8_t>& pixels) {
  std::string bytes;
  auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), size_t(size));
  };
  if (!stbi_write_png_to_func(append, &bytes, width, height, components, pixels.data(), width * components))
    throw std::runtime_error("APNG: a frame's PNG encoding failed");
  Png png;
  for (size_t at = 8; at + 12 <= bytes.size();) {  // after the 8-byte signature: length, type, data, CRC
    const uint32_t length = get32(bytes, at);
    const std::string type = bytes.substr(at + 4, 4);
    const std::string data = bytes.substr(at + 8, length);
    if (type == "IHDR") png.ihdr = data;
    if (type == "IDAT") png.idat.push_back(data);
    at += 12 + length;
  }
  return png;
}

}  // namespace

std::string encode_apng(int width, int height, int components, const std::vector<std::vector<uint8_t>>& frames,
                        double fps) {
  if (frames.empty()) throw std::runtime_error("APNG: no frames");
  if (!(fps > 0) || !std::isfinite(fps)) throw std::runtime_error("APNG: the frame rate must be positive");
  for (const auto& f : frames)
    if (f.size() != size_t(width) * size_t(height) * size_t(components))
      throw std::runtime_error("APNG: a frame does not match the image size");
  std::string out = "\x89PNG\r\n\x1a\n";
  uint32_t sequence = 0;
  // The delay as a fraction num/den of a second (den 1000: millisecond steps).
  const uint16_t delay_num = uint16_t(std::clamp(std::lround(1000.0 / fps), 1L, 65535L)), delay_den = 1000;
  for (size_t k = 0; k < frames.size(); ++k) {
    const Png png = encode_frame(width, height, components, frames[k]);
    if (k == 0) {
      chunk(out, "IHDR", png.ihdr);
      std::string actl;
      put32(actl, uint32_t(frames.size()));
      put32(actl, 0);  // loop forever
      chunk(out, "acTL", actl);
    }
    std::string fctl;
    put32(fctl, sequence++);
    put32(fctl, uint32_t(width));
    put32(fctl, uint32_t(height));
    put32(fctl, 0);  // x offset
    put32(fctl, 0);  // y offset
    put16(fctl, delay_num);
    put16(fctl, delay_den);
    fctl.push_back(0);  // dispose: none (every frame covers the whole image)
    fctl.push_back(0);  // blend: source
    chunk(out, "fcTL", fctl);
    for (const std::string& data : png.idat) {
      if (k == 0) {
        chunk(out, "IDAT", data);  // the default image is the first frame
      } else {
        std::string fdat;
        put32(fdat, sequence++);
        chunk(out, "fdAT", fdat + data);
      }
    }
  }
  chunk(out, "IEND", "");
  return out;
}

void write_apng(const std::string& path, int width, int height, int components,
                const std::vector<std::vector<uint8_t>>& frames, double fps) {
  try {
    write_file_atomically(path, encode_apng(width, height, components, frames, fps));
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

}  // namespace angiosim
