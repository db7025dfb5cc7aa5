// AVX2+FMA pointwise convolution: a register-blocked GEMM micro-kernel, [m x cin] * [cin x cout],
// over the packed weight panels (kernels.h), with bias, residual and activation applied to the
// accumulators before the single store. The same walk as pwconv_avx512.cpp with 8-lane vectors
// and 16 registers: tiles of 4 pixels x 3 vectors (12 accumulators, 3 weight vectors and one
// broadcast fill all 16), 6 x 2 or 8 x 1. A vector of 8 channels starting at a multiple of 8 lies
// in one 16-wide panel (its first or second half). A strided input channel (in_cs > 1, a folded
// channel shuffle) only moves the broadcast address; a strided output (out_cs > 1) is scattered.
#include <algorithm>

#include "kernels/avx2_util.h"
#include "kernels/kernels.h"
#include "kernels/pwconv_tiling.h"

namespace edgenet {
namespace {

template <int NV>
constexpr int tile_rows() {
  return NV == 3 ? 4 : NV == 2 ? 6 : 8;
}

// acc[r][v] = sum over k in order of in[row r][k] * weight[k][c0 + 8 v + lane], one FMA chain each.
// Row r is pixel q0 + r, or with CLAMP (a short tile) pixel q0 + min(r, rows - 1): the duplicate
// rows are computed and never stored.
template <int MR, int NV, bool CLAMP>
__attribute__((always_inline)) inline void multiply(const PwconvParams& p, int64_t q0, int rows, int c0,
                                                    const float* prefetch, __m256 (&acc)[MR][NV]) {
  // Parameters in locals: the compiler cannot keep struct fields in registers across the loop.
  const int cin = p.cin;
  const int64_t in_ps = p.in_ps, in_cs = p.in_cs;
  const int64_t panel_stride = static_cast<int64_t>(kPwconvPanel) * cin;
  const float* a = p.in + q0 * in_ps;
  const float* w = p.weight;
  int64_t w_offset[NV];  // vector v: its panel, and which half of it
  #pragma GCC unroll 4
  for (int v = 0; v < NV; ++v) {
    const int c = c0 + 8 * v;
    w_offset[v] = c / kPwconvPanel * panel_stride + c % kPwconvPanel;
  }
  int64_t row_offset[MR];
  #pragma GCC unroll 8
  for (int r = 0; r < MR; ++r) row_offset[r] = (CLAMP && r >= rows ? rows - 1 : r) * in_ps;

  #pragma GCC unroll 8
  for (int r = 0; r < MR; ++r)
    #pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[r][v] = _mm256_setzero_ps();

  for (int k = 0; k < cin; ++k, a += in_cs, w += kPwconvPanel, prefetch += kPwconvPanel) {
    __builtin_prefetch(prefetch, 0, 2);
    __m256 wv[NV];
    #pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) wv[v] = _mm256_loadu_ps(w + w_offset[v]);
    #pragma GCC unroll 8
    for (int r = 0; r < MR; ++r) {
      const __m256 x = _mm256_broadcast_ss(a + row_offset[r]);
      #pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[r][v] = _mm256_fmadd_ps(x, wv[v], acc[r][v]);
    }
  }
}

// The activations in three families, as in pwconv_avx512.cpp: each one code path whose members
// differ in run-time constants, computing exactly what activate8 does (the extra steps are exact).
enum ActFamily { kClamp, kHard, kSmooth };

struct ActConstants {
  __m256 lo, hi, s_is_y;  // s_is_y: all bits for h-swish and SiLU, zero otherwise
  explicit ActConstants(int act) {
    const float inf = __builtin_inff();
    lo = _mm256_set1_ps(act == EN_ACT_NONE ? -inf : 0.0f);
    hi = _mm256_set1_ps(act == EN_ACT_RELU6 ? 6.0f : inf);
    s_is_y = _mm256_castsi256_ps(_mm256_set1_epi32(act == EN_ACT_HSWISH || act == EN_ACT_SILU ? -1 : 0));
  }
};

inline ActFamily family_of(int act) {
  return act == EN_ACT_HSWISH || act == EN_ACT_HSIGMOID ? kHard
         : act == EN_ACT_SILU || act == EN_ACT_SIGMOID  ? kSmooth
                                                        : kClamp;
}

template <ActFamily F>
__attribute__((always_inline)) inline __m256 activate_family(__m256 y, const ActConstants& c) {
  const __m256 one = _mm256_set1_ps(1.0f);
  if constexpr (F == kClamp) {
    return _mm256_min_ps(c.hi, _mm256_max_ps(c.lo, y));
  } else if constexpr (F == kHard) {
    const __m256 r = relu6_8(_mm256_add_ps(y, _mm256_set1_ps(3.0f)));
    return _mm256_div_ps(_mm256_mul_ps(_mm256_blendv_ps(one, y, c.s_is_y), r), _mm256_set1_ps(6.0f));
  } else {
    const __m256 d = _mm256_add_ps(one, exp8(_mm256_sub_ps(_mm256_setzero_ps(), y)));
    return _mm256_div_ps(_mm256_blendv_ps(one, y, c.s_is_y), d);
  }
}

// Dense output (out_cs == 1): out = act(acc + bias + residual) for the first `rows` rows. The bias
// is zero-padded to whole panels; the residual load and the store of a partial last vector are
// masked (checked at run time: masked moves are slow on AMD, so full vectors avoid them).
template <int MR, int NV, bool CLAMP, ActFamily F>
__attribute__((always_inline)) inline void store_dense(const PwconvParams& p, int64_t q0, int rows, int c0,
                                                       int lanes_last, __m256 (&acc)[MR][NV]) {
  const ActConstants act(p.act);
  __m256 bias[NV];
  #pragma GCC unroll 4
  for (int v = 0; v < NV; ++v)
    bias[v] = p.bias != nullptr ? _mm256_loadu_ps(p.bias + c0 + 8 * v) : _mm256_setzero_ps();
  const bool full = lanes_last == 8;
  const __m256i mask = lane_mask(lanes_last);
  const int64_t out_ps = p.out_ps, res_ps = p.res_ps;
  float* out = p.out + q0 * out_ps + c0;
  const float* res = p.residual != nullptr ? p.residual + q0 * res_ps + c0 : nullptr;
  #pragma GCC unroll 8
  for (int r = 0; r < MR; ++r) {
    if (CLAMP && r >= rows) break;
    #pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) {
      const bool partial = v == NV - 1 && !full;
      __m256 y = p.bias != nullptr ? _mm256_add_ps(acc[r][v], bias[v]) : acc[r][v];
      if (res != nullptr) {
        const float* rv = res + r * res_ps + 8 * v;
        y = _mm256_add_ps(y, partial ? _mm256_maskload_ps(rv, mask) : _mm256_loadu_ps(rv));
      }
      y = activate_family<F>(y, act);
      if (partial) {
        _mm256_maskstore_ps(out + r * out_ps + 8 * v, mask, y);
      } else {
        _mm256_storeu_ps(out + r * out_ps + 8 * v, y);
      }
    }
  }
}

// Strided output (out_cs > 1): the same arithmetic on accumulators parked in `acc`
// ([rows][vectors * 8]), in a loop with the activation chosen at run time.
__attribute__((noinline)) void store_strided(const PwconvParams& p, int64_t q0, int c0, int lanes_last,
                                             const float* acc, int rows, int vectors) {
  const int64_t cs = p.out_cs;
  const __m256i mask = lane_mask(lanes_last);
  for (int r = 0; r < rows; ++r) {
    float* out = p.out + (q0 + r) * p.out_ps + c0 * cs;
    const float* res = p.residual != nullptr ? p.residual + (q0 + r) * p.res_ps + c0 : nullptr;
    for (int v = 0; v < vectors; ++v) {
      const bool tail = v == vectors - 1;
      __m256 y = _mm256_load_ps(acc + (r * vectors + v) * 8);
      if (p.bias != nullptr) y = _mm256_add_ps(y, _mm256_loadu_ps(p.bias + c0 + 8 * v));
      if (res != nullptr) y = _mm256_add_ps(y, tail ? _mm256_maskload_ps(res + 8 * v, mask) : _mm256_loadu_ps(res + 8 * v));
      alignas(32) float tmp[8];
      _mm256_store_ps(tmp, activate8(y, p.act));
      float* dst = out + 8 * v * cs;
      for (int i = 0, n = tail ? lanes_last : 8; i < n; ++i) dst[i * cs] = tmp[i];
    }
  }
}

// Applies bias, residual and activation to the accumulators of MR (CLAMP: the first `rows`) pixels
// x NV vectors at (pixel q0, channel c0) and stores them; the last vector has lanes_last valid lanes.
template <int MR, int NV, bool CLAMP>
__attribute__((always_inline)) inline void finish(const PwconvParams& p, int64_t q0, int rows, int c0,
                                                  int lanes_last, __m256 (&acc)[MR][NV]) {
  if (p.out_cs != 1) {
    alignas(32) float parked[MR * NV * 8];
    #pragma GCC unroll 8
    for (int r = 0; r < MR; ++r)
      #pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) _mm256_store_ps(parked + (r * NV + v) * 8, acc[r][v]);
    store_strided(p, q0, c0, lanes_last, parked, CLAMP ? rows : MR, NV);
    return;
  }
  switch (family_of(p.act)) {
    case kClamp: store_dense<MR, NV, CLAMP, kClamp>(p, q0, rows, c0, lanes_last, acc); break;
    case kHard: store_dense<MR, NV, CLAMP, kHard>(p, q0, rows, c0, lanes_last, acc); break;
    default: store_dense<MR, NV, CLAMP, kSmooth>(p, q0, rows, c0, lanes_last, acc); break;
  }
}

template <int MR, int NV, bool CLAMP>
void tile(const PwconvParams& p, int64_t q0, int rows, int c0, int lanes_last, const float* prefetch) {
  __m256 acc[MR][NV];
  multiply<MR, NV, CLAMP>(p, q0, rows, c0, prefetch, acc);
  finish<MR, NV, CLAMP>(p, q0, rows, c0, lanes_last, acc);
}

// Exact shapes for heights above half the full one, a clamped half-height shape below.
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

// Pixels [q_begin, q_end) of the NV-vector column tile at c0, prefetching the next column tile's
// panels [next_panel, next_panel + next_panels) (pwconv_tiling.h).
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

// One pixel x NV vectors (NV / 2 panels side by side, each line prefetched kRowPrefetchLines ahead).
constexpr int kRowVectors = 8;
constexpr int kRowPrefetchLines = 16;

template <int NV>
void row_tile(const PwconvParams& p, int64_t q, int c0, int lanes_last) {
  const int cin = p.cin;
  const int64_t in_cs = p.in_cs;
  const int64_t panel_stride = static_cast<int64_t>(kPwconvPanel) * cin;
  const float* a = p.in + q * p.in_ps;
  const float* w = p.weight + c0 / kPwconvPanel * panel_stride;  // c0 starts a panel
  __m256 acc[1][NV];
  #pragma GCC unroll 8
  for (int v = 0; v < NV; ++v) acc[0][v] = _mm256_setzero_ps();
  for (int k = 0; k < cin; ++k, a += in_cs, w += kPwconvPanel) {
    const __m256 x = _mm256_broadcast_ss(a);
    #pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) {
      const float* wv = w + v / 2 * panel_stride + v % 2 * 8;
      if (v % 2 == 0) __builtin_prefetch(wv + kRowPrefetchLines * kPwconvPanel, 0, 3);
      acc[0][v] = _mm256_fmadd_ps(x, _mm256_loadu_ps(wv), acc[0][v]);
    }
  }
  finish<1, NV, false>(p, q, 1, c0, lanes_last, acc);
}

void rows(const PwconvParams& p, int64_t pixel_begin, int64_t pixel_end, int col_begin, int col_end) {
  auto tile = [&](int64_t q, int c0, auto nv, int lanes) { row_tile<decltype(nv)::value>(p, q, c0, lanes); };
  for_each_row_tile<8, kRowVectors>(pixel_begin, pixel_end, col_begin, col_end, tile);
}

}  // namespace

void pwconv_avx2(const PwconvParams& p, int64_t pixel_begin, int64_t pixel_end, int col_begin, int col_end) {
  if (pixel_end - pixel_begin <= kRowPixels) {
    rows(p, pixel_begin, pixel_end, col_begin, col_end);
    return;
  }
  const int vectors = (col_end - col_begin + 7) / 8;
  for_each_even_part(pixel_begin, pixel_end, pwconv_block_pixels(p), [&](int64_t q0, int64_t rows) {
    const int64_t q1 = q0 + rows;
    const int64_t end_panel = (col_end + kPwconvPanel - 1) / kPwconvPanel;
    for_each_column_tile(vectors, [&](int v0, int width) {
      const int c0 = col_begin + 8 * v0;
      const int lanes = col_end - (c0 + 8 * (width - 1));
      const int lanes_last = lanes < 8 ? lanes : 8;
      // The panels holding the next tile's (up to 24) channels, from the one after this tile's last.
      const int64_t next = (c0 + 8 * width - 1) / kPwconvPanel + 1;
      const int64_t next_panels = std::min<int64_t>(2, end_panel - next);
      switch (width) {
        case 3: column_tile<3>(p, q0, q1, c0, lanes_last, next, next_panels); break;
        case 2: column_tile<2>(p, q0, q1, c0, lanes_last, next, next_panels); break;
        default: column_tile<1>(p, q0, q1, c0, lanes_last, next, next_panels); break;
      }
    });
  });
}

}  // namespace edgenet
