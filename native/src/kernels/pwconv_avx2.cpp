// AVX2+FMA pointwise convolution: a register-blocked GEMM micro-kernel, [m x cin] * [cin x cout],
// reading the weight rows in place (no packing yet) with bias, residual and activation applied to
// the accumulators before the single store. A strided input channel (in_cs > 1, a folded channel
// shuffle) only moves the broadcast address; a strided output (out_cs > 1) scatters each vector.
#include "kernels/avx2_util.h"
#include "kernels/kernels.h"

namespace edgenet {
namespace {

// Writes the first `lanes` lanes of v to p[0], p[stride], p[2*stride], ...
inline void scatter8(float* p, int64_t stride, __m256 v, int lanes) {
  alignas(32) float tmp[8];
  _mm256_store_ps(tmp, v);
  for (int i = 0; i < lanes; ++i) p[i * stride] = tmp[i];
}

// Number of enabled lanes of a lane_mask() (its set lanes are a prefix).
inline int lanes_of(__m256i mask) { return __builtin_popcount(_mm256_movemask_ps(_mm256_castsi256_ps(mask))); }

// Pixels per micro-tile for a tile NV vectors wide: about 12 accumulators, leaving registers for
// the NV weight vectors and one broadcast input.
template <int NV>
constexpr int tile_rows() {
  return NV == 3 ? 4 : NV == 2 ? 6 : 8;
}

// MR pixels x NV*8 output channels starting at (pixel q0, channel c0); when MASKED the last vector
// holds fewer than 8 channels. Each output is one FMA chain over cin in order, whatever MR is, so
// the result of a pixel does not depend on which tile computed it.
template <int MR, int NV, bool MASKED>
void micro_tile(const PwconvParams& p, int64_t q0, int c0, __m256i mask) {
  // Parameters in locals: the compiler cannot keep struct fields in registers across the stores.
  const int cin = p.cin;
  const int64_t in_ps = p.in_ps, in_cs = p.in_cs, w_stride = p.cout;
  const float* a = p.in + q0 * in_ps;  // pixel q0, input channel k; pixel q0 + r is r * in_ps further
  const float* wk = p.weight + c0;

  __m256 acc[MR][NV];
  #pragma GCC unroll 8
  for (int r = 0; r < MR; ++r)
    #pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[r][v] = _mm256_setzero_ps();

  for (int k = 0; k < cin; ++k, a += in_cs, wk += w_stride) {
    __m256 wv[NV];
    #pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) wv[v] = load8(wk + 8 * v, MASKED && v == NV - 1, mask);
    #pragma GCC unroll 8
    for (int r = 0; r < MR; ++r) {
      const __m256 x = _mm256_broadcast_ss(a + r * in_ps);
      #pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[r][v] = _mm256_fmadd_ps(x, wv[v], acc[r][v]);
    }
  }

  __m256 bias[NV];
  #pragma GCC unroll 4
  for (int v = 0; v < NV; ++v)
    bias[v] = p.bias != nullptr ? load8(p.bias + c0 + 8 * v, MASKED && v == NV - 1, mask) : _mm256_setzero_ps();
  const int act = p.act;
  const int64_t out_cs = p.out_cs;
  #pragma GCC unroll 8
  for (int r = 0; r < MR; ++r) {
    float* out = p.out + (q0 + r) * p.out_ps + c0 * out_cs;
    const float* res = p.residual != nullptr ? p.residual + (q0 + r) * p.res_ps + c0 : nullptr;
    #pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) {
      const bool masked = MASKED && v == NV - 1;
      __m256 y = _mm256_add_ps(acc[r][v], bias[v]);
      if (res != nullptr) y = _mm256_add_ps(y, load8(res + 8 * v, masked, mask));
      y = activate8(y, act);
      if (out_cs == 1) {
        store8(out + 8 * v, y, masked, mask);
      } else {
        scatter8(out + 8 * v * out_cs, out_cs, y, masked ? lanes_of(mask) : 8);
      }
    }
  }
}

// The last `rows` (< MR) pixels of a column tile.
template <int NV, bool MASKED, int R>
void tail_tile(const PwconvParams& p, int64_t q0, int rows, int c0, __m256i mask) {
  if constexpr (R > 0) {
    if (rows == R) {
      micro_tile<R, NV, MASKED>(p, q0, c0, mask);
    } else {
      tail_tile<NV, MASKED, R - 1>(p, q0, rows, c0, mask);
    }
  }
}

template <int NV, bool MASKED>
void column_tile(const PwconvParams& p, int64_t q_begin, int64_t q_end, int c0, __m256i mask) {
  constexpr int MR = tile_rows<NV>();
  int64_t q = q_begin;
  for (; q + MR <= q_end; q += MR) micro_tile<MR, NV, MASKED>(p, q, c0, mask);
  if (q < q_end) tail_tile<NV, MASKED, MR - 1>(p, q, static_cast<int>(q_end - q), c0, mask);
}

// Splits channels [col_begin, col_end) into tiles of 3 vectors (24 channels), using two tiles of
// 2 instead of 3 + 1 so that no full-height tile is only one vector wide; the last vector may be
// partial (masked).
template <typename Fn>
void for_each_column_tile(int col_begin, int col_end, Fn&& fn) {
  const int vectors = (col_end - col_begin + 7) / 8;
  int v0 = 0;
  while (v0 < vectors) {
    const int left = vectors - v0;
    const int width = left == 4 || left == 2 ? 2 : left == 1 ? 1 : 3;
    const int c0 = col_begin + v0 * 8;
    const int rest = col_end - (c0 + (width - 1) * 8);  // channels for the tile's last vector
    const int lanes_last = rest < 8 ? rest : 8;
    fn(width, lanes_last < 8, c0, lane_mask(lanes_last));
    v0 += width;
  }
}

// Pixels per cache block: the block's input rows stay in L1/L2 while every column tile sweeps it.
constexpr int64_t kPixelBlock = 48;

}  // namespace

void pwconv_avx2(const PwconvParams& p, int64_t pixel_begin, int64_t pixel_end, int col_begin, int col_end) {
  for (int64_t q0 = pixel_begin; q0 < pixel_end; q0 += kPixelBlock) {
    const int64_t q1 = q0 + kPixelBlock < pixel_end ? q0 + kPixelBlock : pixel_end;
    for_each_column_tile(col_begin, col_end, [&](int width, bool masked, int c0, __m256i mask) {
      switch (width * 2 + (masked ? 1 : 0)) {
        case 6: column_tile<3, false>(p, q0, q1, c0, mask); break;
        case 7: column_tile<3, true>(p, q0, q1, c0, mask); break;
        case 4: column_tile<2, false>(p, q0, q1, c0, mask); break;
        case 5: column_tile<2, true>(p, q0, q1, c0, mask); break;
        case 2: column_tile<1, false>(p, q0, q1, c0, mask); break;
        default: column_tile<1, true>(p, q0, q1, c0, mask); break;
      }
    });
  }
}

}  // namespace edgenet
