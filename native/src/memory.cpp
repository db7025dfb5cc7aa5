// Aligned, zeroed float blocks for arenas and packed weights.
#include <cstdlib>
#include <cstring>

#include "edgenet/edgenet.h"

extern "C" {

float* en_alloc_floats(int64_t n) {
  constexpr int64_t kAlign = 64;
  if (n <= 0 || n > (INT64_MAX - kAlign) / static_cast<int64_t>(sizeof(float))) return nullptr;
  int64_t bytes = n * static_cast<int64_t>(sizeof(float));
  bytes = (bytes + kAlign - 1) / kAlign * kAlign;  // aligned_alloc wants a multiple of the alignment
  void* p = std::aligned_alloc(kAlign, static_cast<size_t>(bytes));
  if (p != nullptr) std::memset(p, 0, static_cast<size_t>(bytes));
  return static_cast<float*>(p);
}

void en_free(void* p) { std::free(p); }

const char* en_version(void) { return "0.1.0"; }

}  // extern "C"
