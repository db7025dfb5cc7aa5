/*
 * edgenet: the one C ABI the Java side binds (through JavaCPP).
 *
 * Conventions, shared by every kernel:
 *  - Activations are float32 NHWC. A tensor argument is a base pointer plus a pixel stride
 *    (floats between two consecutive pixels, >= its channel count), so that a channel slice
 *    of a wider buffer (concat, split) is a view, not a copy.
 *  - Every buffer argument comes with its capacity, in floats, counted from the pointer.
 *    A kernel checks every size it is handed before it touches memory and returns
 *    EN_ERR_ARG on any inconsistency; it never reads or writes out of bounds.
 *    A strided tensor of P pixels of C channels at pixel stride PS needs a capacity of at least
 *    (P - 1) * PS + C; the channels between C and PS of each pixel are neither read (inputs)
 *    nor written (outputs). Sizes are checked with overflow-safe 64-bit arithmetic.
 *  - A rejected call (EN_ERR_ARG) has not touched any buffer.
 *  - Weight and bias buffers carry no capacity: the caller guarantees the documented sizes.
 *  - pool may be NULL (run on the calling thread). Results are bit-identical whatever the
 *    number of threads (work is split only between independent outputs).
 *  - An output must not overlap any input, except where a kernel says otherwise.
 *  - Semantics follow PyTorch: zero padding, output size floor((size + 2*pad - k) / stride) + 1,
 *    ReLU = max(x, 0), ReLU6 = min(max(x, 0), 6), HardSwish = x * ReLU6(x + 3) / 6,
 *    HardSigmoid = ReLU6(x + 3) / 6, Sigmoid = 1 / (1 + exp(-x)), SiLU = x * Sigmoid(x);
 *    a NaN passes through every activation. Sigmoid and SiLU are within
 *    1e-6 * max(1, |result|) of the exact function on every ISA; the others are exact.
 *  - Weights are laid out as documented per kernel; the Java side converts from PyTorch's.
 */
#ifndef EDGENET_EDGENET_H
#define EDGENET_EDGENET_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Return codes. */
#define EN_OK 0
#define EN_ERR_ARG (-1)     /* a size, stride, capacity or enum value is invalid */
#define EN_ERR_NOMEM (-2)
#define EN_ERR_ISA (-3)     /* the requested ISA is not compiled in or not supported by this CPU */

/* Instruction-set variants. Every kernel has a scalar reference; the others are chosen at run time. */
#define EN_ISA_AUTO (-1)
#define EN_ISA_SCALAR 0
#define EN_ISA_AVX2 1       /* AVX2 + FMA */
#define EN_ISA_AVX512 2     /* AVX-512 F/BW/DQ/VL + FMA; kernels without an AVX-512 variant run their AVX2 one */
#define EN_ISA_NEON 3       /* AArch64 Advanced SIMD + FMA (ARMv8-A baseline) */

/* Activations applied in kernel epilogues. */
#define EN_ACT_NONE 0
#define EN_ACT_RELU 1
#define EN_ACT_RELU6 2
#define EN_ACT_HSWISH 3
#define EN_ACT_HSIGMOID 4
#define EN_ACT_SILU 5
#define EN_ACT_SIGMOID 6

/* ---- library, ISA dispatch ---------------------------------------------------------------- */

/* Library version as "major.minor.patch". */
const char* en_version(void);
/* Best ISA this CPU supports among those compiled in. */
int en_isa_best(void);
/* ISA the kernels use now. */
int en_isa_active(void);
/* Force an ISA for all later calls (EN_ISA_AUTO restores the best); EN_ERR_ISA if unsupported. */
int en_isa_force(int isa);
/* "scalar", "avx2", ... or "unknown". */
const char* en_isa_name(int isa);
/* 1 if this build and CPU can run the ISA, else 0. */
int en_isa_supported(int isa);

/* CPU features, as the CPU and the OS report them (CPUID with the OS's register state on x86, the
 * kernel's HWCAPs on AArch64), whether or not a kernel variant uses them yet: the ISA variants above
 * are chosen from these, and kernels for the AArch64 extensions will be. Bits of the other
 * architecture are never set. */
#define EN_CPU_AVX2 (1 << 0)      /* AVX2 and FMA */
#define EN_CPU_AVX512 (1 << 1)    /* AVX-512 F, BW, DQ and VL, ZMM state enabled by the OS */
#define EN_CPU_NEON (1 << 8)      /* AArch64 Advanced SIMD (HWCAP_ASIMD) */
#define EN_CPU_DOTPROD (1 << 9)   /* SDOT/UDOT int8 dot products (HWCAP_ASIMDDP): Cortex-A76/A78, Pi 5, Orin */
#define EN_CPU_FP16 (1 << 10)     /* fp16 arithmetic, scalar and vector (HWCAP_FPHP and HWCAP_ASIMDHP): same cores */
/* The EN_CPU_* bits of this CPU, detected once. */
int en_cpu_features(void);
/* "avx2", "avx512", "neon", "dotprod", "fp16" for one EN_CPU_* bit, else "unknown". */
const char* en_cpu_feature_name(int feature);

/* GEMM engine behind en_pwconv and en_linear: our own micro-kernels, or OpenBLAS sgemm followed
 * by the same epilogue. Kept switchable so that benchmarks measure one against the other.
 * The OpenBLAS engine calls sgemm on fixed-size chunks from our own pool threads and, on first
 * use, sets OpenBLAS's own thread count to 1 for the whole process (openblas_set_num_threads). */
#define EN_GEMM_OWN 0
#define EN_GEMM_OPENBLAS 1
int en_gemm_force(int engine);   /* EN_ERR_ARG for an unknown engine */
int en_gemm_active(void);

/* ---- machine probe ---------------------------------------------------------------------- */

/* Measured single-thread multiply-add peak in GFLOP/s of the probe variant the active ISA picks
 * (the widest the probe has; 2 flops per lane per fused multiply-add, plain multiply + add on the
 * scalar reference): independent chains on the calling thread for about `milliseconds`
 * (1..60000), best batch. EN_ERR_ARG (-1) otherwise. */
double en_fma_peak_gflops(int milliseconds);

/* ---- memory ----------------------------------------------------------------------------- */

/* 64-byte aligned, zero-filled block of n floats; NULL if n <= 0 or out of memory. */
float* en_alloc_floats(int64_t n);
void en_free(void* p);

/* ---- thread pool -------------------------------------------------------------------------- */

typedef struct en_pool en_pool;
/* A persistent pool: threads - 1 workers plus the caller. NULL if threads < 1 or > 256.
 * Between jobs a worker spins for about 200 us, then sleeps (an idle pool uses no CPU); a kernel
 * call runs on the calling thread and whichever workers are ready, taking over the share of a
 * worker that is late (asleep, or descheduled on a busy machine). One call at a time per pool
 * (calls from several threads are serialised). Destroying a pool waits for its workers to exit. */
en_pool* en_pool_create(int threads);
void en_pool_destroy(en_pool* pool);
int en_pool_threads(const en_pool* pool);
/* Splitting threshold: a kernel call uses one more thread per `ns` nanoseconds of its estimated
 * single-thread time (so smaller calls run on the caller alone, where a split costs more than it
 * saves). Default EN_POOL_DEFAULT_GRAIN_NS; 0 splits every call that has two units of work or
 * more (tests use it: results never depend on the split). EN_ERR_ARG if pool is NULL or ns < 0. */
#define EN_POOL_DEFAULT_GRAIN_NS 3000
int en_pool_set_grain_ns(en_pool* pool, int64_t ns);

/* ---- input checks ------------------------------------------------------------------------ */

/* Index of the first NaN or infinity among n floats, -1 if all are finite, EN_ERR_ARG on bad arguments. */
int64_t en_find_nonfinite(const float* data, int64_t n);

/* ---- layout ------------------------------------------------------------------------------ */

/* NCHW -> NHWC (dense): out[n][h][w][c] = in[n][c][h][w]; needs n*c*h*w <= in_cap, out_cap. */
int en_nchw_to_nhwc(en_pool* pool, const float* in, int64_t in_cap, int n, int c, int h, int w,
                    float* out, int64_t out_cap);

/* ---- convolutions ------------------------------------------------------------------------- */

/*
 * Dense KxK convolution (the stem), dense NHWC input and output.
 * weight: [k][k][cin][cout] (HWIO); bias: [cout] or NULL.
 * k >= 1, stride in 1..4, 0 <= pad < k; h + 2*pad and w + 2*pad must fit in an int.
 * Output size: oh = (h + 2*pad - k) / stride + 1, ow likewise (both must be >= 1, that is
 * h + 2*pad >= k and w + 2*pad >= k). Needs n*h*w*cin <= in_cap, n*oh*ow*cout <= out_cap.
 */
int en_conv2d(en_pool* pool,
              const float* in, int64_t in_cap, int n, int h, int w, int cin,
              const float* weight, const float* bias, int cout, int k, int stride, int pad, int act,
              float* out, int64_t out_cap);

/*
 * Depthwise KxK convolution, k in {3, 5}, stride in {1, 2}, 0 <= pad < k.
 * in: n*h*w pixels of c channels, pixel stride in_ps; out: n*oh*ow pixels, pixel stride out_ps
 * (output size as for en_conv2d, and >= 1). in_ps, out_ps >= c.
 * weight: [k][k][c]; bias: [c] or NULL.
 */
int en_dwconv(en_pool* pool,
              const float* in, int64_t in_cap, int n, int h, int w, int c, int in_ps,
              const float* weight, const float* bias, int k, int stride, int pad, int act,
              float* out, int64_t out_cap, int out_ps);

/*
 * A depthwise-separable block in one call: an optional 1x1 expand (cin -> cmid, act expand_act),
 * the KxK depthwise over cmid channels (as en_dwconv, act dw_act), then the optional 1x1 project
 * (cmid -> cout, plus residual, act project_act): the results of en_pwconv_packed, en_dwconv and
 * en_pwconv_packed in turn, bit for bit, without their two cmid-channel tensors. It runs band by
 * band of output rows, each thread on its own rows, the bands' middle channels in scratch the
 * pool keeps (per thread, grown on first use; a NULL pool allocates it per call).
 * in: n*h*w pixels of cin, pixel stride in_ps; out: n*oh*ow pixels of cout, pixel stride out_ps;
 * residual: as out (res_ps), or NULL. expand: en_pwconv_pack of [cin][cmid] (expand_cap floats),
 * or NULL with cmid == cin (a depthwise-separable pair: the depthwise reads in).
 * project: en_pwconv_pack of [cmid][cout], or NULL with an expand, cout == cmid and no residual
 * (the block of a squeeze-and-excitation layer, which needs the whole depthwise output: the
 * depthwise writes out). dw_weight [k][k][cmid], dw_bias [cmid] or NULL.
 * out may not overlap in or residual (later bands still read them). EN_ERR_NOMEM when the
 * scratch cannot be allocated.
 */
int en_separable_block(en_pool* pool,
                       const float* in, int64_t in_cap, int n, int h, int w, int cin, int in_ps,
                       const float* expand, int64_t expand_cap, int cmid, int expand_act,
                       const float* dw_weight, const float* dw_bias, int k, int stride, int pad, int dw_act,
                       const float* project, int64_t project_cap, int cout, int project_act,
                       const float* residual, int64_t res_cap, int res_ps,
                       float* out, int64_t out_cap, int out_ps);

/*
 * Pointwise (1x1) convolution over m pixels: out = act(in * weight + bias + residual).
 * weight: [cin][cout]; bias: [cout] or NULL; residual: m pixels of cout channels with pixel
 * stride res_ps, added before the activation (ShuffleNet's relu(x + shortcut); with act NONE
 * this is the inverted-residual form), or NULL (res_cap and res_ps are then ignored).
 * in_ps >= cin, out_ps >= cout, res_ps >= cout.
 * residual may be out itself (same pointer, res_ps == out_ps): an in-place residual add.
 * Our own kernels read packed weights: this entry point packs into a scratch block on every
 * call (a network packs once, with en_pwconv_pack, and calls en_pwconv_packed).
 * EN_ERR_NOMEM when that block (or the OpenBLAS engine's) cannot be allocated.
 */
int en_pwconv(en_pool* pool,
              const float* in, int64_t in_cap, int64_t m, int cin, int in_ps,
              const float* weight, const float* bias, int cout, int act,
              const float* residual, int64_t res_cap, int res_ps,
              float* out, int64_t out_cap, int out_ps);
/*
 * Grouped pointwise convolution with strided channel addressing, so that a channel shuffle or a
 * concat is folded into where this layer reads and writes instead of being a pass of its own.
 * groups >= 1 groups, each of cin_g inputs and cout_g outputs; for pixel p, group gi:
 *   input  channel k (< cin_g)  is read at    in [p*in_ps  + gi*in_gs  + k*in_cs]
 *   output channel o (< cout_g) is written at out[p*out_ps + gi*out_gs + o*out_cs]
 *   residual (or NULL) is read at             res[p*res_ps + gi*cout_g + o]  (dense channels)
 *   out = act(sum_k in * weight[gi][k][o] + bias[gi*cout_g + o] + residual)
 * weight: [groups][cin_g][cout_g]; bias: [groups*cout_g] or NULL. All strides >= 1 except that
 * in_gs / out_gs may be anything >= 0 when groups == 1. The largest input channel index must be
 * < in_ps, the largest output index < out_ps, and no two outputs may share an index
 * (EN_ERR_ARG otherwise). The output must not overlap the input; residual may not alias out.
 * Examples: plain grouped conv: in_gs = cin_g, in_cs = 1, out_gs = cout_g, out_cs = 1.
 * Megvii ShuffleNetV1 shuffle before this layer: in_gs = 1, in_cs = groups.
 * Writing the odd channels of a shuffled concat (ShuffleNetV2): out_gs = 0, out_cs = 2, out + 1.
 * Packs the weights into a scratch block per call as en_pwconv does (EN_ERR_NOMEM if it cannot).
 */
int en_pwconv_grouped(en_pool* pool,
                      const float* in, int64_t in_cap, int64_t m, int groups, int cin_g,
                      int in_ps, int in_gs, int in_cs,
                      const float* weight, const float* bias, int cout_g, int act,
                      const float* residual, int64_t res_cap, int res_ps,
                      float* out, int64_t out_cap, int out_ps, int out_gs, int out_cs);
/*
 * Packed pointwise weights: a layer's weight and bias packed once into a caller-owned buffer,
 * then read on every run, so that the kernels stream them sequentially whatever the layer's width.
 * The layout is internal (a header naming the shape, then zero-padded column panels); every ISA
 * reads it, so en_isa_force may change after packing. Any alignment works; 64-byte aligned
 * (en_alloc_floats) is what the kernels are tuned for.
 *
 * en_pwconv_pack_size: floats needed to pack `groups` groups of [cin_g][cout_g] weights (use 1
 * group for en_pwconv_packed); EN_ERR_ARG (negative) when a size is < 1 or the total overflows.
 * en_pwconv_pack: weight [groups][cin_g][cout_g] (en_pwconv_grouped's layout; [cin][cout] for one
 * group), bias [groups*cout_g] or NULL, into packed (packed_cap floats, at least the size above,
 * not overlapping weight or bias).
 */
int64_t en_pwconv_pack_size(int groups, int cin_g, int cout_g);
int en_pwconv_pack(int groups, int cin_g, int cout_g, const float* weight, const float* bias,
                   float* packed, int64_t packed_cap);
/* en_pwconv / en_pwconv_grouped with packed weights (and the bias packed with them): the same
 * arguments and results, EN_ERR_ARG also when packed (packed_cap floats) does not hold a packing
 * of exactly this shape (1 group of cin x cout for en_pwconv_packed). Always our own kernels,
 * whatever en_gemm_force says (they beat sgemm on every network shape measured). */
int en_pwconv_packed(en_pool* pool,
                     const float* in, int64_t in_cap, int64_t m, int cin, int in_ps,
                     const float* packed, int64_t packed_cap, int cout, int act,
                     const float* residual, int64_t res_cap, int res_ps,
                     float* out, int64_t out_cap, int out_ps);
int en_pwconv_grouped_packed(en_pool* pool,
                             const float* in, int64_t in_cap, int64_t m, int groups, int cin_g,
                             int in_ps, int in_gs, int in_cs,
                             const float* packed, int64_t packed_cap, int cout_g, int act,
                             const float* residual, int64_t res_cap, int res_ps,
                             float* out, int64_t out_cap, int out_ps, int out_gs, int out_cs);
/* ---- element-wise, channel moves --------------------------------------------------------- */
/* out = act(a + b) over m pixels of c channels, each operand with its own pixel stride (>= c).
 * out may be a or b itself (same pointer and stride). */
int en_add(en_pool* pool,
           const float* a, int64_t a_cap, int a_ps, const float* b, int64_t b_cap, int b_ps,
           int64_t m, int c, int act, float* out, int64_t out_cap, int out_ps);
/* Channel gather: out[p*out_ps + j*out_cs] = in[p*in_ps + j*in_cs] for m pixels, j < c.
 * The copy behind a channel shuffle or concat the graph cannot fold into a neighbour.
 * Strides >= 1; (c-1)*in_cs < in_ps, (c-1)*out_cs < out_ps; out must not overlap in. */
int en_channel_copy(en_pool* pool,
                    const float* in, int64_t in_cap, int64_t m, int c, int in_ps, int in_cs,
                    float* out, int64_t out_cap, int out_ps, int out_cs);
/*
 * Squeeze-and-excitation, per image of h*w pixels of c channels:
 *   s[ch] = mean over pixels (as en_global_avgpool);
 *   z = act(w1 . s + b1), w1: [cmid][c], b1: [cmid];  g = gate(w2 . z + b2), w2: [c][cmid], b2: [c];
 *   out[p][ch] = in[p][ch] * g[ch].
 * act and gate are EN_ACT_* (ReLU/SiLU and HardSigmoid/Sigmoid in the zoo). out may be in
 * itself (same pointer and stride). EN_ERR_NOMEM if its n*(2c + cmid) floats of scratch cannot
 * be allocated.
 */
int en_se(en_pool* pool,
          const float* in, int64_t in_cap, int n, int h, int w, int c, int in_ps,
          const float* w1, const float* b1, int cmid, int act,
          const float* w2, const float* b2, int gate,
          float* out, int64_t out_cap, int out_ps);
/* ---- pooling, classifier ------------------------------------------------------------------ */
/* Max or average KxK pooling, k in 1..7, stride in 1..4, 0 <= pad <= k/2, as PyTorch's
 * MaxPool2d (padding never wins the max) and AvgPool2d(count_include_pad=True: every window is
 * divided by k*k, padding counts as zeros). Output size as for en_conv2d. in_ps, out_ps >= c. */
#define EN_POOL_MAX 0
#define EN_POOL_AVG 1
int en_window_pool(en_pool* pool,
                   const float* in, int64_t in_cap, int n, int h, int w, int c, int in_ps,
                   int kind, int k, int stride, int pad,
                   float* out, int64_t out_cap, int out_ps);

/* Global average pool: in [n][h*w pixels, pixel stride in_ps][c] -> out [n][c] (dense).
 * The h*w pixels are cut into min(8, h*w) runs of consecutive pixels (run g: pixels
 * [h*w*g/runs, h*w*(g+1)/runs)), the same for any thread count; each run's mean is its sum in
 * float, pixel by pixel in order, divided by (float) its pixel count; the result is the runs'
 * means times their pixel counts, added in float in run order, divided by (float)(h*w).
 * in_ps >= c; needs n*c <= out_cap. EN_ERR_NOMEM if the runs' n*runs*c floats of scratch cannot
 * be allocated. */
int en_global_avgpool(en_pool* pool,
                      const float* in, int64_t in_cap, int n, int h, int w, int c, int in_ps,
                      float* out, int64_t out_cap);

/* Fully connected: out[n][cout] = act(in[n][cin] . weight[cout][cin]^T + bias). weight is PyTorch's layout.
 * bias: [cout] or NULL. Needs n*cin <= in_cap, n*cout <= out_cap. */
int en_linear(en_pool* pool,
              const float* in, int64_t in_cap, int n, int cin,
              const float* weight, const float* bias, int cout, int act,
              float* out, int64_t out_cap);

#ifdef __cplusplus
}
#endif

#endif /* EDGENET_EDGENET_H */
