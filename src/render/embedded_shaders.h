#pragma once
// Shader sources from shaders/, embedded into the binary at build time (cmake/EmbedShaders.cmake).
#include <optional>
#include <string_view>

namespace angiosim::render {

std::optional<std::string_view> embedded_shader(std::string_view file_name);

}  // namespace angiosim::render
