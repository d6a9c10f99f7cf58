#include "app/app_window.h"

#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <epoxy/gl.h>
#include <imgui.h>

#include <stdexcept>
#include <string>

#include "app/window_panels.h"
#include "platform/gl_context.h"

namespace angiosim {

AppWindow::AppWindow() {
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) throw std::runtime_error(std::string("SDL: ") + SDL_GetError());
  request_gl33_core();
  window_ = SDL_CreateWindow("angiosim", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 860,
                             SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (!window_) {
    const std::string why = SDL_GetError();
    SDL_Quit();
    throw std::runtime_error("SDL window: " + why);
  }
  gl_ = SDL_GL_CreateContext(window_);
  if (!gl_) {
    const std::string why = SDL_GetError();
    SDL_DestroyWindow(window_);
    SDL_Quit();
    throw std::runtime_error("OpenGL 3.3 core context: " + why);
  }
  SDL_GL_MakeCurrent(window_, gl_);
  SDL_GL_SetSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // layout persistence comes with the cath-lab layout
  ImGui::StyleColorsDark();
  ImGui_ImplSDL2_InitForOpenGL(window_, gl_);
  ImGui_ImplOpenGL3_Init("#version 330 core");
}

AppWindow::~AppWindow() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl_);
  SDL_DestroyWindow(window_);
  SDL_Quit();
}

void AppWindow::begin_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
}

bool AppWindow::end_frame(const AppOptions& options) {
  ImGui::Render();
  int w = 0, h = 0;
  SDL_GL_GetDrawableSize(window_, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(0.08f, 0.09f, 0.10f, 1.f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  ++frames_;
  const bool last = options.frames && frames_ >= *options.frames;
  if (last && !options.screenshot_path.empty()) save_screenshot(options.screenshot_path, w, h);
  SDL_GL_SwapWindow(window_);
  return !last;
}

}  // namespace angiosim
