// The OpenBLAS engine behind en_pwconv and en_linear: single-threaded cblas_sgemm on fixed-size
// chunks (our pool does the threading), then the same epilogue as our own kernels.
#include <cblas.h>

#include <algorithm>
#include <memory>
#include <new>

#include "kernels/kernels.h"

namespace edgenet {
namespace {

// OpenBLAS would otherwise start its own threads inside each of ours. Process-wide, done once.
void make_openblas_single_threaded() {
  static const bool done = [] {
    openblas_set_num_threads(1);
    return true;
  }();
  (void)done;
}

}  // namespace

bool pwconv_openblas(const PwconvParams& p, const float* weight, const float* bias, int64_t pixel_begin,
                     int64_t pixel_end, EpilogueFn epilogue) {
  make_openblas_single_threaded();
  // sgemm writes a scratch block rather than out itself: the residual may be out (an in-place
  // residual add) and must still be intact when the epilogue reads it.
  std::unique_ptr<float[]> scratch(new (std::nothrow) float[kOpenblasRowChunk * p.cout]);
  if (!scratch) return false;
  for (int64_t r0 = pixel_begin; r0 < pixel_end; r0 += kOpenblasRowChunk) {
    const int rows = static_cast<int>(std::min(kOpenblasRowChunk, pixel_end - r0));
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, p.cout, p.cin, 1.0f, p.in + r0 * p.in_ps,
                p.in_ps, weight, p.cout, 0.0f, scratch.get(), p.cout);
    EpilogueParams e{};
    e.src = scratch.get();
    e.src_stride = p.cout;
    e.bias = bias;
    e.residual = p.residual != nullptr ? p.residual + r0 * p.res_ps : nullptr;
    e.res_stride = p.res_ps;
    e.out = p.out + r0 * p.out_ps;
    e.out_stride = p.out_ps;
    e.rows = rows;
    e.cols = p.cout;
    e.act = p.act;
    epilogue(e);
  }
  return true;
}

void linear_openblas(const LinearParams& p, int64_t out_begin, int64_t out_end, EpilogueFn epilogue) {
  make_openblas_single_threaded();
  for (int64_t j0 = out_begin; j0 < out_end; j0 += kOpenblasColumnChunk) {
    const int cols = static_cast<int>(std::min(kOpenblasColumnChunk, out_end - j0));
    // out[n][j0..j0+cols) = in[n][cin] * weight[j0..j0+cols)[cin]^T, written in place.
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, p.n, cols, p.cin, 1.0f, p.in, p.cin,
                p.weight + j0 * p.cin, p.cin, 0.0f, p.out + j0, p.cout);
    EpilogueParams e{};
    e.src = p.out + j0;
    e.src_stride = p.cout;
    e.bias = p.bias != nullptr ? p.bias + j0 : nullptr;
    e.out = p.out + j0;
    e.out_stride = p.cout;
    e.rows = p.n;
    e.cols = cols;
    e.act = p.act;
    epilogue(e);
  }
}

}  // namespace edgenet
