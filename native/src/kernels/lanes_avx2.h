// Internal, AVX2 (and AVX-512) translation units only: the 8-lane vector as a traits type, so that
// kernel templates shared between ISA files (dwconv_tile.h, conv2d_tile.h) can be written once.
#pragma once

#include "kernels/avx2_util.h"

namespace edgenet {
namespace {

struct Lanes8 {
  using V = __m256;
  using M = __m256i;
  static constexpr int kLanes = 8;
  static M all() { return _mm256_set1_epi32(-1); }
  static M mask(int lanes) { return lane_mask(lanes); }
  __attribute__((always_inline)) static V zero() { return _mm256_setzero_ps(); }
  __attribute__((always_inline)) static V load(const float* p, bool masked, M m) { return load8(p, masked, m); }
  __attribute__((always_inline)) static void store(float* p, V v, bool masked, M m) { store8(p, v, masked, m); }
  __attribute__((always_inline)) static V broadcast(const float* p) { return _mm256_broadcast_ss(p); }
  __attribute__((always_inline)) static V fmadd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  __attribute__((always_inline)) static V add(V a, V b) { return _mm256_add_ps(a, b); }
  __attribute__((always_inline)) static V relu(V x) { return _mm256_max_ps(_mm256_setzero_ps(), x); }
  __attribute__((always_inline)) static V relu6(V x) { return relu6_8(x); }
  // Makes v opaque to the optimiser: a value loaded once for several FMAs then stays in a
  // register, instead of GCC folding the load into each FMA (one load per FMA again).
  __attribute__((always_inline)) static void pin(V& v) { asm("" : "+x"(v)); }
  __attribute__((always_inline)) static V activate(V x, int act) { return activate8(x, act); }
};

}  // namespace
}  // namespace edgenet
