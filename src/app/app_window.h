#pragma once
// The app's window: SDL video, a resizable 1280 × 860 window (9/10 of a smaller display) with an OpenGL 3.3 core context,
// and Dear ImGui on its SDL2 and OpenGL3 backends, set up on construction and torn down on
// destruction (GL objects made in between must be gone first). Each frame is begin_frame(),
// the panels, end_frame(). It remembers the layout, the UI scale and the theme between runs
// (app_settings.h), and owns the keys every window shares:
//   F1  the controls (an overlay listing every key; shown on the first run)   F11  fullscreen
//   F2  the high-contrast lecture theme               F3   clean view (the monitors only)
//   F4  labels on the anatomy and devices: off, the 3D view, the 3D view and the fluoro image
//   F5  the 3D see-through view shown or hidden     F6  the panels laid out again for this window
//   F12 the whole window saved as a PNG in the output folder (window-001.png, -002, …)
//   Ctrl + = / Ctrl + -  larger / smaller UI (fonts and sizes), Ctrl + 0 back to 1×
#include <SDL.h>

#include <utility>
#include <vector>

#include <string>

#include "app/app_options.h"
#include "app/app_settings.h"
#include "app/panel_layout.h"
#include "platform/gl_context.h"

namespace angiosim {

class AppWindow {
 public:
  // Throws std::runtime_error naming what SDL or GL refused.
  // `arrangement`: the panels it opens with; their places from the last run in that arrangement.
  explicit AppWindow(const AppOptions& options = {}, Arrangement arrangement = Arrangement::Free);
  ~AppWindow();
  AppWindow(const AppWindow&) = delete;
  AppWindow& operator=(const AppWindow&) = delete;

  // The shared keys; true when the event was one of them (the window should not act on it too).
  bool handle_event(const SDL_Event& event);
  bool clean_view() const { return clean_view_; }
  bool help_shown() const { return help_; }
  Annotations annotations() const { return settings_.annotations; }
  bool* show_3d_view() { return &settings_.show_3d_view; }  // F5; the view's close button writes it
  float ui_scale() const { return settings_.ui_scale; }
  const AppSettings& settings() const { return settings_; }
  // What the help overlay lists besides the shared keys: "key", "what" pairs of this window.
  void set_controls(std::vector<std::pair<std::string, std::string>> controls) { controls_ = std::move(controls); }
  // The panels' arrangement now (Practice ↔ Demo): on a change the places of the one left are
  // remembered for it, and the panels are laid out for the new one.
  void set_arrangement(Arrangement arrangement);

  // The keys held now: the keyboard's, and the script's (--keys), by scancode.
  const Uint8* keys();

  void begin_frame();  // a new ImGui frame; the script's keys due at this frame are sent
  // Draws the ImGui frame over a cleared back buffer and swaps. With --frames, after the last one
  // it saves --screenshot (if given) and returns false: the app should quit.
  bool end_frame(const AppOptions& options);
  // Frames drawn so far (those not held back).
  int frames() const { return frames_; }
  // This frame is not counted toward --frames and the --keys script: one spent waiting (a replay
  // seeking to --at), so that a scripted screenshot or key lands where the script meant it to,
  // however slowly the machine seeks.
  void hold_frame_count() { hold_count_ = true; }
  // True when the GL context was reset since the last frame (a GPU reset, a driver update; or
  // --lose-context-at-frame's frame): every GL object made in it is gone. Then the window drops
  // its own GL objects and calls replace_context(), which makes a new context (and ImGui's
  // objects in it), and makes its objects again.
  bool context_lost();
  // Throws std::runtime_error if no new context can be made.
  void replace_context();
  int context_replacements() const { return context_replacements_; }
  // Wall time from each frame's end to the next one's (ms): what the user sees as the frame rate.
  const std::vector<float>& frame_ms() const { return frame_ms_; }
  // The simulation's time at this frame (s), written beside each frame's time (--frame-times), so
  // the speed the machine kept up with can be read back.
  void set_simulated_s(double t) { simulated_s_ = t; }

 private:
  void apply_style();
  void load_fonts();  // at the UI scale
  void draw_help();
  void draw_notice();  // the last screenshot's path (or why it failed), for a few seconds
  // Saves the frame just drawn (F12) as the next unused out_dir/window-NNN.png.
  void save_window_png(const std::string& out_dir, int width, int height);

  static constexpr Uint32 kSubsystems = SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_GAMECONTROLLER;
  SDL_Window* window_ = nullptr;
  SDL_GLContext gl_ = nullptr;
  SDL_Window* previous_window_ = nullptr;  // the GL context current before (restored at the end)
  SDL_GLContext previous_gl_ = nullptr;
  int frames_ = 0;
  int lose_context_at_frame_ = 0;  // --lose-context-at-frame (0: never)
  int context_replacements_ = 0;
  GlResetQuery reset_query_ = GlResetQuery::None;  // how this context reports a reset
  bool hold_count_ = false;
  int keys_sent_for_ = -1;  // the frame count whose scripted keys were sent (once each)
  std::vector<float> frame_ms_;
  std::vector<double> frame_simulated_s_;
  double simulated_s_ = 0;
  std::string frame_times_path_;  // --frame-times: written at the end
  bool have_last_frame_ = false;
  Uint64 last_frame_ = 0;
  AppSettings settings_;
  Arrangement arrangement_ = Arrangement::Free;
  std::string settings_path_;
  bool help_ = false, clean_view_ = false, fullscreen_ = false;
  bool screenshot_requested_ = false;  // F12: saved after this frame is drawn
  std::string notice_;                 // shown until notice_until_ (SDL ticks, ms)
  Uint32 notice_until_ = 0;
  bool backend_ready_ = false;
  int windowed_width_ = 0, windowed_height_ = 0;  // the size out of fullscreen (saved)
  int layout_width_ = 0, layout_height_ = 0;      // the size the panels were last laid out for  // the OpenGL backend holds a font texture to rebuild
  float font_scale_ = 0;        // the scale the fonts were built at
  std::vector<std::pair<std::string, std::string>> controls_;
  std::vector<ScriptedKey> script_;
  std::vector<Uint8> script_held_, keys_;
};

}  // namespace angiosim
