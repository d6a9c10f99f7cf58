#pragma once
// An 8-bit gray image on the GPU for a monitor to show (the imaging chain's output, a replayed
// run). Rows are uploaded top row first; texture coordinates then run top-down.
#include <epoxy/gl.h>

#include <cstdint>
#include <vector>

namespace angiosim::render {

class GrayTexture {
 public:
  GrayTexture();
  ~GrayTexture();
  GrayTexture(const GrayTexture&) = delete;
  GrayTexture& operator=(const GrayTexture&) = delete;

  void upload(int width, int height, const std::vector<uint8_t>& gray);
  GLuint id() const { return texture_; }
  bool empty() const { return width_ == 0; }

 private:
  GLuint texture_ = 0;
  int width_ = 0, height_ = 0;
};

}  // namespace angiosim::render
