// Internal: the persistent thread pool behind en_pool, and parallel_for over it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

struct en_pool {
  using Task = void (*)(void* ctx, int64_t begin, int64_t end);

  explicit en_pool(int threads);
  ~en_pool();
  en_pool(const en_pool&) = delete;
  en_pool& operator=(const en_pool&) = delete;

  int threads() const { return threads_; }
  int64_t grain_ns() const { return grain_ns_.load(std::memory_order_relaxed); }
  void set_grain_ns(int64_t ns) { grain_ns_.store(ns, std::memory_order_relaxed); }

  // Runs task over [0, n) on up to `parts` threads (clamped to 1..threads()); blocks until done.
  // [0, n) is cut into contiguous chunks, each run by exactly one thread. Thread p first runs the
  // chunks of its own contiguous part p, front to back (the caller owns part 0); a thread with
  // nothing left takes chunks from the back of the others' parts. So a worker that is late (asleep,
  // or descheduled on a busy machine) delays nobody: its chunks are taken over. task must treat
  // every unit independently of the ranges it is given (results may not depend on the split).
  // When a job still had to wait long for a chunk a descheduled thread held, or the workers never
  // showed up although they were spinning, the following jobs run on the caller alone for a while (doubling while it keeps happening): on a machine where
  // other processes want the cores, the pool degrades to one thread's speed, not below it.
  void run(int64_t n, int parts, Task task, void* ctx);

  // At least `floats` floats of scratch for slot `slot` (0 <= slot < threads()), 64-byte aligned,
  // kept between jobs and grown on demand (so a network's run allocates only on its first pass);
  // nullptr if it cannot grow. A slot belongs to one chunk at a time: a job that hands slot i to
  // its unit i, with at most threads() units, never has two threads in one slot. Callers hold
  // scratch_lock() from the first scratch() call to the end of the jobs that use it, so that two
  // threads sharing the pool never share its scratch.
  float* scratch(int slot, int64_t floats);
  std::unique_lock<std::mutex> scratch_lock() { return std::unique_lock<std::mutex>(scratch_mutex_); }

 private:
  // One part's unclaimed chunks [front, back), packed into one word so that the owner (front) and
  // thieves (back) claim with a single compare-and-swap. Own cache line: no false sharing.
  struct alignas(64) Part {
    std::atomic<uint64_t> range{0};
  };

  void worker_loop(int part);
  // Claims and runs chunks until none is left anywhere; returns how many it ran.
  int64_t work(int home);
  bool claim_front(int part, uint32_t* chunk);
  bool claim_back(int part, uint32_t* chunk);
  void run_chunk(uint32_t chunk);
  // Runs the next jobs on the caller alone for a while (see run()).
  void back_off(std::chrono::steady_clock::time_point now);

  const int threads_;
  std::unique_ptr<Part[]> parts_;
  std::vector<std::thread> workers_;

  // The current job. Written by the caller before it publishes the job's chunks (release stores to
  // parts_), read by a thread only after it has claimed one of them (acquire), and kept until every
  // chunk is done, so a thread never sees a half-written job.
  Task task_ = nullptr;
  void* ctx_ = nullptr;
  int64_t n_ = 0;
  int64_t chunks_ = 0;
  std::atomic<int> active_parts_{1};  // workers of higher parts sit the job out

  alignas(64) std::atomic<int64_t> done_{0};   // chunks finished in the current job
  alignas(64) std::atomic<uint64_t> job_{0};   // bumped once per job: what idle workers watch
  std::atomic<int> sleepers_{0};               // workers blocked (or about to block) on wake_
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> grain_ns_;
  std::mutex run_mutex_;  // one job at a time

  // Back-off when the other threads are late (see run()); touched only under run_mutex_.
  std::chrono::steady_clock::time_point inline_until_{};
  std::chrono::steady_clock::duration backoff_;
  std::mutex wake_mutex_;
  std::condition_variable wake_;

  struct FreeFloats {
    void operator()(float* p) const;
  };
  struct alignas(64) Scratch {
    std::unique_ptr<float, FreeFloats> data;
    int64_t floats = 0;
  };
  std::unique_ptr<Scratch[]> scratch_;
  std::mutex scratch_mutex_;
};

namespace edgenet {

// Estimated single-thread cost of a whole job, from its arithmetic and the bytes it moves; decides
// whether a job is worth splitting at all and into how many parts (see parts_for).
struct Work {
  double macs = 0;   // multiply-adds
  double bytes = 0;  // bytes read and written
};

// How many threads a job deserves: one per pool->grain_ns() of estimated work, at most all of
// them. Below two grains the job runs inline: handing out a part and collecting it costs more than
// the part would save.
int parts_for(const en_pool* pool, const Work& work);

// Runs body(begin, end) over [0, n) split across the pool (or inline if pool is null or n is small).
// Every unit of [0, n) is passed to body exactly once; the ranges depend on timing, never the result.
template <typename Body>
void parallel_for(en_pool* pool, int64_t n, int parts, Body&& body) {
  if (pool == nullptr || parts < 2 || pool->threads() == 1 || n < 2) {
    if (n > 0) body(int64_t{0}, n);
    return;
  }
  auto trampoline = [](void* ctx, int64_t b, int64_t e) { (*static_cast<std::remove_reference_t<Body>*>(ctx))(b, e); };
  pool->run(n, parts, trampoline, &body);
}

// As above, on as many threads as the work estimate deserves.
template <typename Body>
void parallel_for(en_pool* pool, int64_t n, const Work& work, Body&& body) {
  parallel_for(pool, n, parts_for(pool, work), std::forward<Body>(body));
}

// As above, on every thread of the pool (no work estimate).
template <typename Body>
void parallel_for(en_pool* pool, int64_t n, Body&& body) {
  parallel_for(pool, n, pool == nullptr ? 1 : pool->threads(), std::forward<Body>(body));
}

}  // namespace edgenet
