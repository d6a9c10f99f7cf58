// The animated PNG of a run: the chunks the APNG specification asks for, in order, with valid
// CRCs and sequence numbers; the first frame is the image any PNG reader shows, and every frame's
// data decodes (as a PNG of its own) to the pixels given.
#include <doctest/doctest.h>

#include <stb/stb_image.h>

#include <string>
#include <vector>

#include "core/imaging/apng_writer.h"

using namespace angiosim;

namespace {

uint32_t be32(const std::string& s, size_t at) {
  return uint32_t(uint8_t(s[at])) << 24 | uint32_t(uint8_t(s[at + 1])) << 16 | uint32_t(uint8_t(s[at + 2])) << 8 |
         uint32_t(uint8_t(s[at + 3]));
}

// Bit by bit (the writer uses a table): CRC-32, polynomial 0xEDB88320 reflected.
uint32_t crc_bitwise(const std::string& s) {
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : s) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

struct Chunk {
  std::string type, data;
};

std::string make_chunk(const std::string& type, const std::string& data) {
  std::string out;
  for (int s = 24; s >= 0; s -= 8) out.push_back(char((data.size() >> s) & 0xFF));
  out += type + data;
  const uint32_t crc = crc_bitwise(type + data);
  for (int s = 24; s >= 0; s -= 8) out.push_back(char((crc >> s) & 0xFF));
  return out;
}

std::vector<uint8_t> decode_gray(const std::string& png, int w, int h) {
  int x = 0, y = 0, n = 0;
  unsigned char* px = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()), int(png.size()), &x, &y, &n, 1);
  REQUIRE(px);
  REQUIRE(x == w);
  REQUIRE(y == h);
  std::vector<uint8_t> out(px, px + size_t(w) * size_t(h));
  stbi_image_free(px);
  return out;
}

}  // namespace

TEST_CASE("APNG: chunks, CRCs and sequence in order; every frame decodes to its pixels") {
  const int w = 5, h = 3;
  std::vector<std::vector<uint8_t>> frames;
  for (int k = 0; k < 3; ++k) {
    std::vector<uint8_t> f(size_t(w * h));
    for (size_t i = 0; i < f.size(); ++i) f[i] = uint8_t(17 * i + 80 * k);
    frames.push_back(f);
  }
  const std::string bytes = encode_apng(w, h, 1, frames, 7.5);
  REQUIRE(bytes.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  std::vector<Chunk> chunks;
  for (size_t at = 8; at < bytes.size();) {
    const uint32_t length = be32(bytes, at);
    REQUIRE(at + 12 + length <= bytes.size());
    Chunk c{bytes.substr(at + 4, 4), bytes.substr(at + 8, length)};
    CHECK_MESSAGE(be32(bytes, at + 8 + length) == crc_bitwise(c.type + c.data), c.type);
    chunks.push_back(c);
    at += 12 + length;
  }
  REQUIRE(chunks.size() >= 8);
  CHECK(chunks[0].type == "IHDR");
  CHECK(chunks[1].type == "acTL");
  CHECK(be32(chunks[1].data, 0) == 3);  // frames
  CHECK(be32(chunks[1].data, 4) == 0);  // loops forever
  CHECK(chunks.back().type == "IEND");
  // fcTL before each frame's data; sequence numbers shared by fcTL and fdAT, from 0 without gaps.
  uint32_t sequence = 0;
  int frame = -1;
  std::vector<std::string> data(3);
  for (const Chunk& c : chunks) {
    if (c.type == "fcTL") {
      CHECK(be32(c.data, 0) == sequence++);
      CHECK(be32(c.data, 4) == uint32_t(w));
      CHECK(be32(c.data, 8) == uint32_t(h));
      CHECK((uint8_t(c.data[20]) << 8 | uint8_t(c.data[21])) == 133);   // 1/7.5 s in ms
      CHECK((uint8_t(c.data[22]) << 8 | uint8_t(c.data[23])) == 1000);
      ++frame;
    } else if (c.type == "IDAT") {
      CHECK(frame == 0);
      data[0] += c.data;
    } else if (c.type == "fdAT") {
      CHECK(be32(c.data, 0) == sequence++);
      REQUIRE(frame > 0);
      data[size_t(frame)] += c.data.substr(4);
    }
  }
  CHECK(frame == 2);
  // The default image (what a plain PNG reader shows) is the first frame.
  CHECK(decode_gray(bytes, w, h) == frames[0]);
  // Each frame's data, as the image data of a PNG of its own.
  for (size_t k = 0; k < 3; ++k) {
    const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + make_chunk("IHDR", chunks[0].data) + make_chunk("IDAT", data[k]) +
                            make_chunk("IEND", "");
    CHECK(decode_gray(png, w, h) == frames[k]);
  }
  CHECK_THROWS(encode_apng(w, h, 1, {}, 7.5));
  CHECK_THROWS(encode_apng(w, h, 1, frames, 0));
  CHECK_THROWS(encode_apng(w + 1, h, 1, frames, 7.5));
}
