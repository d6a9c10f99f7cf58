#include "render/gl_program.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "render/embedded_shaders.h"

namespace angiosim::render {
namespace {

// The driver's info log of a shader or program (GL keeps them behind parallel getters).
std::string info_log(GLuint object, void (*get_iv)(GLuint, GLenum, GLint*),
                     void (*get_log)(GLuint, GLsizei, GLsizei*, GLchar*)) {
  GLint length = 0;
  get_iv(object, GL_INFO_LOG_LENGTH, &length);
  std::vector<char> log(std::max(1, length));
  get_log(object, length, nullptr, log.data());
  return log.data();
}

GLuint compile(GLenum type, const std::string& file, const std::string& defines) {
  const auto source = embedded_shader(file);
  if (!source) throw std::runtime_error("shaders/" + file + ": not embedded in this build");
  const GLuint shader = glCreateShader(type);
  // The #version line must come first: the defines go right after it.
  const size_t newline = source->find('\n');
  const size_t first_line = newline == std::string_view::npos ? source->size() : newline + 1;
  const char* parts[] = {source->data(), defines.data(), source->data() + first_line};
  const GLint lengths[] = {static_cast<GLint>(first_line), static_cast<GLint>(defines.size()),
                           static_cast<GLint>(source->size() - first_line)};
  glShaderSource(shader, 3, parts, lengths);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    const std::string log = info_log(shader, glGetShaderiv, glGetShaderInfoLog);
    glDeleteShader(shader);
    throw std::runtime_error("shaders/" + file + ": compile failed: " + log);
  }
  return shader;
}

}  // namespace

GlProgram::GlProgram(const std::string& vertex_file, const std::string& fragment_file, const std::string& defines) {
  const GLuint vs = compile(GL_VERTEX_SHADER, vertex_file, defines);
  GLuint fs = 0;
  try {
    fs = compile(GL_FRAGMENT_SHADER, fragment_file, defines);
  } catch (...) {
    glDeleteShader(vs);
    throw;
  }
  id_ = glCreateProgram();
  glAttachShader(id_, vs);
  glAttachShader(id_, fs);
  glLinkProgram(id_);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = GL_FALSE;
  glGetProgramiv(id_, GL_LINK_STATUS, &ok);
  if (!ok) {
    const std::string log = info_log(id_, glGetProgramiv, glGetProgramInfoLog);
    glDeleteProgram(id_);
    throw std::runtime_error("shaders/" + vertex_file + " + " + fragment_file + ": link failed: " + log);
  }
}

GlProgram::~GlProgram() { glDeleteProgram(id_); }

}  // namespace angiosim::render
