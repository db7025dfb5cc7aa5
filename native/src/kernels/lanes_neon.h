// Internal, NEON translation units only (aarch64): the 4-lane vector as a traits type with the
// interface of Lanes8 (lanes_avx2.h), so that the kernel templates shared between ISA files
// (dwconv_tile.h, tile_epilogue.h) compile for NEON unchanged. Its mask is a lane count (see
// neon_util.h).
#pragma once

#include "kernels/neon_util.h"

namespace edgenet {
namespace {

struct Lanes4 {
  using V = float32x4_t;
  using M = int;  // lanes in use, 1..4
  static constexpr int kLanes = 4;
  static M all() { return 4; }
  static M mask(int lanes) { return lanes; }
  __attribute__((always_inline)) static V zero() { return vdupq_n_f32(0.0f); }
  __attribute__((always_inline)) static V load(const float* p, bool masked, M m) { return load4(p, masked, m); }
  __attribute__((always_inline)) static void store(float* p, V v, bool masked, M m) { store4(p, v, masked, m); }
  __attribute__((always_inline)) static V broadcast(const float* p) { return vld1q_dup_f32(p); }
  __attribute__((always_inline)) static V fmadd(V a, V b, V c) { return vfmaq_f32(c, a, b); }
  __attribute__((always_inline)) static V add(V a, V b) { return vaddq_f32(a, b); }
  __attribute__((always_inline)) static V relu(V x) { return relu4(x); }
  __attribute__((always_inline)) static V relu6(V x) { return relu6_4(x); }
  // Makes v opaque to the optimiser, as in Lanes8: a value loaded once for several FMAs stays in
  // a register ("w": any SIMD&FP register).
  __attribute__((always_inline)) static void pin(V& v) { asm("" : "+w"(v)); }
  __attribute__((always_inline)) static V activate(V x, int act) { return activate4(x, act); }
};

}  // namespace
}  // namespace edgenet
