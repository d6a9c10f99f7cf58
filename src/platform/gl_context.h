#pragma once
// OpenGL contexts from SDL2: a hidden one for headless rendering (tests, benchmarks, the app's
// --headless mode) through SDL's offscreen video driver (Mesa llvmpipe, no X server), and the
// attributes shared with the app's window. angiosim's renderer asks only for OpenGL 3.3 core.
#include <memory>
#include <string>

struct SDL_Window;

namespace angiosim {

// Sets the GL attributes angiosim needs (3.3 core, forward compatible) before a window is made.
// With `reset_notification` the context is also asked to report a reset (a GPU hang recovered,
// a driver updated: ARB_robustness' lose-context-on-reset), so that the app can notice it lost
// its GL objects and make them again; drivers that cannot do that give a plain context instead.
void request_gl33_core(bool reset_notification = false);

// Creates a GL context for `window` with request_gl33_core's attributes: first one that reports
// resets, and if the driver refuses that, a plain one. Null (SDL_GetError says why) if neither.
void* create_window_gl_context(SDL_Window* window);

// How the current context can report a reset: glGetGraphicsResetStatus of GL 4.5, KHR_robustness
// or ARB_robustness, or not at all. Looked up once per context (an extension lookup scans the
// driver's list), then asked each frame.
enum class GlResetQuery { None, Core, Khr, Arb };
GlResetQuery gl_reset_query();
// True once the current context has been reset; always false with GlResetQuery::None.
bool gl_context_was_reset(GlResetQuery query);

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
