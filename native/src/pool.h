// Internal: the persistent thread pool behind en_pool, and parallel_for over it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

struct en_pool {
  using Task = void (*)(void* ctx, int64_t begin, int64_t end);

  explicit en_pool(int threads);
  ~en_pool();
  en_pool(const en_pool&) = delete;
  en_pool& operator=(const en_pool&) = delete;

  int threads() const { return threads_; }
  // Splits [0, n) into threads() contiguous parts; the caller runs part 0. Blocks until all are done.
  void run(int64_t n, Task task, void* ctx);

 private:
  void worker_loop(int part);

  const int threads_;
  std::vector<std::thread> workers_;
  std::mutex run_mutex_;  // one job at a time
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> remaining_{0};
  bool stop_ = false;  // guarded by wake_mutex_
  Task task_ = nullptr;
  void* ctx_ = nullptr;
  int64_t n_ = 0;
};

namespace edgenet {

// Runs body(begin, end) over [0, n) split across the pool (or inline if pool is null or n is small).
template <typename Body>
void parallel_for(en_pool* pool, int64_t n, Body&& body) {
  if (pool == nullptr || pool->threads() == 1 || n < 2) {
    if (n > 0) body(int64_t{0}, n);
    return;
  }
  auto trampoline = [](void* ctx, int64_t b, int64_t e) { (*static_cast<Body*>(ctx))(b, e); };
  pool->run(n, trampoline, &body);
}

}  // namespace edgenet
