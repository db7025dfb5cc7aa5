// Internal: which variant and which GEMM engine the entry points use.
#pragma once

#include "edgenet/edgenet.h"
#include "isa.h"

namespace edgenet {

int gemm_engine();  // EN_GEMM_OWN or EN_GEMM_OPENBLAS

namespace {

// True when the AVX2+FMA variants run. Any other active ISA without variants of its own here
// (reserved ones) falls back to the scalar reference.
inline bool use_avx2() {
#if defined(EDGENET_HAVE_AVX2)
  return active_isa() == EN_ISA_AVX2;
#else
  return false;
#endif
}

}  // namespace
}  // namespace edgenet

// The variant function to run: the AVX2 one when it is active, else the scalar reference.
// (A macro because the AVX2 symbols do not exist at all in builds for other architectures.)
#if defined(EDGENET_HAVE_AVX2)
#define EDGENET_PICK_VARIANT(ref, avx2) (::edgenet::use_avx2() ? &(avx2) : &(ref))
#else
#define EDGENET_PICK_VARIANT(ref, avx2) (&(ref))
#endif
