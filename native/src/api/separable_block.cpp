// en_separable_block: [1x1 expand] -> KxK depthwise [-> 1x1 project], run band by band of output
// rows so that the wide middle tensors (6x the block's channels in an inverted residual) stay in a
// per-thread scratch block that fits the core's L2, instead of being written to memory by one
// kernel and read back by the next. On a 56x56 MobileNetV2 block that is 1.8 MB written and read
// twice; with two threads it is also what keeps each core on its own rows from the block's input
// to its output, where separate kernels split by channels and rows hand lines from core to core.
//
// Each band calls the same kernels as the separate entry points, on the same pixels, so every
// output is computed by the same instructions in the same order: bit-identical results.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>

#include "api/dispatch.h"
#include "api/pwconv_run.h"
#include "api/validate.h"
#include "kernels/kernels.h"
#include "pool.h"

namespace edgenet {
namespace {

// Scratch per band: the expanded input rows of one band and the depthwise output of it. Small
// enough to stay in the L2 of a board's core (512 KB on a Cortex-A76) next to the project weights.
constexpr int64_t kBandFloats = 48 * 1024;

// Pixels a power-of-two KB apart put a depthwise window into one or two L1 sets (see
// GraphBuilder.activation): the expanded rows get the same 16-float gap as a graph value would.
int expanded_pixel_stride(int c) { return c % 256 == 0 ? c + 16 : c; }

// The address `floats` floats before or after p, for a base that only in-range rows are read
// through (a band's rows, addressed by their row index in the whole image).
template <typename T>
T* shifted(T* p, int64_t floats) {
  return reinterpret_cast<T*>(reinterpret_cast<uintptr_t>(p) + floats * static_cast<int64_t>(sizeof(float)));
}

struct Block {
  const float* in;
  int n, h, w, cin, in_ps;
  const float* expand;  // packed, or nullptr
  bool expand_bias;
  int cmid, expand_act;
  const float* dw_weight;
  const float* dw_bias;
  int k, stride, pad, dw_act, oh, ow;
  const float* project;
  bool project_bias;
  int cout, project_act;
  const float* residual;
  int res_ps;
  float* out;
  int out_ps;
};

struct Bands {
  int rows;           // output rows per band
  int e_ps;           // pixel stride of the expanded rows
  int64_t e_row;      // floats per expanded row
  int64_t e_floats;   // expanded rows of one band (0 without expand)
  int64_t d_floats;   // depthwise output of one band
};

Bands plan_bands(const Block& b) {
  Bands s{};
  s.e_ps = expanded_pixel_stride(b.cmid);
  s.e_row = static_cast<int64_t>(b.w) * s.e_ps;
  // Without a project the depthwise writes the output itself: no band of it in scratch.
  const int64_t d_row = b.project != nullptr ? static_cast<int64_t>(b.ow) * b.cmid : 0;
  const int64_t per_row = (b.expand != nullptr ? b.stride * s.e_row : 0) + d_row;
  s.rows = static_cast<int>(std::clamp<int64_t>(kBandFloats / per_row, 1, b.oh));
  s.e_floats = b.expand != nullptr ? (static_cast<int64_t>(s.rows - 1) * b.stride + b.k) * s.e_row : 0;
  s.d_floats = s.rows * d_row;
  return s;
}

// Output rows [row_begin, row_end) of the flattened n*oh, band by band; scratch holds the
// band's expanded rows then its depthwise output. Expanded rows the next band shares with this
// one (the window overlap) are moved to the front of the scratch, not computed again.
void run_rows(const Block& b, const Bands& s, float* scratch, int64_t row_begin, int64_t row_end) {
  const auto pw = EDGENET_PICK_VARIANT_512(pwconv_ref, pwconv_avx2, pwconv_avx512, pwconv_neon);
  const auto dw = EDGENET_PICK_VARIANT_512(dwconv_ref, dwconv_avx2, dwconv_avx512, dwconv_neon);
  float* expanded = scratch;
  float* depthwise = scratch + s.e_floats;
  int64_t held_image = -1;
  int held_lo = 0, held_hi = 0;  // expanded rows [held_lo, held_hi) of held_image are in scratch
  for (int64_t row = row_begin; row < row_end;) {
    const int64_t image = row / b.oh;
    const int r0 = static_cast<int>(row % b.oh);
    const int r1 = static_cast<int>(std::min<int64_t>({b.oh, r0 + s.rows, r0 + (row_end - row)}));
    const float* image_in = b.in + image * b.h * b.w * b.in_ps;

    DwconvParams d{image_in, b.dw_weight, b.dw_bias, nullptr, b.h, b.w, b.cmid, b.in_ps, b.k, b.stride, b.pad,
                   b.dw_act, b.oh, b.ow, b.cmid};
    if (b.expand != nullptr) {
      const int lo = std::max(0, r0 * b.stride - b.pad), hi = std::min(b.h, (r1 - 1) * b.stride - b.pad + b.k);
      if (image != held_image || lo >= held_hi) {
        held_image = image;
        held_lo = held_hi = lo;
      } else if (lo > held_lo) {
        std::memmove(expanded, expanded + (lo - held_lo) * s.e_row, sizeof(float) * (held_hi - lo) * s.e_row);
        held_lo = lo;
      }
      if (hi > held_hi) {
        PwconvParams e = pwconv_packed_params(b.expand, b.expand_bias, b.cin, b.cmid);
        e.in = image_in + static_cast<int64_t>(held_hi) * b.w * b.in_ps;
        e.in_ps = b.in_ps;
        e.out = expanded + (held_hi - held_lo) * s.e_row;
        e.out_ps = s.e_ps;
        e.m = static_cast<int64_t>(hi - held_hi) * b.w;
        e.act = b.expand_act;
        pw(e, 0, e.m, 0, b.cmid);
        held_hi = hi;
      }
      d.in = shifted(expanded, -held_lo * s.e_row);
      d.in_ps = s.e_ps;
    }
    if (b.project == nullptr) {
      d.out = b.out + image * b.oh * b.ow * b.out_ps;
      d.out_ps = b.out_ps;
      dw(d, r0, r1);
      row += r1 - r0;
      continue;
    }
    d.out = shifted(depthwise, -static_cast<int64_t>(r0) * b.ow * b.cmid);
    dw(d, r0, r1);

    const int64_t first_pixel = (image * b.oh + r0) * b.ow;
    PwconvParams p = pwconv_packed_params(b.project, b.project_bias, b.cmid, b.cout);
    p.in = depthwise;
    p.in_ps = b.cmid;
    p.m = static_cast<int64_t>(r1 - r0) * b.ow;
    p.act = b.project_act;
    p.out = b.out + first_pixel * b.out_ps;
    p.out_ps = b.out_ps;
    if (b.residual != nullptr) {
      p.residual = b.residual + first_pixel * b.res_ps;
      p.res_ps = b.res_ps;
    }
    pw(p, 0, p.m, 0, b.cout);
    row += r1 - r0;
  }
}

// Whether [a, a + a_floats) and [b, b + b_floats) share a byte.
bool overlap(const float* a, int64_t a_floats, const float* b, int64_t b_floats) {
  const auto a0 = reinterpret_cast<uintptr_t>(a), b0 = reinterpret_cast<uintptr_t>(b);
  return a0 < b0 + static_cast<uintptr_t>(b_floats) * sizeof(float) &&
         b0 < a0 + static_cast<uintptr_t>(a_floats) * sizeof(float);
}

}  // namespace
}  // namespace edgenet

extern "C" int en_separable_block(en_pool* pool, const float* in, int64_t in_cap, int n, int h, int w, int cin,
                                  int in_ps, const float* expand, int64_t expand_cap, int cmid, int expand_act,
                                  const float* dw_weight, const float* dw_bias, int k, int stride, int pad,
                                  int dw_act, const float* project, int64_t project_cap, int cout,
                                  int project_act, const float* residual, int64_t res_cap, int res_ps, float* out,
                                  int64_t out_cap, int out_ps) {
  using namespace edgenet;
  if (in == nullptr || dw_weight == nullptr || out == nullptr) return EN_ERR_ARG;
  if (project == nullptr && (expand == nullptr || cout != cmid || residual != nullptr)) return EN_ERR_ARG;
  if (n < 1 || h < 1 || w < 1 || cin < 1 || cmid < 1 || cout < 1) return EN_ERR_ARG;
  if ((k != 3 && k != 5) || (stride != 1 && stride != 2) || pad < 0 || pad >= k) return EN_ERR_ARG;
  if (!valid_act(expand_act) || !valid_act(dw_act) || !valid_act(project_act)) return EN_ERR_ARG;
  if (expand == nullptr && cmid != cin) return EN_ERR_ARG;
  // Sizes an int row index and the scratch arithmetic handle with room to spare.
  if (h > (1 << 20) || w > (1 << 20) || cmid > (1 << 20)) return EN_ERR_ARG;
  int oh, ow;
  if (!conv_output_size(h, k, stride, pad, &oh) || !conv_output_size(w, k, stride, pad, &ow)) return EN_ERR_ARG;
  int64_t in_pixels, out_pixels;
  if (!checked_mul3(n, h, w, &in_pixels) || !checked_mul3(n, oh, ow, &out_pixels)) return EN_ERR_ARG;
  if (!strided_fits(in_pixels, in_ps, cin, in_cap) || !strided_fits(out_pixels, out_ps, cout, out_cap))
    return EN_ERR_ARG;
  if (residual != nullptr && !strided_fits(out_pixels, res_ps, cout, res_cap)) return EN_ERR_ARG;
  bool expand_bias = false, project_bias = false;
  if (expand != nullptr && !pwconv_packed_matches(expand, expand_cap, 1, cin, cmid, &expand_bias)) return EN_ERR_ARG;
  if (project != nullptr && !pwconv_packed_matches(project, project_cap, 1, cmid, cout, &project_bias))
    return EN_ERR_ARG;
  // Bands write output rows while later bands (and the other threads) still read the input.
  const int64_t out_extent = (out_pixels - 1) * out_ps + cout;
  if (overlap(out, out_extent, in, (in_pixels - 1) * in_ps + cin)) return EN_ERR_ARG;
  if (residual != nullptr && overlap(out, out_extent, residual, (out_pixels - 1) * res_ps + cout)) return EN_ERR_ARG;

  const Block b{in,       n,        h,     w,      cin,    in_ps,                             // input
                expand,   expand_bias, cmid, expand_act,                                     // expand
                dw_weight, dw_bias,  k,     stride, pad,    dw_act, oh, ow,                   // depthwise
                project,  project_bias, cout, project_act, residual, residual ? res_ps : 0,  // project
                out,      out_ps};
  const Bands s = plan_bands(b);
  const int64_t rows = out_pixels / ow;
  // One unit per thread: each a contiguous run of rows (so a band's overlap with the next is
  // computed once) with its own scratch slot.
  const int units = static_cast<int>(std::min<int64_t>(en_pool_threads(pool), rows));
  const int64_t scratch_floats = s.e_floats + s.d_floats;
  std::unique_ptr<float[]> own_scratch;
  std::unique_lock<std::mutex> scratch_lock;
  if (pool == nullptr) {
    own_scratch.reset(new (std::nothrow) float[static_cast<size_t>(scratch_floats)]);
    if (!own_scratch) return EN_ERR_NOMEM;
  } else {
    scratch_lock = pool->scratch_lock();
    for (int u = 0; u < units; ++u)
      if (pool->scratch(u, scratch_floats) == nullptr) return EN_ERR_NOMEM;
  }
  parallel_for(pool, units, [&](int64_t begin, int64_t end) {
    for (int64_t u = begin; u < end; ++u) {
      float* scratch = pool == nullptr ? own_scratch.get() : pool->scratch(static_cast<int>(u), scratch_floats);
      run_rows(b, s, scratch, rows * u / units, rows * (u + 1) / units);
    }
  });
  return EN_OK;
}
