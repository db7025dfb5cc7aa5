// Internal: parameter blocks of the kernels and their per-ISA variants.
//
// Every variant computes a sub-range [begin, end) of independent outputs (rows, pixels, channel
// blocks; each kernel says which), so that the API layer can split one call across threads.
// Arguments are already validated: variants neither check sizes nor touch memory outside the
// documented extents. Each output element is computed by the same instruction sequence whatever
// the sub-range, so results do not depend on how the work was split.
#pragma once

#include <cstdint>

namespace edgenet {

// ---- layout ------------------------------------------------------------------------------------

// NCHW -> NHWC, dense. Range unit: pixels over all images, [0, n*h*w).
struct LayoutParams {
  const float* in;
  float* out;
  int64_t pixels_per_image;  // h*w
  int c;
};
void nchw_to_nhwc_ref(const LayoutParams& p, int64_t pixel_begin, int64_t pixel_end);

// ---- dense convolution (stem) -------------------------------------------------------------------

// Range unit: output rows over all images, [0, n*oh).
struct Conv2dParams {
  const float* in;      // [n][h][w][cin]
  const float* weight;  // [k][k][cin][cout]
  const float* bias;    // [cout] or nullptr
  float* out;           // [n][oh][ow][cout]
  int h, w, cin, cout, k, stride, pad, act, oh, ow;
};
void conv2d_ref(const Conv2dParams& p, int64_t row_begin, int64_t row_end);

// ---- depthwise convolution ---------------------------------------------------------------------

// Range unit: output rows over all images, [0, n*oh).
struct DwconvParams {
  const float* in;      // n*h*w pixels, pixel stride in_ps
  const float* weight;  // [k][k][c]
  const float* bias;    // [c] or nullptr
  float* out;           // n*oh*ow pixels, pixel stride out_ps
  int h, w, c, in_ps, k, stride, pad, act, oh, ow, out_ps;
};
void dwconv_ref(const DwconvParams& p, int64_t row_begin, int64_t row_end);

// ---- pointwise convolution (GEMM + epilogue) ---------------------------------------------------

// Packed weights, the one layout every variant reads (scalar too): output channels in panels of
// kPwconvPanel columns, each panel a contiguous [cin][kPwconvPanel] block, the last one zero-padded.
// A kernel then streams each panel sequentially whatever cout is (unpacked [cin][cout] rows of a
// wide layer are a page apart: every row a TLB miss and the same L1 set), and loads whole vectors
// at the tail without masks. 16 is one AVX-512 vector and two AVX2 ones, so neither needs a vector
// that straddles two panels. Weight (k, o) is at (o / 16) * 16 * cin + k * 16 + o % 16.
constexpr int kPwconvPanel = 16;
inline int64_t pwconv_padded(int64_t cout) { return (cout + kPwconvPanel - 1) / kPwconvPanel * kPwconvPanel; }

// Range: pixels [pixel_begin, pixel_end) x output channels [col_begin, col_end); col_begin is a
// multiple of kPwconvColumnAlign (one panel) and col_end is too, or cout.
constexpr int kPwconvColumnAlign = kPwconvPanel;
// out = act(in * weight + bias + residual): the residual is added before the activation.
// Channel k of pixel q is in[q*in_ps + k*in_cs], output channel o goes to out[q*out_ps + o*out_cs]
// (both strides 1 for en_pwconv; en_pwconv_grouped runs one group at a time through these with
// offset pointers and its strided-channel addressing).
// Every output is one chain of multiply-adds over k = 0..cin-1 in order starting from 0, then
// + bias, + residual, activation: so no tile shape or range split changes a result.
struct PwconvParams {
  const float* in;        // m pixels of cin, pixel stride in_ps, channel stride in_cs
  const float* weight;    // packed panels (above), for this group
  const float* bias;      // [pwconv_padded(cout)] (zero-padded) or nullptr
  const float* residual;  // m pixels of cout (dense channels), pixel stride res_ps, or nullptr
  float* out;             // m pixels of cout, pixel stride out_ps, channel stride out_cs
  int64_t m;
  int cin, in_ps, cout, act, res_ps, out_ps;
  int in_cs = 1, out_cs = 1;
};
void pwconv_ref(const PwconvParams& p, int64_t pixel_begin, int64_t pixel_end, int col_begin, int col_end);
// Writes the packed panels of one group's [cin][cout] weight (row stride w_stride) into `panels`
// (pwconv_padded(cout) * cin floats, the padding columns zero).
void pwconv_pack_panels(const float* weight, int64_t w_stride, int cin, int cout, float* panels);
// The epilogue variant (epilogue_ref / _avx2 / _neon, below) that the OpenBLAS paths run after
// each sgemm: the caller picks the active ISA's once, as for any variant.
struct EpilogueParams;
using EpilogueFn = void (*)(const EpilogueParams&);
// OpenBLAS sgemm on fixed row chunks, then `epilogue`. Unlike the kernels it reads the caller's
// unpacked weight [cin][cout] and bias [cout] (p.weight and p.bias are not used). Returns false
// when it could not allocate its scratch block.
bool pwconv_openblas(const PwconvParams& p, const float* weight, const float* bias, int64_t pixel_begin,
                     int64_t pixel_end, EpilogueFn epilogue);
// Rows per sgemm call; the API splits pixels in multiples of it so that each row always lands in
// the same call whatever the thread count (sgemm may sum differently for different shapes).
constexpr int64_t kOpenblasRowChunk = 64;

// ---- shared epilogue: out = act(src + bias + residual) -----------------------------------------

struct EpilogueParams {
  const float* src;       // rows of cols values, row stride src_stride (may equal out)
  const float* bias;      // [cols] or nullptr
  const float* residual;  // rows of cols, row stride res_stride, or nullptr (may equal out)
  float* out;             // rows of cols, row stride out_stride
  int64_t src_stride, res_stride, out_stride;
  int64_t rows;
  int cols, act;
};
void epilogue_ref(const EpilogueParams& p);

// ---- global average pool -----------------------------------------------------------------------

// Range unit: (image, block of kAvgpoolChannelBlock channels) pairs, [0, n*ceil(c/block)).
constexpr int kAvgpoolChannelBlock = 64;
struct AvgpoolParams {
  const float* in;  // n images of h*w pixels, pixel stride in_ps
  float* out;       // [n][c]
  int64_t pixels;   // h*w
  int c, in_ps;
};
void global_avgpool_ref(const AvgpoolParams& p, int64_t unit_begin, int64_t unit_end);

// ---- fully connected ---------------------------------------------------------------------------

// Range unit: output features, [0, cout).
struct LinearParams {
  const float* in;      // [n][cin]
  const float* weight;  // [cout][cin]
  const float* bias;    // [cout] or nullptr
  float* out;           // [n][cout]
  int n, cin, cout, act;
};
void linear_ref(const LinearParams& p, int64_t out_begin, int64_t out_end);
void linear_openblas(const LinearParams& p, int64_t out_begin, int64_t out_end, EpilogueFn epilogue);
// Output features per sgemm call (same reasoning as kOpenblasRowChunk).
constexpr int64_t kOpenblasColumnChunk = 64;


// ---- element-wise add --------------------------------------------------------------------------

// out = act(a + b). Range unit: pixels, [0, m). out may be a or b (same stride): element-wise.
struct AddParams {
  const float* a;
  const float* b;
  float* out;
  int64_t a_ps, b_ps, out_ps;
  int c, act;
};
void add_ref(const AddParams& p, int64_t pixel_begin, int64_t pixel_end);

// ---- channel gather ----------------------------------------------------------------------------

// out[q*out_ps + j*out_cs] = in[q*in_ps + j*in_cs], j < c. Range unit: pixels, [0, m).
struct ChannelCopyParams {
  const float* in;
  float* out;
  int64_t in_ps, out_ps, in_cs, out_cs;
  int c;
};
void channel_copy_ref(const ChannelCopyParams& p, int64_t pixel_begin, int64_t pixel_end);

// ---- squeeze-and-excitation ----------------------------------------------------------------------

// The mean (global_avgpool_*) and the two FC layers (linear_*) reuse those kernels; this is the
// last step, out[q][ch] = in[q][ch] * gate[image][ch]. Range unit: pixels over all images.
struct SeScaleParams {
  const float* in;    // n*pixels pixels, pixel stride in_ps
  const float* gate;  // [n][c]
  float* out;         // n*pixels pixels, pixel stride out_ps (may be in, same stride)
  int64_t pixels;     // h*w
  int64_t in_ps, out_ps;
  int c;
};
void se_scale_ref(const SeScaleParams& p, int64_t pixel_begin, int64_t pixel_end);

// ---- max / average window pooling ----------------------------------------------------------------

// Range unit: output rows over all images, [0, n*oh). Max: padding never wins (the window always
// holds a real pixel since pad <= k/2) and a NaN in the window gives NaN; avg: sum of the real
// taps in (ky, kx) order divided by k*k (count_include_pad).
struct WindowPoolParams {
  const float* in;  // n*h*w pixels, pixel stride in_ps
  float* out;       // n*oh*ow pixels, pixel stride out_ps
  int h, w, c, in_ps, kind, k, stride, pad, oh, ow, out_ps;
};
void window_pool_ref(const WindowPoolParams& p, int64_t row_begin, int64_t row_end);

#if defined(EDGENET_HAVE_AVX2)
void nchw_to_nhwc_avx2(const LayoutParams& p, int64_t pixel_begin, int64_t pixel_end);
void conv2d_avx2(const Conv2dParams& p, int64_t row_begin, int64_t row_end);
void dwconv_avx2(const DwconvParams& p, int64_t row_begin, int64_t row_end);
void pwconv_avx2(const PwconvParams& p, int64_t pixel_begin, int64_t pixel_end, int col_begin, int col_end);
void epilogue_avx2(const EpilogueParams& p);
void global_avgpool_avx2(const AvgpoolParams& p, int64_t unit_begin, int64_t unit_end);
void linear_avx2(const LinearParams& p, int64_t out_begin, int64_t out_end);
void add_avx2(const AddParams& p, int64_t pixel_begin, int64_t pixel_end);
void channel_copy_avx2(const ChannelCopyParams& p, int64_t pixel_begin, int64_t pixel_end);
void se_scale_avx2(const SeScaleParams& p, int64_t pixel_begin, int64_t pixel_end);
void window_pool_avx2(const WindowPoolParams& p, int64_t row_begin, int64_t row_end);
#endif
#if defined(EDGENET_HAVE_AVX512)
void conv2d_avx512(const Conv2dParams& p, int64_t row_begin, int64_t row_end);
void dwconv_avx512(const DwconvParams& p, int64_t row_begin, int64_t row_end);
#endif
#if defined(EDGENET_HAVE_NEON)
void nchw_to_nhwc_neon(const LayoutParams& p, int64_t pixel_begin, int64_t pixel_end);
void conv2d_neon(const Conv2dParams& p, int64_t row_begin, int64_t row_end);
void dwconv_neon(const DwconvParams& p, int64_t row_begin, int64_t row_end);
void epilogue_neon(const EpilogueParams& p);
void global_avgpool_neon(const AvgpoolParams& p, int64_t unit_begin, int64_t unit_end);
void add_neon(const AddParams& p, int64_t pixel_begin, int64_t pixel_end);
void channel_copy_neon(const ChannelCopyParams& p, int64_t pixel_begin, int64_t pixel_end);
void window_pool_neon(const WindowPoolParams& p, int64_t row_begin, int64_t row_end);
#endif

// ==== FMA peak probe (not a network kernel) =====================================================
// Measures what one core can do, so that benchmarks can state latency as a share of it. Each
// variant runs `rounds` rounds of kFmaProbeChains independent multiply-add chains on one thread
// and returns the flops done (2 per lane per multiply-add); *sink depends on every chain so that
// the work cannot be optimised away. (The NEON variant runs more chains: see fma_probe_neon.cpp.)
constexpr int kFmaProbeChains = 12;
int64_t fma_probe_ref(int64_t rounds, float* sink);
#if defined(EDGENET_HAVE_AVX2)
int64_t fma_probe_avx2(int64_t rounds, float* sink);
#endif
#if defined(EDGENET_HAVE_AVX512)
int64_t fma_probe_avx512(int64_t rounds, float* sink);
#endif
#if defined(EDGENET_HAVE_NEON)
int64_t fma_probe_neon(int64_t rounds, float* sink);
#endif

#if defined(EDGENET_HAVE_NEON)
void pwconv_neon(const PwconvParams& p, int64_t pixel_begin, int64_t pixel_end, int col_begin, int col_end);
void linear_neon(const LinearParams& p, int64_t out_begin, int64_t out_end);
void se_scale_neon(const SeScaleParams& p, int64_t pixel_begin, int64_t pixel_end);
#endif

#if defined(EDGENET_HAVE_AVX512)
void pwconv_avx512(const PwconvParams& p, int64_t pixel_begin, int64_t pixel_end, int col_begin, int col_end);
#endif

}  // namespace edgenet
