// Pool dispatch cost: the time of parallel_for on empty and tiny jobs, back to back and with a gap
// of caller-side work between jobs (the JNI call and Java bookkeeping between two ops).
// Usage: bench_pool [threads=2] [jobs=20000]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "edgenet/edgenet.h"
#include "pool.h"

namespace {
using Clock = std::chrono::steady_clock;

double now_us() { return std::chrono::duration<double, std::micro>(Clock::now().time_since_epoch()).count(); }

// Busy work of about `us` microseconds on the calling thread.
void busy(double us) {
  const double end = now_us() + us;
  while (now_us() < end) {
  }
}

volatile float g_sink;

// Best and median over rounds of the mean time per job, in microseconds. On a shared machine the
// best round is the one nobody else disturbed; the median says how often that happens.
struct Stat {
  double best, median;
};
template <typename F>
Stat per_job(int rounds, int jobs, F&& job) {
  std::vector<double> per;
  for (int r = 0; r < rounds; ++r) {
    const double t0 = now_us();
    for (int j = 0; j < jobs; ++j) job();
    per.push_back((now_us() - t0) / jobs);
  }
  std::sort(per.begin(), per.end());
  return {per[0], per[per.size() / 2]};
}
}  // namespace

int main(int argc, char** argv) {
  const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
  const int jobs = argc > 2 ? std::atoi(argv[2]) : 20000;
  en_pool* pool = en_pool_create(threads);
  std::atomic<int64_t> touched{0};
  auto empty = [&] { edgenet::parallel_for(pool, threads, [&](int64_t b, int64_t e) { touched += e - b; }); };
  for (int i = 0; i < 1000; ++i) empty();
  std::printf("threads %d\n", threads);
  const Stat b2b = per_job(21, jobs / 20, empty);
  std::printf("empty job, back to back:                  best %8.2f  median %8.2f us\n", b2b.best, b2b.median);
  for (double gap : {1.0, 5.0, 20.0, 100.0, 500.0, 2000.0}) {
    const int n = std::max(10, static_cast<int>(jobs / 10 / (gap + 2)));
    const Stat t = per_job(21, n, [&] { busy(gap); empty(); });
    std::printf("empty job after %6.0f us of caller work: best %8.2f  median %8.2f us over the gap\n", gap,
                t.best - gap, t.median - gap);
  }
  // A job of W us of total work, split into `threads` parts: time against the ideal W / threads.
  for (double work : {5.0, 20.0, 100.0}) {
    const int units = 64;
    const double per_unit = work / units;
    const Stat t = per_job(21, std::max(10, static_cast<int>(jobs / 4 / (work + 5))), [&] {
      edgenet::parallel_for(pool, units, [&](int64_t b, int64_t e) { busy(per_unit * (e - b)); });
    });
    std::printf("job of %5.0f us of work: best %8.2f  median %8.2f us (ideal %.2f)\n", work, t.best, t.median,
                work / threads);
  }
  en_pool_destroy(pool);
  g_sink = static_cast<float>(touched.load());
  return 0;
}
