#pragma once
// Timing helpers and a plain table printer for benchmarks. Medians, because machines are noisy.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace angiosim::bench {

// Median wall time (ms) of `runs` calls of f, after one warm-up call.
template <typename F>
double median_ms(int runs, F&& f) {
  f();
  std::vector<double> t;
  for (int k = 0; k < runs; ++k) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

class Table {
 public:
  Table(std::string title, std::vector<std::string> columns) : title_(std::move(title)), columns_(std::move(columns)) {}
  void row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  void print() const {
    std::vector<size_t> width(columns_.size());
    for (size_t c = 0; c < columns_.size(); ++c) {
      width[c] = columns_[c].size();
      for (const auto& r : rows_) width[c] = std::max(width[c], r[c].size());
    }
    std::printf("\n## %s\n\n", title_.c_str());
    auto line = [&](const std::vector<std::string>& cells) {
      std::printf("|");
      for (size_t c = 0; c < cells.size(); ++c) std::printf(" %-*s |", int(width[c]), cells[c].c_str());
      std::printf("\n");
    };
    line(columns_);
    std::printf("|");
    for (size_t c = 0; c < columns_.size(); ++c) std::printf("%s|", std::string(width[c] + 2, '-').c_str());
    std::printf("\n");
    for (const auto& r : rows_) line(r);
  }

 private:
  std::string title_;
  std::vector<std::string> columns_;
  std::vector<std::vector<std::string>> rows_;
};

inline std::string fmt(double v, int decimals = 1) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  return b;
}

}  // namespace angiosim::bench
