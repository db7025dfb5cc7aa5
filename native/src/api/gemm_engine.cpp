// GEMM engine switch behind en_pwconv and en_linear.
#include <atomic>

#include "api/dispatch.h"

namespace edgenet {
namespace {
std::atomic<int> g_engine{EN_GEMM_OWN};
}  // namespace

int gemm_engine() { return g_engine.load(std::memory_order_relaxed); }

}  // namespace edgenet

extern "C" {

int en_gemm_force(int engine) {
  if (engine != EN_GEMM_OWN && engine != EN_GEMM_OPENBLAS) return EN_ERR_ARG;
  edgenet::g_engine.store(engine, std::memory_order_relaxed);
  return EN_OK;
}

int en_gemm_active(void) { return edgenet::gemm_engine(); }

}  // extern "C"
