// Persistent workers that spin briefly between jobs (a network runs dozens of short kernels back
// to back), then sleep on a condition variable so an idle pool costs no CPU.
#include "pool.h"

#include "edgenet/edgenet.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define EDGENET_CPU_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define EDGENET_CPU_RELAX() asm volatile("yield")
#else
#define EDGENET_CPU_RELAX() ((void)0)
#endif

namespace {
constexpr int kSpinIterations = 1 << 15;        // roughly 0.1-1 ms before a worker sleeps
constexpr int kCallerSpinIterations = 1 << 12;  // a few microseconds: the usual imbalance of a split

int64_t part_begin(int64_t n, int part, int parts) { return n * part / parts; }
}  // namespace

en_pool::en_pool(int threads) : threads_(threads) {
  workers_.reserve(threads - 1);
  for (int part = 1; part < threads; ++part) workers_.emplace_back([this, part] { worker_loop(part); });
}

en_pool::~en_pool() {
  {
    std::lock_guard<std::mutex> lock(wake_mutex_);
    stop_ = true;
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

void en_pool::run(int64_t n, Task task, void* ctx) {
  std::lock_guard<std::mutex> job_lock(run_mutex_);
  task_ = task;
  ctx_ = ctx;
  n_ = n;
  remaining_.store(threads_ - 1, std::memory_order_relaxed);
  {
    std::lock_guard<std::mutex> lock(wake_mutex_);
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  int64_t end = part_begin(n, 1, threads_);
  if (end > 0) task(ctx, 0, end);
  // Spin while the workers are likely running; yield once they may have been descheduled (more
  // threads than free cores), so the caller does not burn the core a worker needs.
  for (int i = 0; remaining_.load(std::memory_order_acquire) != 0; ++i) {
    if (i < kCallerSpinIterations) {
      EDGENET_CPU_RELAX();
    } else {
      std::this_thread::yield();
    }
  }
}

void en_pool::worker_loop(int part) {
  uint64_t seen = 0;
  for (;;) {
    uint64_t current = generation_.load(std::memory_order_acquire);
    for (int i = 0; i < kSpinIterations && current == seen; ++i) {
      EDGENET_CPU_RELAX();
      current = generation_.load(std::memory_order_acquire);
    }
    if (current == seen) {
      std::unique_lock<std::mutex> lock(wake_mutex_);
      wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
      current = generation_.load(std::memory_order_acquire);
    }
    {
      std::lock_guard<std::mutex> lock(wake_mutex_);
      if (stop_) return;
    }
    seen = current;
    int64_t begin = part_begin(n_, part, threads_);
    int64_t end = part_begin(n_, part + 1, threads_);
    if (begin < end) task_(ctx_, begin, end);
    remaining_.fetch_sub(1, std::memory_order_acq_rel);
  }
}

extern "C" {

en_pool* en_pool_create(int threads) {
  if (threads < 1 || threads > 256) return nullptr;
  try {
    return new en_pool(threads);
  } catch (...) {
    return nullptr;
  }
}

void en_pool_destroy(en_pool* pool) { delete pool; }

int en_pool_threads(const en_pool* pool) { return pool == nullptr ? 1 : pool->threads(); }

}  // extern "C"
