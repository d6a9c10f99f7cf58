#include "app/replay_timeline.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "core/sim/simulation.h"

namespace angiosim {

ReplayTimeline::ReplayTimeline(SessionRecording recording, std::string path)
    : recording_(std::move(recording)), path_(std::move(path)) {
  end_tick_ = recording_.end_tick ? *recording_.end_tick
                                  : (recording_.inputs.empty() ? 0 : recording_.inputs.back().first + 1);
}

std::optional<uint64_t> ReplayTimeline::step_tick(int step) const {
  for (const auto& [tick, k] : recording_.steps)
    if (k == step) return tick;
  return std::nullopt;
}

SessionInput ReplayTimeline::input_at(uint64_t tick) {
  while (next_ < recording_.inputs.size() && recording_.inputs[next_].first < tick) ++next_;
  if (next_ < recording_.inputs.size() && recording_.inputs[next_].first == tick) return recording_.inputs[next_++].second;
  return {};
}

void ReplayTimeline::draw(uint64_t now_tick, const ProcedureSpec& procedure) {
  const double dt = Simulation::kStep_s;
  ImGui::TextWrapped("Replay of %s", path_.c_str());
  if (ImGui::Button(paused ? "Play" : "Pause")) paused = !paused;
  ImGui::SameLine();
  if (ImGui::Button("Step 0.5 s")) {
    paused = true;
    seek_to = std::min(end_tick_, std::max(now_tick, seek_to.value_or(now_tick)) + uint64_t(0.5 / dt));
  }
  ImGui::SameLine();
  if (ImGui::Button("Restart")) seek_to = 0;
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderFloat("##speed", &speed, float(kMinSpeed), float(kMaxSpeed), "speed %.2fx", ImGuiSliderFlags_Logarithmic);
  // The time slider; dragging seeks when it is let go (each seek back replays from the opening).
  float now_s = float(double(seek_to.value_or(now_tick)) * dt);
  const float end_s = float(double(end_tick_) * dt);
  float shown = dragged_s_ >= 0 ? dragged_s_ : now_s;
  ImGui::SetNextItemWidth(-1);
  char format[64];
  std::snprintf(format, sizeof format, "%%.0f s of %.0f s", end_s);
  if (ImGui::SliderFloat("##time", &shown, 0, end_s, format)) dragged_s_ = shown;
  const ImVec2 bar_min = ImGui::GetItemRectMin(), bar_max = ImGui::GetItemRectMax();
  if (ImGui::IsItemDeactivatedAfterEdit() && dragged_s_ >= 0) {
    seek_to = uint64_t(double(dragged_s_) / dt);
    dragged_s_ = -1;
  }
  // Each step's start marked on the bar.
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (const auto& [tick, step] : recording_.steps) {
    if (end_tick_ == 0 || step >= int(procedure.steps.size())) continue;
    const float x = bar_min.x + (bar_max.x - bar_min.x) * float(double(tick) / double(end_tick_));
    draw->AddLine(ImVec2(x, bar_min.y), ImVec2(x, bar_max.y), IM_COL32(255, 210, 90, 255), 2);
  }
  if (seek_to) {
    const double from = double(std::min(now_tick, *seek_to)), to = double(*seek_to);
    ImGui::ProgressBar(to > from ? float(double(now_tick) / to) : 1.0f, ImVec2(-1, 0), "seeking...");
  }
  if (recording_.steps.empty()) ImGui::TextDisabled("(this recording has no step marks)");
}

}  // namespace angiosim
