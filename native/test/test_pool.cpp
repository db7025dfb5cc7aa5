// Thread pool: lifecycle (LeakSanitizer runs in the _asan copy), the split (every unit exactly
// once, whatever the timing), streams of small jobs, destruction while workers spin or sleep,
// concurrent callers; the ISA and GEMM engine switches.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "check.h"
#include "pool.h"

namespace {

using edgenet::parallel_for;

// Runs a job of n units on `parts` parts and checks that the ranges handed out tile [0, n) exactly.
bool tiles_exactly(en_pool* pool, int64_t n, int parts) {
  std::mutex m;
  std::vector<std::pair<int64_t, int64_t>> ranges;
  parallel_for(pool, n, parts, [&](int64_t b, int64_t e) {
    std::lock_guard<std::mutex> lock(m);
    ranges.emplace_back(b, e);
  });
  std::sort(ranges.begin(), ranges.end());
  int64_t next = 0;
  for (const auto& r : ranges) {
    if (r.first != next || r.second <= r.first) return false;
    next = r.second;
  }
  return next == n || (n <= 0 && ranges.empty());
}

// Every unit of [0, n) counted once per job, over `jobs` back-to-back jobs.
bool counts_exact(en_pool* pool, int64_t n, int jobs) {
  std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
  for (auto& h : hits) h.store(0);
  for (int j = 0; j < jobs; ++j)
    parallel_for(pool, n, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) hits[static_cast<size_t>(i)].fetch_add(1, std::memory_order_relaxed);
    });
  for (const auto& h : hits)
    if (h.load() != jobs) return false;
  return true;
}

void busy_us(int us) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::microseconds(us);
  while (std::chrono::steady_clock::now() < end) {
  }
}

}  // namespace

int main() {
  CHECK(en_pool_create(0) == nullptr, "0 threads");
  CHECK(en_pool_create(-1) == nullptr, "negative threads");
  CHECK(en_pool_create(257) == nullptr, "257 threads");
  CHECK(en_pool_threads(nullptr) == 1, "a null pool is the caller alone");
  CHECK(en_pool_set_grain_ns(nullptr, 0) == EN_ERR_ARG, "grain of a null pool");

  // Create, use and destroy repeatedly: no leak, no hang, every part of the work done.
  std::vector<float> in(3 * 40, 1.0f), w(3 * 5, 0.5f), out(40 * 5, test::sentinel());
  for (int round = 0; round < 40; ++round) {
    const int threads = 1 + round % 4;
    en_pool* pool = en_pool_create(threads);
    CHECK(pool != nullptr && en_pool_threads(pool) == threads, "create %d threads", threads);
    if (round % 2 == 0) {
      const int rc = en_pwconv(pool, in.data(), static_cast<int64_t>(in.size()), 40, 3, 3, w.data(), nullptr, 5,
                               EN_ACT_NONE, nullptr, 0, 0, out.data(), static_cast<int64_t>(out.size()), 5);
      bool all = rc == EN_OK;
      for (float v : out) all = all && v == 1.5f;
      CHECK(all, "pwconv through a %d-thread pool", threads);
    }
    en_pool_destroy(pool);
  }
  en_pool* big = en_pool_create(256);
  CHECK(big != nullptr && en_pool_threads(big) == 256, "256 threads");
  CHECK(tiles_exactly(big, 100000, 256), "256 parts tile the range");
  en_pool_destroy(big);
  en_pool_destroy(nullptr);

  // Destroy right after a job (workers spinning), after they have gone to sleep, and untouched.
  for (int round = 0; round < 200; ++round) {
    en_pool* pool = en_pool_create(2 + round % 3);
    if (round % 3 != 2) CHECK(counts_exact(pool, 64, 1), "job before destroy (round %d)", round);
    if (round % 3 == 1) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    en_pool_destroy(pool);
  }

  for (int threads : {1, 2, 3, 8}) {
    en_pool* pool = en_pool_create(threads);
    // Sizes 0, 1, 2, around the chunk counts, large; and a huge range (only the ranges are looked at).
    for (int64_t n : {0, 1, 2, 3, 7, 8, 9, 31, 32, 33, 1000, 65537})
      for (int parts : {1, 2, 3, 8, 300})
        CHECK(tiles_exactly(pool, n, parts), "%d threads: %lld units on %d parts", threads, (long long)n, parts);
    CHECK(tiles_exactly(pool, int64_t{1} << 60, threads), "%d threads: 2^60 units", threads);
    CHECK(tiles_exactly(pool, INT64_MAX, threads), "%d threads: INT64_MAX units", threads);
    // A stream of tiny jobs, back to back, as a network's small ops come.
    CHECK(counts_exact(pool, 5, 20000), "%d threads: 20000 jobs of 5 units", threads);
    CHECK(counts_exact(pool, 1000, 2000), "%d threads: 2000 jobs of 1000 units", threads);
    // Jobs spaced so that the workers fall asleep in between: each wake must still see its job.
    for (int j = 0; j < 5; ++j) {
      std::this_thread::sleep_for(std::chrono::microseconds(600));
      CHECK(counts_exact(pool, 100, 1), "%d threads: job after the workers slept", threads);
    }
    // Uneven units (one slow unit) and units that outlast a worker's spin.
    std::atomic<int64_t> sum{0};
    parallel_for(pool, 16, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        busy_us(i == 3 ? 2000 : 50);
        sum += i;
      }
    });
    CHECK(sum.load() == 120, "%d threads: slow units", threads);
    en_pool_destroy(pool);
  }

  // parts = 1 (or a pool of one thread) runs on the caller alone, in one range.
  {
    en_pool* pool = en_pool_create(4);
    const auto caller = std::this_thread::get_id();
    int calls = 0;
    bool on_caller = true;
    parallel_for(pool, 1000, 1, [&](int64_t b, int64_t e) {
      ++calls;
      on_caller = on_caller && std::this_thread::get_id() == caller && b == 0 && e == 1000;
    });
    CHECK(calls == 1 && on_caller, "parts = 1 runs inline");
    en_pool* one = en_pool_create(1);
    calls = 0;
    parallel_for(one, 1000, [&](int64_t b, int64_t e) {
      ++calls;
      on_caller = on_caller && std::this_thread::get_id() == caller && b == 0 && e == 1000;
    });
    CHECK(calls == 1 && on_caller, "a one-thread pool runs inline");
    en_pool_destroy(one);

    // The work estimate: tiny jobs inline, large ones on every thread, grain 0 splits everything.
    using edgenet::parts_for;
    using edgenet::Work;
    CHECK(parts_for(nullptr, Work{1e9, 0}) == 1, "no pool, one part");
    CHECK(parts_for(pool, Work{100, 100}) == 1, "a tiny job is not split");
    CHECK(parts_for(pool, Work{1e9, 1e9}) == 4, "a large job uses every thread");
    CHECK(en_pool_set_grain_ns(pool, -1) == EN_ERR_ARG, "negative grain");
    CHECK(en_pool_set_grain_ns(pool, 0) == EN_OK && parts_for(pool, Work{1, 0}) == 4, "grain 0 splits all");
    CHECK(en_pool_set_grain_ns(pool, 1000) == EN_OK && parts_for(pool, Work{0, 16.0 * 2500}) == 2,
          "2.5 grains of bytes: two parts");
    en_pool_destroy(pool);
  }

  // A worker descheduled in the middle of a chunk (here it sleeps there) makes the caller wait for
  // it; the jobs right after then run on the caller alone, and later ones use the worker again.
  {
    en_pool* pool = en_pool_create(2);
    en_pool_set_grain_ns(pool, 0);
    const auto caller = std::this_thread::get_id();
    std::atomic<bool> worker_ran{false};
    std::atomic<int64_t> sum{0};
    // Caller units take 200 us each: the worker surely wakes and claims a chunk meanwhile.
    parallel_for(pool, 16, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        if (std::this_thread::get_id() == caller) {
          busy_us(200);
        } else {
          worker_ran = true;
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        sum += i;
      }
    });
    const auto late_end = std::chrono::steady_clock::now();
    CHECK(sum.load() == 120, "late worker: every unit once");
    bool alone = true;
    parallel_for(pool, 16, [&](int64_t, int64_t) { alone = alone && std::this_thread::get_id() == caller; });
    // Only meaningful when this job started within the shortest back-off (this thread was not
    // itself descheduled in between), which is all but always.
    if (worker_ran.load() && std::chrono::steady_clock::now() - late_end < std::chrono::milliseconds(1))
      CHECK(alone, "the job after a late one runs on the caller alone");
    // After the back-off the worker takes part again (attempts 2, 4, 8 ms apart while late).
    bool used_again = false;
    for (int attempt = 0; attempt < 50 && !used_again; ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      parallel_for(pool, 16, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) {
          if (std::this_thread::get_id() != caller) used_again = true;
          busy_us(200);
        }
      });
    }
    CHECK(used_again, "the worker takes part again after the back-off");
    en_pool_destroy(pool);
  }

  // Several caller threads sharing one pool: their jobs are serialised, each complete.
  {
    en_pool* pool = en_pool_create(3);
    std::atomic<bool> ok{true};
    std::vector<std::thread> callers;
    for (int c = 0; c < 3; ++c)
      callers.emplace_back([&] {
        if (!counts_exact(pool, 257, 500)) ok = false;
      });
    for (auto& t : callers) t.join();
    CHECK(ok.load(), "concurrent callers");
    en_pool_destroy(pool);
  }

  // ISA switch.
  CHECK(en_isa_supported(EN_ISA_SCALAR) == 1, "scalar always runs");
  CHECK(en_isa_force(EN_ISA_SCALAR) == EN_OK && en_isa_active() == EN_ISA_SCALAR, "force scalar");
  CHECK(en_isa_force(42) == EN_ERR_ISA && en_isa_active() == EN_ISA_SCALAR, "unknown ISA refused, state kept");
  CHECK(en_isa_force(EN_ISA_AUTO) == EN_OK && en_isa_active() == en_isa_best(), "auto restores the best");
  CHECK(en_isa_supported(en_isa_best()) == 1, "best is supported");

  // GEMM engine switch.
  CHECK(en_gemm_active() == EN_GEMM_OWN, "own GEMM by default");
  CHECK(en_gemm_force(EN_GEMM_OPENBLAS) == EN_OK && en_gemm_active() == EN_GEMM_OPENBLAS, "force OpenBLAS");
  CHECK(en_gemm_force(2) == EN_ERR_ARG && en_gemm_active() == EN_GEMM_OPENBLAS, "unknown engine refused, state kept");
  CHECK(en_gemm_force(-1) == EN_ERR_ARG, "negative engine refused");
  CHECK(en_gemm_force(EN_GEMM_OWN) == EN_OK && en_gemm_active() == EN_GEMM_OWN, "back to own");
  return test::finish("test_pool");
}
