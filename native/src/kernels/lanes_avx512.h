// Internal, AVX-512 translation units only: the 16-lane vector as a traits type (see lanes_avx2.h),
// and the 8-lane one beside it for channel tails of at most 8, where a half-empty 16-lane vector
// would cost twice the work on CPUs that split 512-bit operations in two.
#pragma once

// GCC 12 reports its own _mm512_undefined_ps() inside _mm512_max_ps & co. as "may be used
// uninitialized" once inlined here; a false positive (GCC PR 105593).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "kernels/avx512_util.h"
// After avx512_util.h: under SIMDe emulation its header must come before any AVX-512 name is used.
#include "kernels/lanes_avx2.h"

namespace edgenet {
namespace {

struct Lanes16 {
  using V = __m512;
  using M = __mmask16;
  static constexpr int kLanes = 16;
  static M all() { return static_cast<M>(0xFFFF); }
  static M mask(int lanes) { return lane_mask16(lanes); }
  __attribute__((always_inline)) static V zero() { return _mm512_setzero_ps(); }
  __attribute__((always_inline)) static V load(const float* p, bool masked, M m) { return load16(p, masked, m); }
  __attribute__((always_inline)) static void store(float* p, V v, bool masked, M m) { store16(p, v, masked, m); }
  __attribute__((always_inline)) static V broadcast(const float* p) { return _mm512_set1_ps(*p); }
  __attribute__((always_inline)) static V fmadd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  __attribute__((always_inline)) static V add(V a, V b) { return _mm512_add_ps(a, b); }
  __attribute__((always_inline)) static V relu(V x) { return _mm512_max_ps(_mm512_setzero_ps(), x); }
  __attribute__((always_inline)) static V relu6(V x) { return relu6_16(x); }
  // Makes v opaque to the optimiser: a value loaded once for several FMAs then stays in a
  // register, instead of GCC folding the load into each FMA (one load per FMA again).
  __attribute__((always_inline)) static void pin(V& v) {
#if !defined(EDGENET_EMULATE_AVX512)  // SIMDe's __m512 is no register type
    asm("" : "+v"(v));
#endif
  }
  __attribute__((always_inline)) static V activate(V x, int act) { return activate16(x, act); }
};

}  // namespace
}  // namespace edgenet
