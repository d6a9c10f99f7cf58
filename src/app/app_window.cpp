#include "app/app_window.h"

#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <epoxy/gl.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "app/panel_layout.h"
#include "core/util/atomic_file.h"
#include "app/window_panels.h"
#include "platform/gl_context.h"

namespace angiosim {

AppWindow::AppWindow(const AppOptions& options, Arrangement arrangement) : arrangement_(arrangement) {
  script_ = options.key_script;
  frame_times_path_ = options.frame_times_path;
  lose_context_at_frame_ = options.lose_context_at_frame;
  // Subsystems, not SDL_Init/SDL_Quit: SDL counts them, so whatever else uses SDL in the process
  // (a headless GL context) keeps working after this window is gone; so does its GL context.
  previous_window_ = SDL_GL_GetCurrentWindow();
  previous_gl_ = SDL_GL_GetCurrentContext();
  if (SDL_InitSubSystem(kSubsystems) != 0) throw std::runtime_error(std::string("SDL: ") + SDL_GetError());
  request_gl33_core();  // before the window: its visual (double buffering) is chosen with it
  // The settings, read once: a missing file is the first run.
  settings_path_ = settings_path();
  const bool first_run = !std::filesystem::exists(settings_path_);
  std::string warning;
  settings_ = load_settings(settings_path_, &warning);
  if (!warning.empty()) std::fprintf(stderr, "angiosim: %s\n", warning.c_str());
  // The size it had last time, else 1280 × 860; at most nine tenths of the display.
  int width = settings_.window_width > 0 ? settings_.window_width : 1280;
  int height = settings_.window_height > 0 ? settings_.window_height : 860;
  SDL_Rect usable;
  if (SDL_GetDisplayUsableBounds(0, &usable) == 0 && usable.w > 0 && usable.h > 0) {
    width = std::min(width, usable.w * 9 / 10);
    height = std::min(height, usable.h * 9 / 10);
  }
  window_ = SDL_CreateWindow("angiosim", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height,
                             SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (!window_) {
    const std::string why = SDL_GetError();
    SDL_QuitSubSystem(kSubsystems);
    throw std::runtime_error("SDL window: " + why);
  }
  gl_ = create_window_gl_context(window_);
  if (!gl_) {
    const std::string why = SDL_GetError();
    SDL_DestroyWindow(window_);
    SDL_QuitSubSystem(kSubsystems);
    throw std::runtime_error("OpenGL 3.3 core context: " + why);
  }
  SDL_GL_MakeCurrent(window_, gl_);
  reset_query_ = gl_reset_query();
  SDL_GL_SetSwapInterval(1);
  SDL_GetWindowSize(window_, &windowed_width_, &windowed_height_);
  layout_width_ = windowed_width_;
  layout_height_ = windowed_height_;
  // Panels remembered for another window size are laid out again for this one.
  const bool same_size = windowed_width_ == settings_.window_width && windowed_height_ == settings_.window_height;
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  // The layout lives in settings.json with the rest (written atomically at the end), not in
  // ImGui's own imgui.ini.
  ImGui::GetIO().IniFilename = nullptr;
  help_ = first_run;  // the first run opens with the controls shown
  if (first_run) {  // fonts as large as the display's pixel density asks for (then Ctrl + = / -)
    float dpi = 0;
    if (SDL_GetDisplayDPI(std::max(0, SDL_GetWindowDisplayIndex(window_)), &dpi, nullptr, nullptr) != 0) dpi = 0;
    settings_.ui_scale = scale_for_display_dpi(dpi);
  }
  const std::string& layout = settings_.layouts[to_string(arrangement_)];
  if (!layout.empty()) ImGui::LoadIniSettingsFromMemory(layout.c_str(), layout.size());
  if (!layout.empty() && !same_size) request_relayout();
  apply_style();
  ImGui_ImplSDL2_InitForOpenGL(window_, gl_);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  backend_ready_ = true;
}

AppWindow::~AppWindow() {
  if (!frame_times_path_.empty()) {
    std::string csv = "frame,ms,simulated_s\n";
    for (size_t k = 0; k < frame_ms_.size(); ++k)
      csv += std::to_string(k + 1) + "," + std::to_string(frame_ms_[k]) + "," + std::to_string(frame_simulated_s_[k]) + "\n";
    try {
      write_file_atomically(frame_times_path_, csv);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "angiosim: frame times not written: %s\n", e.what());
    }
  }
  settings_.layouts[to_string(arrangement_)] = ImGui::SaveIniSettingsToMemory();
  settings_.window_width = windowed_width_;  // fullscreen or not, the size to open at next time
  settings_.window_height = windowed_height_;
  try {
    save_settings(settings_, settings_path_);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "angiosim: settings not saved: %s\n", e.what());
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl_);
  SDL_DestroyWindow(window_);
  if (previous_gl_) SDL_GL_MakeCurrent(previous_window_, previous_gl_);
  SDL_QuitSubSystem(kSubsystems);
}

bool AppWindow::context_lost() {
  if (lose_context_at_frame_ > 0 && frames_ + 1 == lose_context_at_frame_) {
    lose_context_at_frame_ = 0;  // once
    return true;
  }
  return gl_context_was_reset(reset_query_);
}

void AppWindow::replace_context() {
  // ImGui's GL objects go with the old context (deleting names in a lost context is allowed and
  // does nothing); its SDL side and the UI state (layout, fonts' atlas, settings) stay.
  ImGui_ImplOpenGL3_Shutdown();
  SDL_GL_DeleteContext(gl_);
  gl_ = create_window_gl_context(window_);
  if (!gl_) throw std::runtime_error(std::string("OpenGL context lost and not made again: ") + SDL_GetError());
  SDL_GL_MakeCurrent(window_, gl_);
  reset_query_ = gl_reset_query();
  SDL_GL_SetSwapInterval(1);
  ImGui_ImplOpenGL3_Init("#version 330 core");  // the font texture is made at the next frame
  ++context_replacements_;
  std::fprintf(stderr, "angiosim: the OpenGL context was lost; a new one was made (frame %d)\n", frames_ + 1);
}

namespace {

// A scalable font keeps large text crisp on a projector; ImGui's built-in bitmap font (13 px)
// is the fallback when none is installed.
const char* const kFontFiles[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                  "/usr/share/fonts/TTF/DejaVuSans.ttf",
                                  "/Library/Fonts/Arial Unicode.ttf"};
constexpr float kFontSize_px = 15.0f;

}  // namespace

void AppWindow::load_fonts() {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const float size = std::round(kFontSize_px * settings_.ui_scale);
  ImFont* font = nullptr;
  for (const char* file : kFontFiles)
    if (std::filesystem::exists(file) && (font = io.Fonts->AddFontFromFileTTF(file, size))) break;
  if (!font) {
    ImFontConfig config;
    config.SizePixels = std::round(13.0f * settings_.ui_scale);
    io.Fonts->AddFontDefault(&config);
  }
  io.Fonts->Build();
  io.FontGlobalScale = 1.0f;
  if (backend_ready_) {  // the atlas texture the renderer holds is rebuilt from the new fonts
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
}

void AppWindow::apply_style() {
  ImGuiStyle style;
  if (settings_.high_contrast) {
    // Lecture theme: black panels, white text, yellow accents — legible from the back row.
    ImGui::StyleColorsDark(&style);
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 1);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 1);
    c[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_TitleBg] = c[ImGuiCol_TitleBgActive] = ImVec4(0.25f, 0.25f, 0.0f, 1);
    c[ImGuiCol_Button] = ImVec4(0.35f, 0.35f, 0.0f, 1);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.6f, 0.6f, 0.0f, 1);
    c[ImGuiCol_FrameBg] = ImVec4(0.15f, 0.15f, 0.15f, 1);
    c[ImGuiCol_Border] = ImVec4(1, 1, 0, 1);
    c[ImGuiCol_PlotHistogram] = ImVec4(1, 0.85f, 0, 1);
    style.WindowBorderSize = 2;
  } else {
    ImGui::StyleColorsDark(&style);
  }
  style.ScaleAllSizes(settings_.ui_scale);
  ImGui::GetStyle() = style;
  if (settings_.ui_scale != font_scale_) {
    load_fonts();
    font_scale_ = settings_.ui_scale;
  }
}

bool AppWindow::handle_event(const SDL_Event& e) {
  if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
    // A new size: the panels are laid out for it (nothing is left outside a smaller window).
    if (e.window.data1 != layout_width_ || e.window.data2 != layout_height_) request_relayout();
    layout_width_ = e.window.data1;
    layout_height_ = e.window.data2;
    if (!fullscreen_) {
      windowed_width_ = e.window.data1;
      windowed_height_ = e.window.data2;
    }
    return false;
  }
  if (e.type != SDL_KEYDOWN || e.key.repeat) return false;
  const bool ctrl = (e.key.keysym.mod & KMOD_CTRL) != 0;
  const SDL_Keycode k = e.key.keysym.sym;
  auto scale = [&](float to) {
    settings_.ui_scale = std::clamp(to, AppSettings::kMinScale, AppSettings::kMaxScale);
    apply_style();
    request_relayout();  // wider columns for the larger text
    return true;
  };
  if (k == SDLK_F1) return help_ = !help_, true;
  if (k == SDLK_F2) {
    settings_.high_contrast = !settings_.high_contrast;
    apply_style();
    return true;
  }
  if (k == SDLK_F3) return clean_view_ = !clean_view_, true;
  if (k == SDLK_F12) return screenshot_requested_ = true, true;
  if (k == SDLK_F6) return request_relayout(), true;
  if (k == SDLK_F5) return settings_.show_3d_view = !settings_.show_3d_view, true;
  if (k == SDLK_F4) {
    settings_.annotations = settings_.annotations == Annotations::Off      ? Annotations::View3d
                            : settings_.annotations == Annotations::View3d ? Annotations::View3dAndFluoro
                                                                           : Annotations::Off;
    return true;
  }
  if (k == SDLK_F11) {
    fullscreen_ = !fullscreen_;
    SDL_SetWindowFullscreen(window_, fullscreen_ ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    request_relayout();
    return true;
  }
  if (ctrl && (k == SDLK_EQUALS || k == SDLK_PLUS || k == SDLK_KP_PLUS)) return scale(settings_.ui_scale * 1.25f);
  if (ctrl && (k == SDLK_MINUS || k == SDLK_KP_MINUS)) return scale(settings_.ui_scale / 1.25f);
  if (ctrl && k == SDLK_0) return scale(1.0f);
  return false;
}

void AppWindow::draw_help() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(0.92f);
  ImGui::Begin("Controls (F1 to close)", &help_, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse);
  if (ImGui::BeginTable("controls", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
    auto row = [](const std::string& key, const std::string& what) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextColored(ImVec4(1, 0.85f, 0.3f, 1), "%s", key.c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(what.c_str());
    };
    for (const auto& [key, what] : controls_) row(key, what);
    row("F1", "this list");
    row("F2", "high-contrast lecture theme");
    row("F3", "clean view: the monitors only");
    row("F4", "labels: off, on the 3D view, on the 3D view and the fluoro image");
    row("F5", "3D see-through view: show / hide");
    row("F6", "lay the panels out again for this window");
    row("F11", "fullscreen");
    row("F12", "save the whole window as a PNG (in the output folder)");
    row("Ctrl + = / - / 0", "larger / smaller / normal UI");
    row("Esc", "quit (the report and recording are written)");
    ImGui::EndTable();
  }
  ImGui::End();
}

const Uint8* AppWindow::keys() {
  int n = 0;
  const Uint8* sdl = SDL_GetKeyboardState(&n);
  keys_.assign(sdl, sdl + n);
  for (size_t k = 0; k < script_held_.size() && k < keys_.size(); ++k) keys_[k] |= script_held_[k];
  return keys_.data();
}

void AppWindow::set_arrangement(Arrangement arrangement) {
  if (arrangement == arrangement_) return;
  settings_.layouts[to_string(arrangement_)] = ImGui::SaveIniSettingsToMemory();
  arrangement_ = arrangement;
  request_relayout();
}

void AppWindow::begin_frame() {
  // The script's keys due now: held for keys(), and sent as events for what reacts to presses.
  const bool send_keys = keys_sent_for_ != frames_;
  keys_sent_for_ = frames_;
  for (const ScriptedKey& s : script_) {
    if (!send_keys || s.frame != frames_) continue;
    if (script_held_.size() < SDL_NUM_SCANCODES) script_held_.assign(SDL_NUM_SCANCODES, 0);
    script_held_[size_t(s.scancode)] = s.down ? 1 : 0;
    SDL_Event e{};
    e.type = s.down ? SDL_KEYDOWN : SDL_KEYUP;
    e.key.state = s.down ? SDL_PRESSED : SDL_RELEASED;
    e.key.keysym.scancode = SDL_Scancode(s.scancode);
    e.key.keysym.sym = SDL_GetKeyFromScancode(SDL_Scancode(s.scancode));
    SDL_PushEvent(&e);
  }
  begin_layout_frame();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
}

void AppWindow::draw_notice() {
  if (notice_.empty()) return;
  if (SDL_TICKS_PASSED(SDL_GetTicks(), notice_until_)) return notice_.clear();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y - 12), ImGuiCond_Always, ImVec2(0.5f, 1.0f));
  ImGui::SetNextWindowBgAlpha(0.85f);
  ImGui::Begin("##notice", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoInputs |
                                        ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoSavedSettings);
  ImGui::TextUnformatted(notice_.c_str());
  ImGui::End();
}

void AppWindow::save_window_png(const std::string& out_dir, int width, int height) {
  // The next free number, so that a lecture's screenshots never overwrite each other.
  try {
    ensure_directory(out_dir);
    std::string path;
    for (int k = 1; k < 100000; ++k) {
      char name[32];
      std::snprintf(name, sizeof name, "/window-%03d.png", k);
      if (!std::filesystem::exists(out_dir + name)) {
        path = out_dir + name;
        break;
      }
    }
    if (path.empty()) throw std::runtime_error(out_dir + ": no free window-NNN.png name");
    save_screenshot(path, width, height);
    notice_ = "Saved " + path;
  } catch (const std::exception& e) {
    notice_ = std::string("Screenshot not saved: ") + e.what();
  }
  notice_until_ = SDL_GetTicks() + 4000;
}

bool AppWindow::end_frame(const AppOptions& options) {
  if (help_) draw_help();
  draw_notice();
  ImGui::Render();
  int w = 0, h = 0;
  SDL_GL_GetDrawableSize(window_, &w, &h);
  if (!hold_count_) ++frames_;
  hold_count_ = false;
  const bool last = options.frames && frames_ >= *options.frames;
  if ((SDL_GetWindowFlags(window_) & SDL_WINDOW_MINIMIZED) || w <= 0 || h <= 0) {
    screenshot_requested_ = false;  // nothing drawn to save
    // Minimised: nothing to draw and no swap to wait on; the procedure goes on (its clock is the
    // wall's), at a frame's pace rather than spinning a core.
    SDL_Delay(16);
  } else {
    glViewport(0, 0, w, h);
    glClearColor(0.08f, 0.09f, 0.10f, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (last && !options.screenshot_path.empty()) save_screenshot(options.screenshot_path, w, h);
    if (screenshot_requested_) save_window_png(options.out_dir, w, h);
    screenshot_requested_ = false;
    SDL_GL_SwapWindow(window_);
  }
  const Uint64 now = SDL_GetPerformanceCounter();
  if (have_last_frame_) {
    frame_ms_.push_back(float(1000.0 * double(now - last_frame_) / double(SDL_GetPerformanceFrequency())));
    frame_simulated_s_.push_back(simulated_s_);
  }
  last_frame_ = now;
  have_last_frame_ = true;
  return !last;
}

}  // namespace angiosim
