#pragma once
// OpenGL contexts from SDL2: a hidden one for headless rendering (tests, benchmarks, the app's
// --headless mode) through SDL's offscreen video driver (Mesa llvmpipe, no X server), and the
// attributes shared with the app's window. angiosim's renderer asks only for OpenGL 3.3 core.
#include <memory>
#include <string>

struct SDL_Window;

namespace angiosim {

// Sets the GL attributes angiosim needs (3.3 core, forward compatible) before a window is made.
void request_gl33_core();

// True if a display server can be reached (X11 or Wayland); otherwise the app runs headless.
bool display_available();

class HeadlessGlContext {
 public:
  // Creates a hidden window and GL context. Throws std::runtime_error with SDL's reason on failure.
  HeadlessGlContext();
  ~HeadlessGlContext();
  HeadlessGlContext(const HeadlessGlContext&) = delete;
  HeadlessGlContext& operator=(const HeadlessGlContext&) = delete;

  void make_current();                // after another context was used on this thread
  std::string renderer_name() const;  // GL_RENDERER and GL_VERSION

 private:
  SDL_Window* window_ = nullptr;
  void* context_ = nullptr;
};

}  // namespace angiosim
