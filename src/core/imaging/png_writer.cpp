#include "core/imaging/png_writer.h"

#include <stb_image_write.h>

#include <stdexcept>

#include "core/util/atomic_file.h"

namespace angiosim {

void write_png(const std::string& path, int width, int height, int components,
               const std::vector<uint8_t>& pixels) {
  if (pixels.size() != size_t(width) * height * components)
    throw std::runtime_error(path + ": pixel buffer does not match the image size");
  std::string bytes;
  auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), size);
  };
  if (!stbi_write_png_to_func(append, &bytes, width, height, components, pixels.data(),
                              width * components))
    throw std::runtime_error(path + ": PNG encoding failed");
  write_file_atomically(path, bytes);
}

}  // namespace angiosim
