#pragma once
// The app's window: SDL video, a resizable 1280 × 860 window with an OpenGL 3.3 core context,
// and Dear ImGui on its SDL2 and OpenGL3 backends, set up on construction and torn down on
// destruction (GL objects made in between must be gone first). Each frame is begin_frame(),
// the panels, end_frame().
#include <SDL.h>

#include "app/app_options.h"

namespace angiosim {

class AppWindow {
 public:
  AppWindow();  // throws std::runtime_error naming what SDL or GL refused
  ~AppWindow();
  AppWindow(const AppWindow&) = delete;
  AppWindow& operator=(const AppWindow&) = delete;

  void begin_frame();  // a new ImGui frame
  // Draws the ImGui frame over a cleared back buffer and swaps. With --frames, after the last one
  // it saves --screenshot (if given) and returns false: the app should quit.
  bool end_frame(const AppOptions& options);
  // Frames drawn so far.
  int frames() const { return frames_; }

 private:
  SDL_Window* window_ = nullptr;
  SDL_GLContext gl_ = nullptr;
  int frames_ = 0;
};

}  // namespace angiosim
