#include "platform/gl_context.h"

#include <SDL.h>
#include <epoxy/gl.h>

#include <cstdlib>
#include <stdexcept>

namespace angiosim {

void request_gl33_core(bool reset_notification) {
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, SDL_GL_CONTEXT_FORWARD_COMPATIBLE_FLAG |
                                                (reset_notification ? SDL_GL_CONTEXT_ROBUST_ACCESS_FLAG : 0));
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_RESET_NOTIFICATION,
                      reset_notification ? SDL_GL_CONTEXT_RESET_LOSE_CONTEXT : SDL_GL_CONTEXT_RESET_NO_NOTIFICATION);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
}

void* create_window_gl_context(SDL_Window* window) {
  request_gl33_core(true);
  if (SDL_GLContext gl = SDL_GL_CreateContext(window)) return gl;
  request_gl33_core(false);
  return SDL_GL_CreateContext(window);
}

GlResetQuery gl_reset_query() {
  if (!SDL_GL_GetCurrentContext()) return GlResetQuery::None;
  if (epoxy_gl_version() >= 45) return GlResetQuery::Core;
  if (epoxy_has_gl_extension("GL_KHR_robustness")) return GlResetQuery::Khr;
  if (epoxy_has_gl_extension("GL_ARB_robustness")) return GlResetQuery::Arb;
  return GlResetQuery::None;
}

bool gl_context_was_reset(GlResetQuery query) {
  switch (query) {
    case GlResetQuery::Core: return glGetGraphicsResetStatus() != GL_NO_ERROR;
    case GlResetQuery::Khr: return glGetGraphicsResetStatusKHR() != GL_NO_ERROR;
    case GlResetQuery::Arb: return glGetGraphicsResetStatusARB() != GL_NO_ERROR;
    case GlResetQuery::None: break;
  }
  return false;
}

bool display_available() {
  const char* x11 = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  return (x11 && *x11) || (wayland && *wayland);
}

HeadlessGlContext::HeadlessGlContext() {
  // The offscreen driver needs no display server; it renders through EGL/llvmpipe or a GPU.
  SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
  if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
    throw std::runtime_error(std::string("SDL offscreen video: ") + SDL_GetError());
  request_gl33_core();
  window_ = SDL_CreateWindow("angiosim (headless)", 0, 0, 16, 16, SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN);
  if (!window_) {
    const std::string why = SDL_GetError();
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    throw std::runtime_error("SDL offscreen window: " + why);
  }
  context_ = SDL_GL_CreateContext(window_);
  if (!context_) {
    const std::string why = SDL_GetError();
    SDL_DestroyWindow(window_);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    throw std::runtime_error("OpenGL 3.3 core context: " + why);
  }
  SDL_GL_MakeCurrent(window_, context_);
}

HeadlessGlContext::~HeadlessGlContext() {
  SDL_GL_DeleteContext(context_);
  SDL_DestroyWindow(window_);
  SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

void HeadlessGlContext::make_current() { SDL_GL_MakeCurrent(window_, context_); }

std::string HeadlessGlContext::renderer_name() const {
  return std::string(reinterpret_cast<const char*>(glGetString(GL_RENDERER))) + ", OpenGL " +
         reinterpret_cast<const char*>(glGetString(GL_VERSION));
}

}  // namespace angiosim
