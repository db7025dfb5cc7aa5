// Internal: which variant and which GEMM engine the entry points use.
#pragma once

#include "edgenet/edgenet.h"
#include "isa.h"

namespace edgenet {

int gemm_engine();  // EN_GEMM_OWN or EN_GEMM_OPENBLAS

namespace {

// True when the AVX2+FMA variants run: AVX2 is active, or AVX-512 is and the kernel has no
// AVX-512 variant of its own. Any other active ISA without variants here falls back to the scalar
// reference.
inline bool use_avx2() {
#if defined(EDGENET_HAVE_AVX2)
  return active_isa() == EN_ISA_AVX2 || active_isa() == EN_ISA_AVX512;
#else
  return false;
#endif
}

inline bool use_neon() {
#if defined(EDGENET_HAVE_NEON)
  return active_isa() == EN_ISA_NEON;
#else
  return false;
#endif
}

inline bool use_avx512() {
#if defined(EDGENET_HAVE_AVX512)
  return active_isa() == EN_ISA_AVX512;
#else
  return false;
#endif
}

}  // namespace
}  // namespace edgenet

// The variant function to run: the widest one the active ISA allows, else the scalar reference.
// (Macros because the symbols of the other architecture's variants do not exist at all: an x86
// build has no *_neon functions, an arm64 build no *_avx2/*_avx512 ones.)
#if defined(EDGENET_HAVE_AVX2)
#define EDGENET_PICK_VARIANT(ref, avx2, neon) (::edgenet::use_avx2() ? &(avx2) : &(ref))
#elif defined(EDGENET_HAVE_NEON)
#define EDGENET_PICK_VARIANT(ref, avx2, neon) (::edgenet::use_neon() ? &(neon) : &(ref))
#else
#define EDGENET_PICK_VARIANT(ref, avx2, neon) (&(ref))
#endif
#if defined(EDGENET_HAVE_AVX512)
#define EDGENET_PICK_VARIANT_512(ref, avx2, avx512, neon) \
  (::edgenet::use_avx512() ? &(avx512) : EDGENET_PICK_VARIANT(ref, avx2, neon))
#else
#define EDGENET_PICK_VARIANT_512(ref, avx2, avx512, neon) EDGENET_PICK_VARIANT(ref, avx2, neon)
#endif
