#pragma once
// Splits rows [0, rows) into contiguous blocks and runs f(block, begin, end) on them in parallel,
// one thread per core or at most `max_threads` (0: no limit). Threads take the next free block, so
// uneven rows balance out. Blocks are fixed by `block_rows`, not by the thread count, so work that
// draws random numbers per block gives the same result anywhere.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace angiosim {

template <typename F>
void parallel_rows(int rows, int block_rows, F&& f, int max_threads = 0) {
  const int blocks = (rows + block_rows - 1) / block_rows;
  int threads = std::clamp(int(std::thread::hardware_concurrency()), 1, std::min(8, std::max(1, blocks)));
  if (max_threads > 0) threads = std::min(threads, max_threads);
  std::atomic<int> next{0};
  auto work = [&] {
    for (int b = next++; b < blocks; b = next++) f(b, b * block_rows, std::min(rows, (b + 1) * block_rows));
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
}

// Runs f(begin, end) on contiguous chunks of the elements [0, count) in parallel: for work on each
// pixel of an image that does not depend on how it is split.
template <typename F>
void parallel_elements(std::size_t count, F&& f) {
  constexpr std::size_t kChunk = 1 << 16;
  const int chunks = int((count + kChunk - 1) / kChunk);
  parallel_rows(chunks, 1, [&](int, int begin, int end) { f(std::size_t(begin) * kChunk, std::min(count, std::size_t(end) * kChunk)); });
}

}  // namespace angiosim
