// angiosim: real-time angiography procedure simulator.
// Parses the command line, then runs either the window app or the headless runner.
#include <cstdio>
#include <exception>
#include <stdexcept>

#include "app/app_options.h"
#include "app/headless_run.h"
#include "app/procedure_run.h"
#include "app/procedure_window.h"
#include "app/window_app.h"
#include "core/scenario/scenario.h"
#include "core/util/input_error.h"
#include "platform/gl_context.h"

int main(int argc, char** argv) {
  using namespace angiosim;
  try {
    AppOptions options = parse_app_options(argc, argv);
    if (options.help) {
      std::fputs(app_usage(), stdout);
      return 0;
    }
    if (!options.headless && !display_available()) {
      std::fprintf(stderr, "angiosim: no display found, running headless (output in %s/)\n",
                   options.out_dir.c_str());
      options.headless = true;
    }
    const bool procedure = options.demo || !options.replay_path.empty();
    if (options.headless) return procedure ? run_procedure_headless(options) : run_headless(options);
    // A scenario with steps opens as the procedure unless free practice is asked for.
    const bool scripted_free = options.free || options.hold_fluoro || options.inject || options.acquire_s > 0;
    if (!options.replay_path.empty() || options.demo || options.practice ||
        (!scripted_free && load_scenario_file(options.scenario_path).document->has("steps")))
      return run_procedure_window(options);
    return run_window(options);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "angiosim: %s\n%s", e.what(), app_usage());
    return 2;
  } catch (const InputError& e) {
    std::fprintf(stderr, "angiosim: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "angiosim: %s\n", e.what());
    return 1;
  }
}
