// The window's frame rate while the procedure runs: the procedure window (on a virtual X server,
// Mesa's software GL here) drawn frame after frame while the demo's simulation, X-ray pulses and
// imaging chain run, in Demo at 1x and 4x and in Practice. Each frame's wall time is what the
// window reports (--frame-times); the first frames, which bring the scene to the step, are left out.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/app_options.h"
#include "app/procedure_window.h"
#include "bench_table.h"
#include "core/util/data_paths.h"

namespace angiosim::bench {

namespace {

// Each frame's wall time (ms) and the simulation's time at it (s).
struct FrameTimes {
  std::vector<double> ms, simulated_s;
};

FrameTimes read_frame_times(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header: frame,ms,simulated_s
  FrameTimes f;
  while (std::getline(in, line)) {
    const size_t a = line.find(','), b = line.find(',', a + 1);
    f.ms.push_back(std::stod(line.substr(a + 1, b - a - 1)));
    f.simulated_s.push_back(std::stod(line.substr(b + 1)));
  }
  return f;
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, size_t(q * double(v.size())))];
}

}  // namespace

void ui_frames() {
  const std::string dir = (std::filesystem::temp_directory_path() / "angiosim-bench-ui").string();
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/settings.json") << "{\"annotations\": \"3d_and_fluoro\"}";  // labels on: the most the UI draws
  setenv("ANGIOSIM_CONFIG_DIR", dir.c_str(), 1);
  Table table("Procedure window frames (1280 x 860 window; labels on; first 60 frames left out)",
              {"case", "frames", "median ms", "p95 ms", "p99 ms", "max ms", "fps (median)", "frames over 16.7 ms", "simulated s per s"});
  struct Case {
    const char* name;
    bool demo;
    const char* step;
    double speed;
    std::string keys;
  };
  for (const Case& k : {Case{"Demo 1x, crossing (15 pps fluoro, wire moving)", true, "crossing", 1.0, ""},
                        Case{"Demo 4x, stent deployment", true, "stent", 4.0, ""},
                        Case{"Practice, angioplasty step: fluoro held, pulling the wire back", false, "angioplasty", 0.0, "61:Space+,61:S+"},
                        Case{"Practice, angioplasty step: hands off, no fluoro", false, "angioplasty", 0.0, ""}}) {
    AppOptions o;
    o.scenario_path = data_path("scenarios/default.json");
    o.demo = k.demo;
    o.practice = !k.demo;
    o.start_step = k.step;
    o.speed = k.speed;
    o.frames = 420;
    o.out_dir = dir + "/out";
    o.frame_times_path = dir + "/frames.csv";
    o.key_script = parse_key_script(k.keys);
    run_procedure_window(o);
    const FrameTimes f = read_frame_times(o.frame_times_path);
    const size_t skip = std::min<size_t>(60, f.ms.size());
    const std::vector<double> ms(f.ms.begin() + std::ptrdiff_t(skip), f.ms.end());
    if (ms.size() < 2) continue;
    size_t slow = 0;
    double wall_s = 0;
    for (double t : ms) {
      slow += t > 1000.0 / 60.0;
      wall_s += t / 1000.0;
    }
    // The speed the machine kept up with (the Demo runs slower than asked when it cannot).
    const double simulated = f.simulated_s.back() - f.simulated_s[skip - 1];
    const double median = quantile(ms, 0.5);
    table.row({k.name, std::to_string(ms.size()), fmt(median, 1), fmt(quantile(ms, 0.95), 1), fmt(quantile(ms, 0.99), 1),
               fmt(quantile(ms, 1.0), 1), fmt(1000.0 / median, 0), std::to_string(slow), fmt(simulated / wall_s, 2)});
  }
  unsetenv("ANGIOSIM_CONFIG_DIR");
  table.print();
}

}  // namespace angiosim::bench
