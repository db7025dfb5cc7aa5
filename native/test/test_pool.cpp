// Thread pool lifecycle (LeakSanitizer runs in the _asan copy), ISA and GEMM engine switches.
#include <vector>

#include "check.h"

int main() {
  CHECK(en_pool_create(0) == nullptr, "0 threads");
  CHECK(en_pool_create(-1) == nullptr, "negative threads");
  CHECK(en_pool_create(257) == nullptr, "257 threads");
  CHECK(en_pool_threads(nullptr) == 1, "a null pool is the caller alone");

  // Create, use and destroy repeatedly: no leak, no hang, every part of the work done.
  std::vector<float> in(3 * 40, 1.0f), w(3 * 5, 0.5f), out(40 * 5, test::sentinel());
  for (int round = 0; round < 40; ++round) {
    const int threads = 1 + round % 4;
    en_pool* pool = en_pool_create(threads);
    CHECK(pool != nullptr && en_pool_threads(pool) == threads, "create %d threads", threads);
    if (round % 2 == 0) {
      const int rc = en_pwconv(pool, in.data(), static_cast<int64_t>(in.size()), 40, 3, 3, w.data(), nullptr, 5,
                               EN_ACT_NONE, nullptr, 0, 0, out.data(), static_cast<int64_t>(out.size()), 5);
      bool all = rc == EN_OK;
      for (float v : out) all = all && v == 1.5f;
      CHECK(all, "pwconv through a %d-thread pool", threads);
    }
    en_pool_destroy(pool);
  }
  en_pool* big = en_pool_create(256);
  CHECK(big != nullptr && en_pool_threads(big) == 256, "256 threads");
  en_pool_destroy(big);
  en_pool_destroy(nullptr);

  // ISA switch.
  CHECK(en_isa_supported(EN_ISA_SCALAR) == 1, "scalar always runs");
  CHECK(en_isa_force(EN_ISA_SCALAR) == EN_OK && en_isa_active() == EN_ISA_SCALAR, "force scalar");
  CHECK(en_isa_force(42) == EN_ERR_ISA && en_isa_active() == EN_ISA_SCALAR, "unknown ISA refused, state kept");
  CHECK(en_isa_force(EN_ISA_AUTO) == EN_OK && en_isa_active() == en_isa_best(), "auto restores the best");
  CHECK(en_isa_supported(en_isa_best()) == 1, "best is supported");

  // GEMM engine switch.
  CHECK(en_gemm_active() == EN_GEMM_OWN, "own GEMM by default");
  CHECK(en_gemm_force(EN_GEMM_OPENBLAS) == EN_OK && en_gemm_active() == EN_GEMM_OPENBLAS, "force OpenBLAS");
  CHECK(en_gemm_force(2) == EN_ERR_ARG && en_gemm_active() == EN_GEMM_OPENBLAS, "unknown engine refused, state kept");
  CHECK(en_gemm_force(-1) == EN_ERR_ARG, "negative engine refused");
  CHECK(en_gemm_force(EN_GEMM_OWN) == EN_OK && en_gemm_active() == EN_GEMM_OWN, "back to own");
  return test::finish("test_pool");
}
