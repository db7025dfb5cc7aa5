// en_fma_peak_gflops: the single-thread multiply-add peak of the active ISA, measured.
#include <algorithm>
#include <chrono>

#include "api/dispatch.h"
#include "kernels/kernels.h"

extern "C" double en_fma_peak_gflops(int milliseconds) {
  using namespace edgenet;
  using Clock = std::chrono::steady_clock;
  if (milliseconds < 1 || milliseconds > 60000) return EN_ERR_ARG;
  const auto variant = EDGENET_PICK_VARIANT_512(fma_probe_ref, fma_probe_avx2, fma_probe_avx512, fma_probe_neon);
  constexpr int64_t kRounds = 1 << 16;  // a fraction of a millisecond per batch on a vector unit
  float sink = 0, keep = 0;
  variant(kRounds, &sink);  // lets the core settle at its vector clock before anything is timed
  keep += sink;
  // The best batch, not the mean: the peak is what the core does when nothing preempts it.
  double best = 0;
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(milliseconds);
  do {
    const Clock::time_point t0 = Clock::now();
    const int64_t flops = variant(kRounds, &sink);
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    keep += sink;
    if (seconds > 0) best = std::max(best, flops / seconds);
  } while (Clock::now() < deadline);
  // Handing the chains' result to an (empty) asm statement makes the compiler keep every batch.
  asm volatile("" : : "m"(keep));
  return best / 1e9;
}
