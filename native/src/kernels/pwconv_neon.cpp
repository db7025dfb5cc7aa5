// NEON pointwise convolution (ARMv8-A, tuned for Cortex-A72): a register-blocked GEMM
// micro-kernel, [m x cin] * [cin x cout], over the packed weight panels (kernels.h), with bias,
// residual and activation applied to the accumulators before the single store.
//
// The tiling. A column tile is one 16-channel panel, read as 4 vectors (the last panel of a layer
// as only the 1-3 vectors it needs: cout = 24 is one tile of 4 vectors and one of 2). Each k step
// multiplies one panel row (4 weight vectors) by the input of every pixel of the tile with
// vfmaq_laneq_f32: a pixel's input is loaded 4 channels (k .. k+3) at a time, one vector, and lane
// j of it feeds step k+j: one input load per pixel for 4 k, where a broadcast input (the x86
// kernels' way) costs one per pixel and k.
// Tiles are 4 pixels x 4 vectors (16 accumulators, 4 input vectors, 4 weight vectors), 5 x 3,
// 6 x 2 and 8 x 1: at least 8 independent FMA chains, and a k loop that GCC 12 compiles without
// a spill or a register move (checked in the disassembly: 85 instructions for 64 FMAs in the
// 4 x 4 loop). 5 x 4 (29 registers) or 6 x 3 would fit the 32 registers on paper, but GCC then
// splits accumulator live ranges: its 5 x 4 loop stored and reloaded accumulators on the stack (9
// accesses) and added 7 register moves per 80 FMAs, each move taking an FP/SIMD slot from the FMAs.
//
// Every output is the chain fma(x[k], w[k], acc) for k = 0..cin-1 in order from 0 (the last
// cin % 4 steps with a broadcast input instead of a lane, the same operation), then + bias,
// + residual, activation: no tile shape or split changes a result. A strided input channel
// (in_cs > 1, a folded channel shuffle) gathers the 4 channels lane by lane; a strided output
// (out_cs > 1) is scattered.
#include <arm_neon.h>

#include <algorithm>

#include "kernels/kernels.h"
#include "kernels/neon_util.h"
#include "kernels/pwconv_tiling.h"

namespace edgenet {
namespace {

template <int NV>
constexpr int tile_rows() {
  return NV == 4 ? 4 : NV == 3 ? 5 : NV == 2 ? 6 : 8;
}

// Channels k .. k+3 of one pixel, at a, a + cs, a + 2 cs, a + 3 cs.
template <bool DENSE>
__attribute__((always_inline)) inline float32x4_t load_channels4(const float* a, int64_t cs) {
  if constexpr (DENSE) {
    return vld1q_f32(a);
  } else {
    float32x4_t x = vld1q_dup_f32(a);
    x = vld1q_lane_f32(a + cs, x, 1);
    x = vld1q_lane_f32(a + 2 * cs, x, 2);
    return vld1q_lane_f32(a + 3 * cs, x, 3);
  }
}

// Step k + J: acc[r][v] += w_row[4 v .. 4 v + 3] * lane J of x[r]. (A template, since the lane
// of vfmaq_laneq_f32 must be a constant.)
template <int J, int MR, int NV>
__attribute__((always_inline)) inline void fma_lane(const float* w_row, const float32x4_t (&x)[MR],
                                                    float32x4_t (&acc)[MR][NV]) {
  float32x4_t wv[NV];
  #pragma GCC unroll 4
  for (int v = 0; v < NV; ++v) wv[v] = vld1q_f32(w_row + 4 * v);
  #pragma GCC unroll 8
  for (int r = 0; r < MR; ++r)
    #pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[r][v] = vfmaq_laneq_f32(acc[r][v], wv[v], x[r], J);
}

// acc[r][v] = sum over k in order of in[row r][k] * weight[k][c0 + 4 v + lane], one FMA chain
// each, c0 at the start of a panel. Row r is pixel q0 + r, or with CLAMP (a short tile) pixel
// q0 + min(r, rows - 1): the duplicate rows are computed and never stored. DENSE: in_cs == 1.
template <int MR, int NV, bool CLAMP, bool DENSE>
__attribute__((always_inline)) inline void multiply(const PwconvParams& p, int64_t q0, int rows, int c0,
                                                    const float* prefetch, float32x4_t (&acc)[MR][NV]) {
  // Parameters in locals: the compiler cannot keep struct fields in registers across the loop.
  const int cin = p.cin;
  const int64_t in_ps = p.in_ps, in_cs = DENSE ? 1 : p.in_cs;
  const float* a = p.in + q0 * in_ps;
  const float* w = p.weight + c0 / kPwconvPanel * static_cast<int64_t>(kPwconvPanel) * cin;
  int64_t row_offset[MR];
  #pragma GCC unroll 8
  for (int r = 0; r < MR; ++r) row_offset[r] = (CLAMP && r >= rows ? rows - 1 : r) * in_ps;

  #pragma GCC unroll 8
  for (int r = 0; r < MR; ++r)
    #pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[r][v] = vdupq_n_f32(0.0f);

  int k = 0;
  for (; k + 4 <= cin; k += 4, a += 4 * in_cs, w += 4 * kPwconvPanel, prefetch += 4 * kPwconvPanel) {
    // One 64-byte line of the next column tile's panel per k (pwconv_tiling.h), as on x86.
    __builtin_prefetch(prefetch, 0, 2);
    __builtin_prefetch(prefetch + kPwconvPanel, 0, 2);
    __builtin_prefetch(prefetch + 2 * kPwconvPanel, 0, 2);
    __builtin_prefetch(prefetch + 3 * kPwconvPanel, 0, 2);
    float32x4_t x[MR];
    #pragma GCC unroll 8
    for (int r = 0; r < MR; ++r) x[r] = load_channels4<DENSE>(a + row_offset[r], in_cs);
    fma_lane<0>(w, x, acc);
    fma_lane<1>(w + kPwconvPanel, x, acc);
    fma_lane<2>(w + 2 * kPwconvPanel, x, acc);
    fma_lane<3>(w + 3 * kPwconvPanel, x, acc);
  }
  for (; k < cin; ++k, a += in_cs, w += kPwconvPanel, prefetch += kPwconvPanel) {
    __builtin_prefetch(prefetch, 0, 2);
    float32x4_t wv[NV];
    #pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) wv[v] = vld1q_f32(w + 4 * v);
    #pragma GCC unroll 8
    for (int r = 0; r < MR; ++r) {
      const float32x4_t x = vld1q_dup_f32(a + row_offset[r]);
      #pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[r][v] = vfmaq_f32(acc[r][v], wv[v], x);
    }
  }
}

// The activations in four families, each one code path whose members differ only in run-time
// constants (as in pwconv_avx512.cpp), each computing exactly what activate4 does, operation for
// operation (the extra steps are exact: min with +inf, max with -inf, multiplication by 1):
//   kClamp:  min(hi, max(lo, y)): none (-inf, +inf), ReLU6 (0, 6);
//   kRelu:   relu4 (it keeps -0, where max(0, -0) would give +0);
//   kHard:   (s * relu6(y + 3)) / 6 with s = y (h-swish) or 1 (h-sigmoid);
//   kSmooth: s / (1 + exp(-y)) with s = y (SiLU) or 1 (sigmoid).
enum ActFamily { kClamp, kRelu, kHard, kSmooth };

struct ActConstants {
  float32x4_t lo, hi;
  uint32x4_t s_is_y;  // all bits for h-swish and SiLU, zero otherwise
  explicit ActConstants(int act) {
    const float inf = __builtin_inff();
    lo = vdupq_n_f32(act == EN_ACT_RELU6 ? 0.0f : -inf);
    hi = vdupq_n_f32(act == EN_ACT_RELU6 ? 6.0f : inf);
    s_is_y = vdupq_n_u32(act == EN_ACT_HSWISH || act == EN_ACT_SILU ? ~0u : 0u);
  }
};

inline ActFamily family_of(int act) {
  return act == EN_ACT_RELU                              ? kRelu
         : act == EN_ACT_HSWISH || act == EN_ACT_HSIGMOID ? kHard
         : act == EN_ACT_SILU || act == EN_ACT_SIGMOID    ? kSmooth
                                                          : kClamp;
}

template <ActFamily F>
__attribute__((always_inline)) inline float32x4_t activate_family(float32x4_t y, const ActConstants& c) {
  const float32x4_t one = vdupq_n_f32(1.0f);
  if constexpr (F == kClamp) {
    return vminq_f32(c.hi, vmaxq_f32(c.lo, y));
  } else if constexpr (F == kRelu) {
    return relu4(y);
  } else if constexpr (F == kHard) {
    const float32x4_t r = relu6_4(vaddq_f32(y, vdupq_n_f32(3.0f)));
    return vdivq_f32(vmulq_f32(vbslq_f32(c.s_is_y, y, one), r), vdupq_n_f32(6.0f));
  } else {
    return vdivq_f32(vbslq_f32(c.s_is_y, y, one), one_plus_exp_neg4(y));
  }
}

// Dense output (out_cs == 1): out = act(acc + bias + residual) for the first `rows` rows. The bias
// is zero-padded to whole panels; the residual load and the store of a partial last vector
// (lanes_last < 4) move only its valid lanes.
template <int MR, int NV, bool CLAMP, ActFamily F>
__attribute__((always_inline)) inline void store_dense(const PwconvParams& p, int64_t q0, int rows, int c0,
                                                       int lanes_last, float32x4_t (&acc)[MR][NV]) {
  const ActConstants act(p.act);
  float32x4_t bias[NV];
  #pragma GCC unroll 4
  for (int v = 0; v < NV; ++v) bias[v] = p.bias != nullptr ? vld1q_f32(p.bias + c0 + 4 * v) : vdupq_n_f32(0.0f);
  const bool full = lanes_last == 4;
  const int64_t out_ps = p.out_ps, res_ps = p.res_ps;
  float* out = p.out + q0 * out_ps + c0;
  const float* res = p.residual != nullptr ? p.residual + q0 * res_ps + c0 : nullptr;
  #pragma GCC unroll 8
  for (int r = 0; r < MR; ++r) {
    if (CLAMP && r >= rows) break;
    #pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) {
      const bool partial = v == NV - 1 && !full;
      float32x4_t y = p.bias != nullptr ? vaddq_f32(acc[r][v], bias[v]) : acc[r][v];
      if (res != nullptr) y = vaddq_f32(y, load4(res + r * res_ps + 4 * v, partial, lanes_last));
      store4(out + r * out_ps + 4 * v, activate_family<F>(y, act), partial, lanes_last);
    }
  }
}

// Strided output (out_cs > 1, the grouped and shuffled layers): the same arithmetic on
// accumulators parked in `acc` ([rows][vectors * 4]), in a loop with the activation chosen at run
// time (activate4), which keeps this rarer path from being compiled per tile shape.
__attribute__((noinline)) void store_strided(const PwconvParams& p, int64_t q0, int c0, int lanes_last,
                                             const float* acc, int rows, int vectors) {
  const int64_t cs = p.out_cs;
  for (int r = 0; r < rows; ++r) {
    float* out = p.out + (q0 + r) * p.out_ps + c0 * cs;
    const float* res = p.residual != nullptr ? p.residual + (q0 + r) * p.res_ps + c0 : nullptr;
    for (int v = 0; v < vectors; ++v) {
      const int lanes = v == vectors - 1 ? lanes_last : 4;
      float32x4_t y = vld1q_f32(acc + (r * vectors + v) * 4);
      if (p.bias != nullptr) y = vaddq_f32(y, vld1q_f32(p.bias + c0 + 4 * v));
      if (res != nullptr) y = vaddq_f32(y, load_lanes4(res + 4 * v, lanes));
      float tmp[4];
      vst1q_f32(tmp, activate4(y, p.act));
      float* dst = out + 4 * v * cs;
      for (int i = 0; i < lanes; ++i) dst[i * cs] = tmp[i];
    }
  }
}

// Applies bias, residual and activation to the accumulators of MR (CLAMP: the first `rows`) pixels
// x NV vectors at (pixel q0, channel c0) and stores them; the last vector has lanes_last (1..4)
// valid channels.
template <int MR, int NV, bool CLAMP>
__attribute__((always_inline)) inline void finish(const PwconvParams& p, int64_t q0, int rows, int c0,
                                                  int lanes_last, float32x4_t (&acc)[MR][NV]) {
  if (p.out_cs != 1) {
    float parked[MR * NV * 4];
    #pragma GCC unroll 8
    for (int r = 0; r < MR; ++r)
      #pragma GCC unroll 16
      for (int v = 0; v < NV; ++v) vst1q_f32(parked + (r * NV + v) * 4, acc[r][v]);
    store_strided(p, q0, c0, lanes_last, parked, CLAMP ? rows : MR, NV);
    return;
  }
  switch (family_of(p.act)) {
    case kClamp: store_dense<MR, NV, CLAMP, kClamp>(p, q0, rows, c0, lanes_last, acc); break;
    case kRelu: store_dense<MR, NV, CLAMP, kRelu>(p, q0, rows, c0, lanes_last, acc); break;
    case kHard: store_dense<MR, NV, CLAMP, kHard>(p, q0, rows, c0, lanes_last, acc); break;
    default: store_dense<MR, NV, CLAMP, kSmooth>(p, q0, rows, c0, lanes_last, acc); break;
  }
}

// One tile of MR (CLAMP: up to MR) pixels x NV vectors at (pixel q0, channel c0); its last vector
// has lanes_last (1..4) valid channels.
template <int MR, int NV, bool CLAMP>
void tile(const PwconvParams& p, int64_t q0, int rows, int c0, int lanes_last, const float* prefetch) {
  float32x4_t acc[MR][NV];
  if (p.in_cs == 1) {
    multiply<MR, NV, CLAMP, true>(p, q0, rows, c0, prefetch, acc);
  } else {
    multiply<MR, NV, CLAMP, false>(p, q0, rows, c0, prefetch, acc);
  }
  finish<MR, NV, CLAMP>(p, q0, rows, c0, lanes_last, acc);
}

// A tile of `rows` (1..R) pixels: exact shapes for the heights an even split of a longer run
// produces (more than half the full height), one clamped half-height shape for the short runs.
template <int NV, int R>
void tile_of_height(const PwconvParams& p, int64_t q0, int rows, int c0, int lanes_last, const float* prefetch) {
  constexpr int kHalf = tile_rows<NV>() / 2;
  if constexpr (R > kHalf) {
    if (rows == R) {
      tile<R, NV, false>(p, q0, rows, c0, lanes_last, prefetch);
    } else {
      tile_of_height<NV, R - 1>(p, q0, rows, c0, lanes_last, prefetch);
    }
  } else {
    tile<kHalf, NV, true>(p, q0, rows, c0, lanes_last, prefetch);
  }
}

// Pixels [q_begin, q_end) of the NV-vector column tile (one panel) at c0, prefetching the next
// panel while the first pixel tile runs (pwconv_tiling.h).
template <int NV>
void column_tile(const PwconvParams& p, int64_t q_begin, int64_t q_end, int c0, int lanes_last, int64_t next_panel,
                 int64_t next_panels) {
  constexpr int MR = tile_rows<NV>();
  const float* own = p.weight + c0 / kPwconvPanel * static_cast<int64_t>(kPwconvPanel) * p.cin;
  int64_t index = 0;
  for_each_even_part(q_begin, q_end, MR, [&](int64_t q0, int64_t rows) {
    tile_of_height<NV, MR>(p, q0, static_cast<int>(rows), c0, lanes_last,
                           pwconv_prefetch_window(p, next_panel, next_panels, index++, own));
  });
}

// ---- one pixel at a time (pwconv_tiling.h's kRowPixels), as in pwconv_avx512.cpp ----

// One pixel x NV vectors (NV / 4 panels side by side, each line prefetched kRowPrefetchLines
// ahead). fma by a broadcast input is the operation the lane form does, so the results equal
// the pixel tiles'.
constexpr int kRowVectors = 16;
constexpr int kRowPrefetchLines = 16;

template <int NV>
void row_tile(const PwconvParams& p, int64_t q, int c0, int lanes_last) {
  const int cin = p.cin;
  const int64_t in_cs = p.in_cs;
  const int64_t panel_stride = static_cast<int64_t>(kPwconvPanel) * cin;
  const float* a = p.in + q * p.in_ps;
  const float* w = p.weight + c0 / kPwconvPanel * panel_stride;  // c0 starts a panel
  float32x4_t acc[1][NV];
  #pragma GCC unroll 16
  for (int v = 0; v < NV; ++v) acc[0][v] = vdupq_n_f32(0.0f);
  for (int k = 0; k < cin; ++k, a += in_cs, w += kPwconvPanel) {
    const float x = *a;
    #pragma GCC unroll 16
    for (int v = 0; v < NV; ++v) {
      const float* wv = w + v / 4 * panel_stride + v % 4 * 4;
      if (v % 4 == 0) __builtin_prefetch(wv + kRowPrefetchLines * kPwconvPanel, 0, 3);
      acc[0][v] = vfmaq_n_f32(acc[0][v], vld1q_f32(wv), x);
    }
  }
  finish<1, NV, false>(p, q, 1, c0, lanes_last, acc);
}

void rows(const PwconvParams& p, int64_t pixel_begin, int64_t pixel_end, int col_begin, int col_end) {
  auto tile = [&](int64_t q, int c0, auto nv, int lanes) { row_tile<decltype(nv)::value>(p, q, c0, lanes); };
  for_each_row_tile<4, kRowVectors>(pixel_begin, pixel_end, col_begin, col_end, tile);
}

}  // namespace

void pwconv_neon(const PwconvParams& p, int64_t pixel_begin, int64_t pixel_end, int col_begin, int col_end) {
  if (pixel_end - pixel_begin <= kRowPixels) {
    rows(p, pixel_begin, pixel_end, col_begin, col_end);
    return;
  }
  // Pixel blocks outside, panels inside: a block's input rows stay in cache while the panels
  // stream past them once per block. col_begin is a panel boundary (kPwconvColumnAlign).
  const int64_t end_panel = (col_end + kPwconvPanel - 1) / kPwconvPanel;
  for_each_even_part(pixel_begin, pixel_end, pwconv_block_pixels(p), [&](int64_t q0, int64_t rows) {
    const int64_t q1 = q0 + rows;
    for (int c0 = col_begin; c0 < col_end; c0 += kPwconvPanel) {
      const int channels = std::min(kPwconvPanel, col_end - c0);
      const int vectors = (channels + 3) / 4;
      const int lanes_last = channels - 4 * (vectors - 1);
      const int64_t next = c0 / kPwconvPanel + 1, next_panels = std::min<int64_t>(1, end_panel - next);
      switch (vectors) {
        case 4: column_tile<4>(p, q0, q1, c0, lanes_last, next, next_panels); break;
        case 3: column_tile<3>(p, q0, q1, c0, lanes_last, next, next_panels); break;
        case 2: column_tile<2>(p, q0, q1, c0, lanes_last, next, next_panels); break;
        default: column_tile<1>(p, q0, q1, c0, lanes_last, next, next_panels); break;
      }
    }
  });
}

}  // namespace edgenet
