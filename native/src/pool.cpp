// Persistent workers for a stream of short jobs (a network is dozens to hundreds of kernels of
// 5-500 us, issued back to back through JNI).
//
// Waiting for a job: a worker spins (with a pause instruction) for kWorkerSpin after its last
// chunk, then sleeps on a condition variable. Waking a sleeping thread costs tens of microseconds
// on a VM, more than many whole kernels, and the next kernel usually comes within a few
// microseconds, so the spin saves that wake on every op of a run; bounded, it costs an idle
// process nothing once the stream stops (at most kWorkerSpin of one core per worker per burst).
//
// Splitting a job: chunks claimed with a compare-and-swap, each thread owning a contiguous part of
// them (see pool.h). A worker that is asleep or descheduled therefore never holds the caller up:
// the caller takes its chunks over, and the job degrades to one thread's speed instead of waiting
// for the scheduler. This matters on a shared machine, where a static split made two threads many
// times slower than one as soon as another process wanted a core.
//
// Backing off: taking chunks over does not help with a chunk already claimed by a thread that the
// scheduler then took off its core for a time slice (milliseconds: more than most whole ops). When
// the caller had to wait for such a chunk, or did a whole job alone while the workers should have
// been spinning, it runs the following jobs alone for a while (see kMinBackoff), so a busy
// machine costs the second thread's speed-up and no more.
#include "pool.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "edgenet/edgenet.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define EDGENET_CPU_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define EDGENET_CPU_RELAX() asm volatile("yield")
#else
#define EDGENET_CPU_RELAX() ((void)0)
#endif

namespace {

using Clock = std::chrono::steady_clock;

// Idle worker: spin this long after its last chunk before sleeping. Covers the gap between two ops
// (a JNI call, a few us) with a wide margin and the gap between two images when they are streamed.
constexpr auto kWorkerSpin = std::chrono::microseconds(200);
constexpr auto kWorkerYieldAfter = std::chrono::microseconds(20);
// Caller waiting for chunks other threads are running: spin this long, then yield the core on
// every check (the thread it waits for may need that core, when threads outnumber free cores).
constexpr auto kCallerSpin = std::chrono::microseconds(50);
// Chunks per part: enough that a late thread's work can be taken over in pieces, few enough that
// claiming (one CAS each) and the kernel's per-call setup stay negligible.
constexpr int64_t kChunksPerPart = 4;
// A job is late when the caller, out of chunks, waited for another thread's chunk this long and
// several times as long as one of its own chunks took: the other thread was descheduled mid-chunk
// (a scheduler time slice is milliseconds), not merely a chunk behind.
constexpr auto kLateWait = std::chrono::microseconds(250);
constexpr int kLateChunks = 4;
// Long enough for a spinning worker to see a job and claim a chunk many times over.
constexpr auto kAbsentAfter = std::chrono::microseconds(20);
// After a late job the caller runs jobs alone this long, doubling (up to the maximum) while
// parallel attempts keep being late; one on-time job resets it. A late attempt costs about one
// time slice, so at the maximum the attempts cost ~1% of the time on a machine that stays busy.
constexpr auto kMinBackoff = std::chrono::milliseconds(2);
constexpr auto kMaxBackoff = std::chrono::milliseconds(256);

constexpr uint64_t pack(uint32_t front, uint32_t back) { return static_cast<uint64_t>(front) << 32 | back; }
constexpr uint32_t front_of(uint64_t w) { return static_cast<uint32_t>(w >> 32); }
constexpr uint32_t back_of(uint64_t w) { return static_cast<uint32_t>(w); }

// First unit of chunk i when n units are cut into `chunks` nearly equal chunks (no overflow).
int64_t chunk_begin(int64_t n, int64_t chunks, int64_t i) {
  const int64_t q = n / chunks, r = n % chunks;
  return i * q + (i < r ? i : r);
}

}  // namespace

en_pool::en_pool(int threads)
    : threads_(threads),
      parts_(new Part[static_cast<size_t>(threads)]),
      grain_ns_(EN_POOL_DEFAULT_GRAIN_NS),
      backoff_(kMinBackoff),
      scratch_(new Scratch[static_cast<size_t>(threads)]) {
  workers_.reserve(static_cast<size_t>(threads - 1));
  try {
    for (int part = 1; part < threads; ++part) workers_.emplace_back([this, part] { worker_loop(part); });
  } catch (...) {
    // Thread creation failed part way: stop those already started before the members go.
    stop_.store(true);
    job_.fetch_add(1);
    { std::lock_guard<std::mutex> lock(wake_mutex_); }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
    throw;
  }
}

en_pool::~en_pool() {
  stop_.store(true);
  job_.fetch_add(1);
  // Taking the mutex orders this against a worker between its last check and its wait.
  { std::lock_guard<std::mutex> lock(wake_mutex_); }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

bool en_pool::claim_front(int part, uint32_t* chunk) {
  std::atomic<uint64_t>& range = parts_[part].range;
  uint64_t w = range.load(std::memory_order_acquire);
  while (front_of(w) < back_of(w)) {
    if (range.compare_exchange_weak(w, pack(front_of(w) + 1, back_of(w)), std::memory_order_acq_rel,
                                    std::memory_order_acquire)) {
      *chunk = front_of(w);
      return true;
    }
  }
  return false;
}

bool en_pool::claim_back(int part, uint32_t* chunk) {
  std::atomic<uint64_t>& range = parts_[part].range;
  uint64_t w = range.load(std::memory_order_acquire);
  while (front_of(w) < back_of(w)) {
    if (range.compare_exchange_weak(w, pack(front_of(w), back_of(w) - 1), std::memory_order_acq_rel,
                                    std::memory_order_acquire)) {
      *chunk = back_of(w) - 1;
      return true;
    }
  }
  return false;
}

// Only after a successful claim: the claim's acquire made the job's fields visible, and the job
// cannot end (nor the fields change) before this chunk is counted in done_.
void en_pool::run_chunk(uint32_t chunk) {
  task_(ctx_, chunk_begin(n_, chunks_, chunk), chunk_begin(n_, chunks_, chunk + 1));
  done_.fetch_add(1, std::memory_order_release);
}

int64_t en_pool::work(int home) {
  int64_t ran = 0;
  uint32_t chunk;
  while (claim_front(home, &chunk)) {
    run_chunk(chunk);
    ++ran;
  }
  // Then help the others, from the far end of their parts (the end their owners reach last).
  for (int step = 1; step < threads_; ++step) {
    const int victim = (home + step) % threads_;
    while (claim_back(victim, &chunk)) {
      run_chunk(chunk);
      ++ran;
    }
  }
  return ran;
}

void en_pool::run(int64_t n, int parts, Task task, void* ctx) {
  if (n <= 0) return;
  if (parts > threads_) parts = threads_;
  if (parts < 2) {
    task(ctx, 0, n);
    return;
  }
  std::lock_guard<std::mutex> job_lock(run_mutex_);
  const auto start = Clock::now();
  if (start < inline_until_) {
    task(ctx, 0, n);
    return;
  }
  const int64_t chunks = n < parts * kChunksPerPart ? n : parts * kChunksPerPart;
  task_ = task;
  ctx_ = ctx;
  n_ = n;
  chunks_ = chunks;
  active_parts_.store(parts, std::memory_order_relaxed);
  done_.store(0, std::memory_order_relaxed);
  // Publish the chunks (release: a thread that claims one sees the fields above). Parts beyond
  // `parts` stay empty; their owners find work only by stealing.
  for (int p = 0; p < parts; ++p)
    parts_[p].range.store(pack(static_cast<uint32_t>(chunks * p / parts), static_cast<uint32_t>(chunks * (p + 1) / parts)),
                          std::memory_order_release);
  job_.fetch_add(1, std::memory_order_seq_cst);
  // Wake sleepers only if there are any: the common case (workers spinning) costs no system call.
  // seq_cst on both sides: a worker about to sleep either sees the new job or is seen here.
  const bool all_awake = sleepers_.load(std::memory_order_seq_cst) == 0;
  if (!all_awake) {
    { std::lock_guard<std::mutex> lock(wake_mutex_); }
    wake_.notify_all();
  }

  const int64_t own = work(0);
  const auto idle = Clock::now();
  // Workers that were spinning, and so would have joined within a microsecond, took no chunk
  // during the whole job: they are not on a core. Running alone meanwhile also spares the core
  // time their spinning would take.
  if (own == chunks && all_awake && idle - start > kAbsentAfter) {
    back_off(idle);
    return;
  }
  // Chunks still running on other threads: they were claimed, so they are under way.
  if (done_.load(std::memory_order_acquire) == chunks) {
    backoff_ = kMinBackoff;
    return;
  }
  const auto spin_until = idle + kCallerSpin;
  for (unsigned i = 0; done_.load(std::memory_order_acquire) != chunks; ++i) {
    if (i % 64 != 0 || Clock::now() < spin_until) {
      EDGENET_CPU_RELAX();
    } else {
      std::this_thread::yield();
    }
  }
  const auto end = Clock::now();
  const auto waited = end - idle;
  if (waited > kLateWait && waited > kLateChunks * (idle - start) / (own > 0 ? own : 1)) {
    back_off(end);
  } else {
    backoff_ = kMinBackoff;
  }
}

void en_pool::FreeFloats::operator()(float* p) const { std::free(p); }

float* en_pool::scratch(int slot, int64_t floats) {
  if (slot < 0 || slot >= threads_ || floats < 1) return nullptr;
  Scratch& s = scratch_[slot];
  if (s.floats < floats) {
    // aligned_alloc wants a multiple of the alignment.
    constexpr int64_t kAlignFloats = 16;
    if (floats > (INT64_MAX / static_cast<int64_t>(sizeof(float))) - kAlignFloats) return nullptr;
    const int64_t rounded = (floats + kAlignFloats - 1) / kAlignFloats * kAlignFloats;
    s.data.reset(static_cast<float*>(std::aligned_alloc(64, static_cast<size_t>(rounded) * sizeof(float))));
    s.floats = s.data ? rounded : 0;
  }
  return s.data.get();
}

void en_pool::back_off(Clock::time_point now) {
  inline_until_ = now + backoff_;
  backoff_ = std::min<Clock::duration>(2 * backoff_, kMaxBackoff);
}

void en_pool::worker_loop(int part) {
  uint64_t seen = 0;  // jobs start at 1: a worker that starts late still joins the first one
  for (;;) {
    // Wait for a job: spin, then sleep.
    uint64_t current = job_.load(std::memory_order_acquire);
    if (current == seen) {
      const auto spin_start = Clock::now();
      for (unsigned i = 1; current == seen; ++i) {
        EDGENET_CPU_RELAX();
        current = job_.load(std::memory_order_acquire);
        if (i % 64 == 0) {
          const auto spun = Clock::now() - spin_start;
          if (spun >= kWorkerSpin) break;
          // Past the usual gap between two ops, offer the core to any thread waiting for it (the
          // caller, when the two share a core on a busy machine).
          if (spun >= kWorkerYieldAfter) std::this_thread::yield();
        }
      }
    }
    if (current == seen) {
      sleepers_.fetch_add(1, std::memory_order_seq_cst);
      std::unique_lock<std::mutex> lock(wake_mutex_);
      wake_.wait(lock, [&] { return job_.load(std::memory_order_seq_cst) != seen; });
      sleepers_.fetch_sub(1, std::memory_order_relaxed);
      current = job_.load(std::memory_order_acquire);
    }
    if (stop_.load(std::memory_order_acquire)) return;
    seen = current;
    // A job estimated too small for all threads leaves the higher parts empty: sit it out rather
    // than compete for its few chunks.
    if (part < active_parts_.load(std::memory_order_relaxed)) work(part);
  }
}

namespace edgenet {

namespace {
// Single-thread throughput assumed by the work estimate (a Zen 3/4 or Cortex-A76 class core, the
// AVX2/NEON kernels): the split decision needs the right order of magnitude, not more.
constexpr double kMacsPerNano = 8.0;
constexpr double kBytesPerNano = 16.0;
}  // namespace

int parts_for(const en_pool* pool, const Work& work) {
  const int threads = pool == nullptr ? 1 : pool->threads();
  if (threads == 1) return 1;
  const int64_t grain = pool->grain_ns();
  if (grain == 0) return threads;
  const double parts = (work.macs / kMacsPerNano + work.bytes / kBytesPerNano) / static_cast<double>(grain);
  return parts >= threads ? threads : parts < 1 ? 1 : static_cast<int>(parts);
}

}  // namespace edgenet

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

int en_pool_set_grain_ns(en_pool* pool, int64_t ns) {
  if (pool == nullptr || ns < 0) return EN_ERR_ARG;
  pool->set_grain_ns(ns);
  return EN_OK;
}

}  // extern "C"
