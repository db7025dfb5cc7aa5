// Run-time ISA selection: detect the CPU's features once, pick the best compiled-in variant they
// allow, and let tests and benchmarks force another.
#include "isa.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <initializer_list>

#include "edgenet/edgenet.h"
#include "kernels/kernels.h"

#if defined(__aarch64__) && defined(__linux__)
#include <asm/hwcap.h>
#include <sys/auxv.h>
// Bit values of the Linux arm64 ABI, for kernel headers older than the extensions.
#ifndef HWCAP_FPHP
#define HWCAP_FPHP (1 << 9)
#endif
#ifndef HWCAP_ASIMDHP
#define HWCAP_ASIMDHP (1 << 10)
#endif
#ifndef HWCAP_ASIMDDP
#define HWCAP_ASIMDDP (1 << 20)
#endif
#endif

namespace edgenet {
namespace {

// What the CPU and the OS offer, whatever this build compiled in.
int detect_cpu_features() {
  int features = 0;
#if defined(__x86_64__)
  // GCC's checks also require the OS to save the YMM/ZMM state.
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) features |= EN_CPU_AVX2;
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")) {
    features |= EN_CPU_AVX512;
  }
#elif defined(__aarch64__) && defined(__linux__)
  // The kernel's HWCAPs say what user space may execute (the ID registers alone do not).
  const unsigned long hwcap = getauxval(AT_HWCAP);
  if (hwcap & HWCAP_ASIMD) features |= EN_CPU_NEON;
  if (hwcap & HWCAP_ASIMDDP) features |= EN_CPU_DOTPROD;
  // A vector fp16 kernel also uses scalar fp16 in its tails: both halves of FEAT_FP16.
  if ((hwcap & HWCAP_FPHP) && (hwcap & HWCAP_ASIMDHP)) features |= EN_CPU_FP16;
#elif defined(__aarch64__)
  features |= EN_CPU_NEON;  // Advanced SIMD is part of every ARMv8-A core
#endif
  return features;
}

int cpu_features() {
  static const int features = detect_cpu_features();
  return features;
}

bool has(int feature) { return (cpu_features() & feature) != 0; }

bool cpu_supports(int isa) {
  switch (isa) {
    case EN_ISA_SCALAR:
      return true;
#if defined(__x86_64__) && defined(EDGENET_HAVE_AVX2)
    case EN_ISA_AVX2:
      return has(EN_CPU_AVX2);
#endif
#if defined(__x86_64__) && defined(EDGENET_HAVE_AVX512)
    case EN_ISA_AVX512:
#if defined(EDGENET_EMULATE_AVX512)
      return has(EN_CPU_AVX2);  // a test build: SIMDe runs the AVX-512 kernels on AVX2
#else
      // The AVX-512 kernels fall back to AVX2 ones where they have none.
      return has(EN_CPU_AVX512) && has(EN_CPU_AVX2);
#endif
#endif
#if defined(__aarch64__) && defined(EDGENET_HAVE_NEON)
    case EN_ISA_NEON:
      return has(EN_CPU_NEON);  // Advanced SIMD with FMA: every ARMv8-A core
#endif
    default:
      return false;
  }
}

int detect_best() {
  for (int isa : {EN_ISA_AVX512, EN_ISA_AVX2, EN_ISA_NEON}) {
    if (cpu_supports(isa)) return isa;
  }
  return EN_ISA_SCALAR;
}

std::atomic<int>& forced() {
  static std::atomic<int> value{EN_ISA_AUTO};
  return value;
}

#if defined(__x86_64__) && defined(EDGENET_HAVE_AVX512)
// Best rate of a few short batches (a few microseconds each; the first lets the vector unit wake).
double fma_rate(int64_t (*probe)(int64_t, float*)) {
  using Clock = std::chrono::steady_clock;
  float sink = 0;
  double best = 0;
  for (int batch = 0; batch < 8; ++batch) {
    const Clock::time_point t0 = Clock::now();
    const int64_t flops = probe(1024, &sink);
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    if (batch > 0 && seconds > 0) best = std::max(best, flops / seconds);
  }
  return best;
}

bool measure_full_width() {
  if (!cpu_supports(EN_ISA_AVX512)) return false;
  return fma_rate(fma_probe_avx512) > 1.4 * fma_rate(fma_probe_avx2);
}
#else
bool measure_full_width() { return false; }
#endif

std::atomic<int>& forced_full_width() {
  static std::atomic<int> value{-1};
  return value;
}

}  // namespace

int best_isa() {
  static const int best = detect_best();
  return best;
}

int active_isa() {
  int f = forced().load(std::memory_order_relaxed);
  return f == EN_ISA_AUTO ? best_isa() : f;
}

bool avx512_full_width() {
  const int f = forced_full_width().load(std::memory_order_relaxed);
  if (f >= 0) return f == 1;
  static const bool measured = measure_full_width();
  return measured;
}

void force_avx512_full_width(int value) { forced_full_width().store(value < 0 ? -1 : value != 0); }

}  // namespace edgenet

extern "C" {

int en_isa_best(void) { return edgenet::best_isa(); }
int en_isa_active(void) { return edgenet::active_isa(); }
int en_isa_supported(int isa) { return edgenet::cpu_supports(isa) ? 1 : 0; }

int en_isa_force(int isa) {
  if (isa != EN_ISA_AUTO && !edgenet::cpu_supports(isa)) return EN_ERR_ISA;
  edgenet::forced().store(isa, std::memory_order_relaxed);
  return EN_OK;
}

const char* en_isa_name(int isa) {
  switch (isa) {
    case EN_ISA_SCALAR: return "scalar";
    case EN_ISA_AVX2: return "avx2";
    case EN_ISA_AVX512: return "avx512";
    case EN_ISA_NEON: return "neon";
    default: return "unknown";
  }
}

int en_cpu_features(void) { return edgenet::cpu_features(); }

const char* en_cpu_feature_name(int feature) {
  switch (feature) {
    case EN_CPU_AVX2: return "avx2";
    case EN_CPU_AVX512: return "avx512";
    case EN_CPU_NEON: return "neon";
    case EN_CPU_DOTPROD: return "dotprod";
    case EN_CPU_FP16: return "fp16";
    default: return "unknown";
  }
}

}  // extern "C"
