#include "core/scenario/session_report.h"

#include <cstdio>
#include <sstream>

#include <glm/geometric.hpp>

#include "core/imaging/apng_writer.h"
#include "core/imaging/png_writer.h"
#include "core/scenario/stent_assessment.h"
#include "core/util/atomic_file.h"

namespace angiosim {
namespace {

nlohmann::json metrics_json(const StepMetrics& m) {
  return {{"time_s", m.time_s}, {"fluoro_time_s", m.fluoro_time_s}, {"air_kerma_mGy", m.air_kerma_mGy},
          {"kerma_area_product_Gy_cm2", m.kerma_area_product_Gy_cm2}, {"contrast_ml", m.contrast_ml},
          {"runs", m.runs}, {"errors", m.errors}, {"complications", m.complications}};
}

std::string escape_html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string fixed(double v, int digits) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", digits, v);
  return b;
}

std::string html_page(const nlohmann::json& r) {
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>angiosim report: "
    << escape_html(r["scenario"]["title"].get<std::string>()) << "</title>\n<style>"
    << "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
    << "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:4px 8px;text-align:right}"
    << "td.t,th.t{text-align:left}.ok{color:#186a3b}.no{color:#a93226}img{width:420px;margin:4px;border:1px solid #444}"
    << "figure{display:inline-block;margin:0}</style></head><body>\n";
  h << "<h1>" << escape_html(r["scenario"]["title"].get<std::string>()) << "</h1>\n";
  h << "<p>" << escape_html(r["scenario"]["patient"].get<std::string>()) << "</p>\n";
  const bool done = r["completed"].get<bool>();
  h << "<p>Mode: " << r["mode"].get<std::string>() << ", seed " << r["seed"].get<uint64_t>() << ". Result: <b class=\""
    << (done ? "ok\">completed" : "no\">not completed") << "</b>";
  if (r.contains("stuck")) h << " (" << escape_html(r["stuck"].get<std::string>()) << ")";
  h << ". Score: <b>" << fixed(r["score"]["points"].get<double>(), 0) << " / 100</b>";
  for (const auto& d : r["score"]["deductions"]) h << "; " << escape_html(d.get<std::string>());
  h << ".</p>\n<h2>Steps</h2>\n<table><tr><th class=\"t\">Step</th><th>Done</th><th>Time (s)</th><th>Fluoro (s)</th>"
    << "<th>Air kerma (mGy)</th><th>KAP (Gy·cm²)</th><th>Contrast (mL)</th><th>Runs</th><th>Errors</th><th>Complications</th></tr>\n";
  auto row = [&](const std::string& name, const std::string& state, const nlohmann::json& m) {
    h << "<tr><td class=\"t\">" << escape_html(name) << "</td><td>" << state << "</td><td>"
      << fixed(m["time_s"].get<double>(), 1) << "</td><td>" << fixed(m["fluoro_time_s"].get<double>(), 1) << "</td><td>"
      << fixed(m["air_kerma_mGy"].get<double>(), 2) << "</td><td>" << fixed(m["kerma_area_product_Gy_cm2"].get<double>(), 3)
      << "</td><td>" << fixed(m["contrast_ml"].get<double>(), 1) << "</td><td>" << m["runs"].get<int>() << "</td><td>"
      << m["errors"].get<int>() << "</td><td>" << m["complications"].get<int>() << "</td></tr>\n";
  };
  for (const auto& s : r["steps"])
    row(s["title"].get<std::string>(), s["completed"].get<bool>() ? "<span class=\"ok\">yes</span>" : "<span class=\"no\">no</span>", s["metrics"]);
  row("Total", "", r["total"]);
  h << "</table>\n<h2>Objectives</h2>\n<ul>\n";
  for (const auto& s : r["steps"])
    for (const auto& o : s["objectives"]) {
      const double t = o["met_at_s"].get<double>();
      h << "<li>" << escape_html(s["title"].get<std::string>()) << ": " << escape_html(o["text"].get<std::string>()) << " — "
        << (t >= 0 ? "<span class=\"ok\">met at " + fixed(t, 1) + " s</span>" : std::string("<span class=\"no\">not met</span>")) << "</li>\n";
    }
  h << "</ul>\n<h2>Lesions now</h2>\n<table><tr><th class=\"t\">Lesion</th><th class=\"t\">Vessel</th><th>Length (mm)</th>"
    << "<th>MLD (mm)</th><th>Diameter stenosis (%)</th></tr>\n";
  for (const auto& l : r["lesions"])
    h << "<tr><td class=\"t\">" << escape_html(l["name"].get<std::string>()) << "</td><td class=\"t\">"
      << escape_html(l["vessel"].get<std::string>()) << "</td><td>" << fixed(l["length_mm"].get<double>(), 0) << "</td><td>"
      << fixed(l["minimal_lumen_diameter_mm"].get<double>(), 2) << "</td><td>"
      << fixed(l["diameter_stenosis_percent"].get<double>(), 0) << "</td></tr>\n";
  h << "</table>\n";
  if (!r["angioplasty"]["inflations"].empty()) {
    h << "<h2>Angioplasty</h2>\n<table><tr><th>Time (s)</th><th>Max pressure (atm)</th><th>Held at yield (s)</th>"
      << "<th>Balloon / reference</th></tr>\n";
    for (const auto& i : r["angioplasty"]["inflations"])
      h << "<tr><td>" << fixed(i["time_s"].get<double>(), 1) << "</td><td>" << fixed(i["max_pressure_atm"].get<double>(), 1)
        << "</td><td>" << fixed(i["held_at_yield_s"].get<double>(), 0) << "</td><td>" << fixed(i["overstretch"].get<double>(), 2)
        << "</td></tr>\n";
    h << "</table>\n";
    for (const auto& d : r["angioplasty"]["dissections"])
      h << "<p class=\"no\">Dissection type " << d["type"].get<std::string>() << " at " << escape_html(d["lesion"].get<std::string>())
        << (d["flow_limiting"].get<bool>() ? " (flow-limiting)" : "") << ", " << fixed(d["time_s"].get<double>(), 1) << " s</p>\n";
  }
  if (!r["stents"].empty()) {
    h << "<h2>Stents</h2>\n<table><tr><th class=\"t\">Stent</th><th>Deployed length (mm)</th><th>Ring diameters (mm)</th>"
      << "<th>Malapposed (mm)</th><th>Jump (mm)</th></tr>\n";
    for (const auto& st : r["stents"])
      h << "<tr><td class=\"t\">" << escape_html(st["device"].get<std::string>()) << "</td><td>"
        << fixed(st["deployed_length_mm"].get<double>(), 1) << "</td><td>" << fixed(st["min_ring_diameter_mm"].get<double>(), 2)
        << " – " << fixed(st["max_ring_diameter_mm"].get<double>(), 2) << "</td><td>" << fixed(st["malapposed_mm"].get<double>(), 1)
        << "</td><td>" << fixed(st["jump_mm"].get<double>(), 1) << "</td></tr>\n";
    h << "</table>\n<table><tr><th class=\"t\">Lesion</th><th>Proximal margin (mm)</th><th>Distal margin (mm)</th>"
      << "<th>Landing error (mm)</th><th>Oversize (mm)</th><th>Stent / reference</th></tr>\n";
    for (const auto& l : r["lesions"]) {
      if (!l.contains("stent")) continue;
      const auto& p = l["stent"];
      const bool miss = !p["covers"].get<bool>() || std::min(p["proximal_margin_mm"].get<double>(), p["distal_margin_mm"].get<double>()) < 0;
      h << "<tr><td class=\"t" << (miss ? " no" : "") << "\">" << escape_html(l["name"].get<std::string>()) << (miss ? " (geographic miss)" : "")
        << "</td><td>" << fixed(p["proximal_margin_mm"].get<double>(), 1) << "</td><td>" << fixed(p["distal_margin_mm"].get<double>(), 1)
        << "</td><td>" << fixed(p["landing_error_mm"].get<double>(), 1) << "</td><td>" << fixed(p["oversize_mm"].get<double>(), 1)
        << "</td><td>" << fixed(p["stent_to_reference"].get<double>(), 2) << "</td></tr>\n";
    }
    h << "</table>\n";
  }
  h << "<h2>Key images</h2>\n";
  for (const auto& img : r["images"]) {
    // A run's key frame links to the run itself, animated.
    const std::string file = escape_html(img["file"].get<std::string>());
    h << "<figure>";
    if (img.contains("cine")) h << "<a href=\"" << escape_html(img["cine"].get<std::string>()) << "\">";
    h << "<img src=\"" << file << "\" alt=\"\">";
    if (img.contains("cine")) h << "</a>";
    h << "<figcaption>" << escape_html(img["caption"].get<std::string>());
    if (img.contains("cine")) h << " (click: the run, animated)";
    h << "</figcaption></figure>\n";
  }
  h << "<h2>Timeline</h2>\n<table><tr><th>Time (s)</th><th class=\"t\">Event</th><th class=\"t\">What</th></tr>\n";
  for (const auto& e : r["events"]) {
    const std::string kind = e["kind"].get<std::string>();
    const bool bad = kind == "error" || kind == "complication";
    h << "<tr><td>" << fixed(e["time_s"].get<double>(), 1) << "</td><td class=\"t" << (bad ? " no" : "") << "\">" << kind
      << "</td><td class=\"t\">" << escape_html(e["text"].get<std::string>()) << "</td></tr>\n";
  }
  h << "</table>\n<p>Replay: <code>angiosim --replay session.jsonl --headless</code> (state hash "
    << r["state_hash"].get<std::string>() << ").</p>\n</body></html>\n";
  return h.str();
}

}  // namespace

nlohmann::json lesion_report(const VesselTree& tree, const OcclusionCrossing& occlusions) {
  nlohmann::json out = nlohmann::json::array();
  for (size_t index = 0; index < tree.spec().lesions.size(); ++index) {
    const LesionSpec& l = tree.spec().lesions[index];
    const int v = tree.find_vessel(l.vessel);
    double mld = 1e9;
    for (double s = l.center_mm - 0.5 * l.length_mm; s <= l.center_mm + 0.5 * l.length_mm; s += 0.25)
      mld = std::min(mld, 2 * tree.lumen(v, s).radius_mm);
    out.push_back({{"name", l.name}, {"vessel", l.vessel}, {"length_mm", l.length_mm},
                   {"minimal_lumen_diameter_mm", mld}, {"diameter_stenosis_percent", residual_stenosis_percent(tree, l)},
                   {"plaque", to_string(l.plaque)}, {"total_occlusion", l.total_occlusion}});
    if (l.total_occlusion) {
      out.back()["cap_resistance_gf"] = l.cap_resistance_gf;
      out.back()["bored_fraction"] = occlusions.progress(int(index));
      out.back()["crossed"] = occlusions.crossed(int(index));
    }
  }
  return out;
}

nlohmann::json session_report(const ProcedureSession& s) {
  const LoadedCase& c = s.loaded_case();
  const StepController& ctl = s.controller();
  nlohmann::json r;
  r["scenario"] = {{"file", c.scenario.source_file}, {"title", c.scenario.title}, {"patient", c.scenario.patient_summary}};
  if (!c.scenario.patient.indication.empty())
    r["patient"] = {{"name", c.scenario.patient.name}, {"age", c.scenario.patient.age}, {"sex", c.scenario.patient.sex},
                    {"indication", c.scenario.patient.indication}, {"history", c.scenario.patient.history}};
  r["mode"] = to_string(s.options().mode);
  r["seed"] = s.options().seed ? *s.options().seed : c.scenario.seed;
  r["completed"] = ctl.finished() && ctl.all_completed() && !s.stuck();
  if (s.stuck()) r["stuck"] = s.autopilot().stuck_reason();
  r["total"] = metrics_json(ctl.total());
  const ProcedureScore score = ctl.score();
  r["score"] = {{"points", score.points}, {"deductions", score.deductions}};
  r["steps"] = nlohmann::json::array();
  for (size_t k = 0; k < c.procedure.steps.size(); ++k) {
    const StepSpec& step = c.procedure.steps[k];
    nlohmann::json objectives = nlohmann::json::array();
    for (size_t o = 0; o < step.objectives.size(); ++o)
      objectives.push_back({{"text", step.objectives[o].text}, {"met_at_s", ctl.objective_times()[k][o]}});
    r["steps"].push_back({{"id", step.id}, {"title", step.title}, {"completed", bool(ctl.completed_steps()[k])},
                          {"metrics", metrics_json(ctl.metrics()[k])}, {"objectives", objectives}});
  }
  r["events"] = nlohmann::json::array();
  for (const ProcedureEvent& e : ctl.events())
    r["events"].push_back({{"time_s", e.time_s}, {"step", e.step >= 0 && size_t(e.step) < c.procedure.steps.size()
                                                              ? nlohmann::json(c.procedure.steps[size_t(e.step)].id) : nlohmann::json()},
                           {"kind", e.kind}, {"text", e.text}});
  r["lesions"] = lesion_report(s.sim().anatomy(), s.sim().occlusions());
  r["dose"] = {{"pulses", s.console().dose().pulses()}, {"fluoro_time_s", s.console().dose().fluoro_time_s()},
               {"reference_air_kerma_mGy", s.console().dose().reference_air_kerma_mGy()},
               {"kerma_area_product_Gy_cm2", s.console().dose().kerma_area_product_Gy_cm2()}};
  r["contrast_ml"] = s.sim().contrast().injected_ml();
  r["angioplasty"] = {{"inflations", nlohmann::json::array()}, {"dissections", nlohmann::json::array()}};
  for (const InflationResult& i : s.sim().inflations())
    r["angioplasty"]["inflations"].push_back({{"time_s", i.time_s}, {"max_pressure_atm", i.max_pressure_atm},
                                              {"held_at_yield_s", i.held_s}, {"overstretch", i.overstretch},
                                              {"lesions", i.lesions}});
  for (const DissectionEvent& d : s.sim().dissections())
    r["angioplasty"]["dissections"].push_back({{"time_s", d.time_s}, {"lesion", c.anatomy->spec().lesions[size_t(d.lesion)].name},
                                               {"type", std::string(1, d.grade)}, {"flow_limiting", d.flow_limiting},
                                               {"overstretch", d.overstretch}});
  r["stents"] = nlohmann::json::array();
  for (size_t k = 0; k < s.sim().stents().size(); ++k) {
    const StentImplant& st = s.sim().stents()[k];
    double length = 0, lo = 1e9, hi = 0;
    const std::vector<PlacedRing>& rings = st.rings();
    for (size_t i = 0; i < rings.size(); ++i) {
      if (i > 0) length += glm::distance(rings[i].center_mm, rings[i - 1].center_mm);
      lo = std::min(lo, rings[i].diameter_mm());
      hi = std::max(hi, rings[i].diameter_mm());
    }
    length += 0.5 * (rings.front().ring.pitch_mm() + rings.back().ring.pitch_mm()) - st.spec().bridge_length_mm;
    r["stents"].push_back({{"device", st.spec().id}, {"nominal_diameter_mm", st.spec().nominal_diameter_mm},
                           {"nominal_length_mm", st.spec().nominal_length_mm}, {"deployed_length_mm", length},
                           {"rings", rings.size()}, {"min_ring_diameter_mm", lo}, {"max_ring_diameter_mm", hi},
                           {"malapposed_mm", st.malapposed_length_mm()}, {"jump_mm", st.jump_mm()}});
  }
  for (size_t l = 0; l < c.anatomy->spec().lesions.size() && !s.sim().stents().empty(); ++l) {
    const StentPlacement p = stent_placement(s.sim(), s.sim().anatomy().spec().lesions[l]);
    r["lesions"][l]["stent"] = {{"covers", p.covers_centre}, {"proximal_margin_mm", p.covers_centre ? p.proximal_margin_mm : 0.0},
                                {"distal_margin_mm", p.covers_centre ? p.distal_margin_mm : 0.0},
                                {"landing_error_mm", p.covers_centre ? p.landing_error_mm : 0.0}, {"oversize_mm", p.oversize_mm()},
                                {"stent_to_reference", p.reference_mm > 0 ? p.nominal_mm / p.reference_mm : 0.0},
                                {"malapposed_mm", p.malapposed_mm}};
  }
  r["simulation"] = {{"time_s", s.sim().state().time_s}, {"ticks", s.ticks()}};
  r["state_hash"] = std::to_string(s.state_hash());
  r["images"] = nlohmann::json::array();
  return r;
}

nlohmann::json write_session_report(const ProcedureSession& s, const std::string& dir) {
  ensure_directory(dir);
  nlohmann::json r = session_report(s);
  const FluoroConsole& console = s.console();
  // Each run's most opacified frame; the first and last DSA are the angiograms before and after.
  int first_dsa = -1, last_dsa = -1, last_dsa_image = -1;
  for (size_t k = 0; k < console.runs().size(); ++k) {
    const AcquisitionRun& run = console.runs()[k];
    const int peak = FluoroConsole::most_opacified_frame(run);
    if (peak < 0) continue;
    char name[32];
    std::snprintf(name, sizeof name, "run_%02zu.png", k + 1);
    write_png(dir + "/" + name, run.width, run.height, 1, run.frames[size_t(peak)]);
    if (run.mode == "dsa") {
      if (first_dsa < 0) first_dsa = int(k);
      last_dsa = int(k);
    }
    std::string caption = "Run " + std::to_string(k + 1) + " (" + run.mode + ", " + fixed(run.start_time_s, 1) + " s)";
    if (int(k) == first_dsa) caption += ": angiogram before";
    if (run.mode == "dsa") last_dsa_image = int(r["images"].size());
    r["images"].push_back({{"file", name}, {"caption", caption}, {"run", k + 1}});
    // The whole run as an animated PNG at its frame rate (a browser plays it).
    char cine[40];
    std::snprintf(cine, sizeof cine, "run_%02zu_cine.png", k + 1);
    write_apng(dir + "/" + cine, run.width, run.height, 1, run.frames, run.pulse_rate > 0 ? run.pulse_rate : 3.0);
    r["images"].back()["cine"] = cine;
  }
  if (last_dsa > first_dsa) {
    nlohmann::json& after = r["images"][size_t(last_dsa_image)];
    after["caption"] = after["caption"].get<std::string>() + ": angiogram after";
    // The same frame unsubtracted: what the subtraction took away (wire, stent markers) shows.
    const AcquisitionRun& run = console.runs()[size_t(last_dsa)];
    const int peak = FluoroConsole::most_opacified_frame(run);
    if (peak >= 0 && size_t(peak) < run.native_frames.size()) {
      char name[40];
      std::snprintf(name, sizeof name, "run_%02d_native.png", last_dsa + 1);
      write_png(dir + "/" + name, run.width, run.height, 1, run.native_frames[size_t(peak)]);
      r["images"].push_back({{"file", name}, {"caption", "Run " + std::to_string(last_dsa + 1) + " unsubtracted: the angiogram after with the devices"},
                             {"run", last_dsa + 1}});
    }
  }
  if (!console.live_monitor().empty()) {
    write_png(dir + "/last_image.png", console.monitor_width(), console.monitor_height(), 1, console.live_monitor());
    r["images"].push_back({{"file", "last_image.png"}, {"caption", "Last image on the live monitor"}});
  }
  write_file_atomically(dir + "/report.json", r.dump(2) + "\n");
  write_file_atomically(dir + "/report.html", html_page(r));
  return r;
}

}  // namespace angiosim
