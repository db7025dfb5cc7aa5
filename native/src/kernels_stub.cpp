// TEMPORARY: placeholders until the kernels land.
#include "edgenet/edgenet.h"
extern "C" {
int en_gemm_force(int engine) { return engine == EN_GEMM_OWN || engine == EN_GEMM_OPENBLAS ? EN_OK : EN_ERR_ARG; }
int en_gemm_active(void) { return EN_GEMM_OWN; }
int en_nchw_to_nhwc(en_pool*, const float*, int64_t, int, int, int, int, float*, int64_t) { return EN_ERR_ARG; }
int en_conv2d(en_pool*, const float*, int64_t, int, int, int, int, const float*, const float*, int, int, int, int, int, float*, int64_t) { return EN_ERR_ARG; }
int en_dwconv(en_pool*, const float*, int64_t, int, int, int, int, int, const float*, const float*, int, int, int, int, float*, int64_t, int) { return EN_ERR_ARG; }
int en_pwconv(en_pool*, const float*, int64_t, int64_t, int, int, const float*, const float*, int, int, const float*, int64_t, int, float*, int64_t, int) { return EN_ERR_ARG; }
int en_global_avgpool(en_pool*, const float*, int64_t, int, int, int, int, int, float*, int64_t) { return EN_ERR_ARG; }
int en_linear(en_pool*, const float*, int64_t, int, int, const float*, const float*, int, int, float*, int64_t) { return EN_ERR_ARG; }
}
