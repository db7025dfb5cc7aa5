// Run-time ISA selection: detect once, allow tests and benchmarks to force a variant.
#include "isa.h"

#include <atomic>
#include <initializer_list>

#include "edgenet/edgenet.h"

#if defined(__aarch64__) && defined(__linux__)
#include <asm/hwcap.h>
#include <sys/auxv.h>
#endif

namespace edgenet {
namespace {

bool cpu_supports(int isa) {
  switch (isa) {
    case EN_ISA_SCALAR:
      return true;
#if defined(__x86_64__) && defined(EDGENET_HAVE_AVX2)
    case EN_ISA_AVX2:
      __builtin_cpu_init();
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
#if defined(__x86_64__) && defined(EDGENET_HAVE_AVX512)
    case EN_ISA_AVX512:
#if defined(EDGENET_EMULATE_AVX512)
      return true;  // a test build: SIMDe runs the AVX-512 kernels on AVX2
#else
      // F for the kernels, BW/DQ/VL for the mask and 256-bit forms they use; GCC's check also
      // requires the OS to save the ZMM state.
      __builtin_cpu_init();
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
             __builtin_cpu_supports("fma");
#endif
#endif
#if defined(__aarch64__) && defined(EDGENET_HAVE_NEON)
    case EN_ISA_NEON:
      // Advanced SIMD with FMA is part of every ARMv8-A core; the kernel reports it in HWCAP.
      return (getauxval(AT_HWCAP) & HWCAP_ASIMD) != 0;
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

}  // namespace

int best_isa() {
  static const int best = detect_best();
  return best;
}

int active_isa() {
  int f = forced().load(std::memory_order_relaxed);
  return f == EN_ISA_AUTO ? best_isa() : f;
}

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

}  // extern "C"
