// AVX-512 pointwise convolution: a register-blocked GEMM micro-kernel, [m x cin] * [cin x cout],
// over the packed weight panels (kernels.h). A tile of MR pixels x NV vectors of 16 channels keeps
// MR*NV accumulators (24 of the 32 zmm registers), loads NV panel vectors and broadcasts one input
// per pixel for each k; bias, residual and activation are applied to the accumulators before the
// single store (masked for a partial last vector). A strided input channel (in_cs > 1, a folded
// channel shuffle) only moves the broadcast address; a strided output (out_cs > 1) goes through a
// small per-vector scatter.

// GCC 12 warns that the _mm512_undefined_ps() inside its own AVX-512 intrinsics "may be used
// uninitialized" once they are inlined this deep: a false positive about the header.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#if defined(EDGENET_EMULATE_AVX512)
// SIMDe's 64-byte vector types passed by value: an ABI note that does not concern internal code.
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

#include <algorithm>

#include "isa.h"
#include "kernels/avx512_util.h"
#include "kernels/kernels.h"
#include "kernels/pwconv_tiling.h"

namespace edgenet {
namespace {

// Pixels per tile for a tile NV vectors wide: 24 accumulators, NV weight vectors and one broadcast
// stay within the 32 registers. One vector gets 8 rows, still enough independent chains to hide
// the FMA latency; it only runs where cout <= 16 or beside two-vector tiles.
template <int NV>
constexpr int tile_rows() {
  return NV == 3 ? 8 : NV == 2 ? 12 : 8;
}

// acc[r][v] = sum over k in order of in[row r][k] * weight[k][c0 + 16 v + lane], one FMA chain each.
// Row r is pixel q0 + r, or with CLAMP (a short tile) pixel q0 + min(r, rows - 1): the duplicate
// rows are computed and never stored, so a tile shape serves every height up to its own.
template <int MR, int NV, bool CLAMP>
__attribute__((always_inline)) inline void multiply(const PwconvParams& p, int64_t q0, int rows, int c0,
                                                    const float* prefetch, __m512 (&acc)[MR][NV]) {
  // Parameters in locals: the compiler cannot keep struct fields in registers across the loop.
  const int cin = p.cin;
  const int64_t in_ps = p.in_ps, in_cs = p.in_cs;
  const int64_t panel_stride = static_cast<int64_t>(kPwconvPanel) * cin;
  const float* a = p.in + q0 * in_ps;
  const float* w = p.weight + c0 / kPwconvPanel * panel_stride;
  int64_t row_offset[MR];
  #pragma GCC unroll 16
  for (int r = 0; r < MR; ++r) row_offset[r] = (CLAMP && r >= rows ? rows - 1 : r) * in_ps;

  #pragma GCC unroll 16
  for (int r = 0; r < MR; ++r)
    #pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_setzero_ps();

  for (int k = 0; k < cin; ++k, a += in_cs, w += kPwconvPanel, prefetch += kPwconvPanel) {
    __builtin_prefetch(prefetch, 0, 2);
    __m512 wv[NV];
    #pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) wv[v] = _mm512_loadu_ps(w + v * panel_stride);
    #pragma GCC unroll 16
    for (int r = 0; r < MR; ++r) {
      const __m512 x = _mm512_set1_ps(a[row_offset[r]]);
      #pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_fmadd_ps(x, wv[v], acc[r][v]);
    }
  }
}

// The activations in three families, each one code path whose members differ only in run-time
// constants, so a tile shape is compiled three times rather than seven. Each computes exactly
// what activate16 does, operation for operation (the extra steps are exact: min with +inf, max
// with -inf, multiplication by 1):
//   kClamp:  min(hi, max(lo, y)): none (-inf, +inf), ReLU (0, +inf), ReLU6 (0, 6);
//   kHard:   (s * relu6(y + 3)) / 6 with s = y (h-swish) or 1 (h-sigmoid);
//   kSmooth: s / (1 + exp(-y)) with s = y (SiLU) or 1 (sigmoid).
enum ActFamily { kClamp, kHard, kSmooth };

struct ActConstants {
  __m512 lo, hi;
  __mmask16 s_is_y;  // all lanes for h-swish and SiLU, none otherwise
  explicit ActConstants(int act) {
    const float inf = __builtin_inff();
    lo = _mm512_set1_ps(act == EN_ACT_NONE ? -inf : 0.0f);
    hi = _mm512_set1_ps(act == EN_ACT_RELU6 ? 6.0f : inf);
    s_is_y = act == EN_ACT_HSWISH || act == EN_ACT_SILU ? 0xFFFF : 0;
  }
};

inline ActFamily family_of(int act) {
  return act == EN_ACT_HSWISH || act == EN_ACT_HSIGMOID ? kHard
         : act == EN_ACT_SILU || act == EN_ACT_SIGMOID  ? kSmooth
                                                        : kClamp;
}

template <ActFamily F>
__attribute__((always_inline)) inline __m512 activate_family(__m512 y, const ActConstants& c) {
  const __m512 one = _mm512_set1_ps(1.0f);
  if constexpr (F == kClamp) {
    return _mm512_min_ps(c.hi, _mm512_max_ps(c.lo, y));
  } else if constexpr (F == kHard) {
    const __m512 r = relu6_16(_mm512_add_ps(y, _mm512_set1_ps(3.0f)));
    return _mm512_div_ps(_mm512_mul_ps(_mm512_mask_blend_ps(c.s_is_y, one, y), r), _mm512_set1_ps(6.0f));
  } else {
    const __m512 d = _mm512_add_ps(one, exp16(_mm512_sub_ps(_mm512_setzero_ps(), y)));
    return _mm512_div_ps(_mm512_mask_blend_ps(c.s_is_y, one, y), d);
  }
}

// Dense output (out_cs == 1): out = act(acc + bias + residual) for the first `rows` rows. The bias
// is zero-padded to whole vectors, so only the residual load and the store of the last vector
// need the mask of its valid lanes.
template <int MR, int NV, bool CLAMP, ActFamily F>
__attribute__((always_inline)) inline void store_dense(const PwconvParams& p, int64_t q0, int rows, int c0,
                                                       __mmask16 last, __m512 (&acc)[MR][NV]) {
  const ActConstants act(p.act);
  __m512 bias[NV];
  #pragma GCC unroll 4
  for (int v = 0; v < NV; ++v)
    bias[v] = p.bias != nullptr ? _mm512_loadu_ps(p.bias + c0 + 16 * v) : _mm512_setzero_ps();
  const bool full = last == 0xFFFF;
  const int64_t out_ps = p.out_ps, res_ps = p.res_ps;
  float* out = p.out + q0 * out_ps + c0;
  const float* res = p.residual != nullptr ? p.residual + q0 * res_ps + c0 : nullptr;
  #pragma GCC unroll 16
  for (int r = 0; r < MR; ++r) {
    if (CLAMP && r >= rows) break;
    #pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) {
      const bool tail = v == NV - 1;
      __m512 y = p.bias != nullptr ? _mm512_add_ps(acc[r][v], bias[v]) : acc[r][v];
      if (res != nullptr) y = _mm512_add_ps(y, load16(res + r * res_ps + 16 * v, tail, last));
      y = activate_family<F>(y, act);
      if (tail && !full) {
        store16(out + r * out_ps + 16 * v, y, true, last);
      } else {
        _mm512_storeu_ps(out + r * out_ps + 16 * v, y);
      }
    }
  }
}

// Writes the valid lanes of y to dst[0], dst[cs], dst[2 cs], ...; cs == 2 (ShuffleNetV2's branches
// writing every other channel of a shuffled concat) spreads the lanes with two permutes and
// masked stores, any other stride goes lane by lane.
inline void store_strided16(float* dst, int64_t cs, __m512 y, int lanes) {
  if (cs == 2) {
    const __m512i lo = _mm512_set_epi32(7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0);
    const __m512i hi = _mm512_set_epi32(15, 15, 14, 14, 13, 13, 12, 12, 11, 11, 10, 10, 9, 9, 8, 8);
    // The even lanes of each half, one per valid output.
    const unsigned lo_lanes = lanes < 8 ? lanes : 8, hi_lanes = lanes > 8 ? lanes - 8 : 0;
    store16(dst, _mm512_permutexvar_ps(lo, y), true, static_cast<__mmask16>(0x5555u & ((1u << (2 * lo_lanes)) - 1u)));
    if (hi_lanes > 0)
      store16(dst + 16, _mm512_permutexvar_ps(hi, y), true,
              static_cast<__mmask16>(0x5555u & ((1u << (2 * hi_lanes)) - 1u)));
    return;
  }
  alignas(64) float tmp[16];
  _mm512_store_ps(tmp, y);
  for (int i = 0; i < lanes; ++i) dst[i * cs] = tmp[i];
}

// Strided output (out_cs > 1, the grouped and shuffled layers): the same arithmetic on
// accumulators parked in `acc` ([rows][vectors * 16]), in a loop with the activation chosen at
// run time (activate16), which keeps this rarer path from being compiled per tile shape.
__attribute__((noinline)) void store_strided(const PwconvParams& p, int64_t q0, int c0, __mmask16 last,
                                             const float* acc, int rows, int vectors) {
  const int lanes_last = __builtin_popcount(last);
  const int64_t cs = p.out_cs;
  for (int r = 0; r < rows; ++r) {
    float* out = p.out + (q0 + r) * p.out_ps + c0 * cs;
    const float* res = p.residual != nullptr ? p.residual + (q0 + r) * p.res_ps + c0 : nullptr;
    for (int v = 0; v < vectors; ++v) {
      const bool tail = v == vectors - 1;
      __m512 y = _mm512_load_ps(acc + (r * vectors + v) * 16);
      if (p.bias != nullptr) y = _mm512_add_ps(y, _mm512_loadu_ps(p.bias + c0 + 16 * v));
      if (res != nullptr) y = _mm512_add_ps(y, tail ? load16(res + 16 * v, true, last) : _mm512_loadu_ps(res + 16 * v));
      store_strided16(out + 16 * v * cs, cs, activate16(y, p.act), tail ? lanes_last : 16);
    }
  }
}

// Applies bias, residual and activation to the accumulators of MR (CLAMP: the first `rows`) pixels
// x NV vectors at (pixel q0, channel c0) and stores them; `last` holds the valid lanes of the last vector.
template <int MR, int NV, bool CLAMP>
__attribute__((always_inline)) inline void finish(const PwconvParams& p, int64_t q0, int rows, int c0,
                                                  __mmask16 last, __m512 (&acc)[MR][NV]) {
  if (p.out_cs != 1) {
    alignas(64) float parked[MR * NV * 16];
    #pragma GCC unroll 16
    for (int r = 0; r < MR; ++r)
      #pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) _mm512_store_ps(parked + (r * NV + v) * 16, acc[r][v]);
    store_strided(p, q0, c0, last, parked, CLAMP ? rows : MR, NV);
    return;
  }
  switch (family_of(p.act)) {
    case kClamp: store_dense<MR, NV, CLAMP, kClamp>(p, q0, rows, c0, last, acc); break;
    case kHard: store_dense<MR, NV, CLAMP, kHard>(p, q0, rows, c0, last, acc); break;
    default: store_dense<MR, NV, CLAMP, kSmooth>(p, q0, rows, c0, last, acc); break;
  }
}

// One tile of MR (CLAMP: up to MR) pixels x NV vectors at (pixel q0, channel c0); `last` holds the
// valid lanes of its last vector.
template <int MR, int NV, bool CLAMP>
void tile(const PwconvParams& p, int64_t q0, int rows, int c0, __mmask16 last, const float* prefetch) {
  __m512 acc[MR][NV];
  multiply<MR, NV, CLAMP>(p, q0, rows, c0, prefetch, acc);
  finish<MR, NV, CLAMP>(p, q0, rows, c0, last, acc);
}

// A tile of `rows` (1..R) pixels: exact shapes for the heights an even split of a longer run
// produces (more than half the full height), one clamped half-height shape for the short runs
// (a block or thread part of a few pixels).
template <int NV, int R>
void tile_of_height(const PwconvParams& p, int64_t q0, int rows, int c0, __mmask16 last, const float* prefetch) {
  constexpr int kHalf = tile_rows<NV>() / 2;
  if constexpr (R > kHalf) {
    if (rows == R) {
      tile<R, NV, false>(p, q0, rows, c0, last, prefetch);
    } else {
      tile_of_height<NV, R - 1>(p, q0, rows, c0, last, prefetch);
    }
  } else {
    tile<kHalf, NV, true>(p, q0, rows, c0, last, prefetch);
  }
}

// Pixels [q_begin, q_end) of the NV-vector column tile at c0, in tiles of nearly equal height,
// prefetching the next column tile's panels [next_panel, next_panel + next_panels).
template <int NV>
void column_tile(const PwconvParams& p, int64_t q_begin, int64_t q_end, int c0, __mmask16 last, int64_t next_panel,
                 int64_t next_panels) {
  constexpr int MR = tile_rows<NV>();
  const float* own = p.weight + c0 / kPwconvPanel * static_cast<int64_t>(kPwconvPanel) * p.cin;
  int64_t index = 0;
  for_each_even_part(q_begin, q_end, MR, [&](int64_t q0, int64_t rows) {
    tile_of_height<NV, MR>(p, q0, static_cast<int>(rows), c0, last,
                           pwconv_prefetch_window(p, next_panel, next_panels, index++, own));
  });
}

// ---- one pixel at a time: the fully connected layers, and 1x1 convolutions over one pixel ----

// A row tile: one pixel x NV (up to kRowVectors) vectors. Every weight is used once, so the tile is
// bound by how fast its panels stream in, not by FMAs: NV panels are read side by side, each line
// prefetched kRowPrefetchLines ahead, so that many misses are in flight at once (one panel at a
// time, or the hardware prefetcher alone, leaves DRAM and even L3 mostly idle). Each output is
// still one FMA chain over k in order, so the results equal the pixel-tile path's.
constexpr int kRowVectors = 8;
constexpr int kRowPrefetchLines = 16;

template <int NV>
void row_tile(const PwconvParams& p, int64_t q, int c0, __mmask16 last) {
  const int cin = p.cin;
  const int64_t in_cs = p.in_cs;
  const int64_t panel_stride = static_cast<int64_t>(kPwconvPanel) * cin;
  const float* a = p.in + q * p.in_ps;
  const float* w = p.weight + c0 / kPwconvPanel * panel_stride;
  __m512 acc[1][NV];
  #pragma GCC unroll 8
  for (int v = 0; v < NV; ++v) acc[0][v] = _mm512_setzero_ps();
  for (int k = 0; k < cin; ++k, a += in_cs, w += kPwconvPanel) {
    const __m512 x = _mm512_set1_ps(*a);
    #pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) {
      // Past a panel's end this reaches into the next one: still weights this call reads.
      __builtin_prefetch(w + v * panel_stride + kRowPrefetchLines * kPwconvPanel, 0, 3);
      acc[0][v] = _mm512_fmadd_ps(x, _mm512_loadu_ps(w + v * panel_stride), acc[0][v]);
    }
  }
  finish<1, NV, false>(p, q, 1, c0, last, acc);
}

void rows(const PwconvParams& p, int64_t pixel_begin, int64_t pixel_end, int col_begin, int col_end) {
  auto tile = [&](int64_t q, int c0, auto nv, int lanes) {
    row_tile<decltype(nv)::value>(p, q, c0, lane_mask16(lanes));
  };
  for_each_row_tile<16, kRowVectors>(pixel_begin, pixel_end, col_begin, col_end, tile);
}

}  // namespace

void pwconv_avx512(const PwconvParams& p, int64_t pixel_begin, int64_t pixel_end, int col_begin, int col_end) {
  if (pixel_end - pixel_begin <= kRowPixels) {
    rows(p, pixel_begin, pixel_end, col_begin, col_end);
    return;
  }
  // A last vector at most half full (cout = 24, 40, ... : MobileNetV2's and EfficientNet's
  // projections) wastes half of each of its FMAs. Where a 512-bit FMA costs two 256-bit ones, its
  // 16 + at most 8 channels go to the AVX2 kernel as three 8-lane vectors instead (same FMA
  // chains, so the same results); where it costs one, the half-empty vector is the cheaper.
  int zmm_end = col_end;
  const int rest = (col_end - col_begin) % 16;
  if (rest > 0 && rest <= 8 && !avx512_full_width())
    zmm_end = col_end - rest - 16 > col_begin ? col_end - rest - 16 : col_begin;
  const int vectors = (zmm_end - col_begin + 15) / 16;
  // Pixel blocks outside, column tiles inside: a block's input rows stay in L2 while the panels
  // stream past them once per block.
  for_each_even_part(pixel_begin, pixel_end, pwconv_block_pixels(p), [&](int64_t q0, int64_t rows) {
    const int64_t q1 = q0 + rows;
    const int64_t end_panel = (col_end + kPwconvPanel - 1) / kPwconvPanel;
    for_each_column_tile(vectors, [&](int v0, int width) {
      const int c0 = col_begin + 16 * v0;
      const int lanes = zmm_end - (c0 + 16 * (width - 1));
      const __mmask16 last = lane_mask16(lanes < 16 ? lanes : 16);
      const int64_t next = c0 / kPwconvPanel + width, next_panels = std::min<int64_t>(3, end_panel - next);
      switch (width) {
        case 3: column_tile<3>(p, q0, q1, c0, last, next, next_panels); break;
        case 2: column_tile<2>(p, q0, q1, c0, last, next, next_panels); break;
        default: column_tile<1>(p, q0, q1, c0, last, next, next_panels); break;
      }
    });
    if (zmm_end < col_end) pwconv_avx2(p, q0, q1, zmm_end, col_end);
  });
}

}  // namespace edgenet
