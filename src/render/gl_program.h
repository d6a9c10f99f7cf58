#pragma once
// Compiles and links a GLSL program from embedded shader files. A compile or link failure throws
// std::runtime_error naming the shader file and carrying the driver's log.
#include <epoxy/gl.h>

#include <string>

namespace angiosim::render {

class GlProgram {
 public:
  GlProgram(const std::string& vertex_file, const std::string& fragment_file);
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
