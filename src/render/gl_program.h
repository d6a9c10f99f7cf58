#pragma once
// Compiles and links a GLSL program from embedded shader files. A compile or link failure throws
// std::runtime_error naming the shader file and carrying the driver's log. `defines` (e.g.
// "#define THIN_TUBES\n") is inserted after each shader's #version line: one file, two variants.
#include <epoxy/gl.h>

#include <string>

namespace angiosim::render {

class GlProgram {
 public:
  GlProgram(const std::string& vertex_file, const std::string& fragment_file, const std::string& defines = "");
  ~GlProgram();
  GlProgram(const GlProgram&) = delete;
  GlProgram& operator=(const GlProgram&) = delete;

  GLuint id() const { return id_; }
  GLint uniform(const char* name) const { return glGetUniformLocation(id_, name); }
  void use() const { glUseProgram(id_); }

 private:
  GLuint id_ = 0;
};

}  // namespace angiosim::render
