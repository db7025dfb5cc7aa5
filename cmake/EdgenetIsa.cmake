# Per-file ISA flags: a kernel file named *_avx2.cpp is compiled for AVX2+FMA, *_avx512.cpp for
# AVX-512, *_neon.cpp for aarch64 NEON. Everything else stays baseline, so the library loads on
# any CPU of its architecture and picks the variant at run time.
#
# A target with the property EDGENET_EMULATE_AVX512 set compiles its *_avx512.cpp files for AVX2
# instead, with SIMDe standing in for the AVX-512 intrinsics (see kernels/avx512_util.h): the
# kernels' logic then runs, and is tested, on CPUs without AVX-512.
function(edgenet_isa_flags)
  set(_avx2 "-mavx2;-mfma;-mf16c")
  set(_avx512 "-mavx512f;-mavx512bw;-mavx512dq;-mavx512vl;-mavx2;-mfma;-mf16c")
  set(_emulated "$<BOOL:$<TARGET_PROPERTY:EDGENET_EMULATE_AVX512>>")
  foreach(src IN LISTS ARGN)
    if(src MATCHES "_avx2\\.cpp$")
      set_source_files_properties(${src} PROPERTIES COMPILE_OPTIONS "${_avx2}")
    elseif(src MATCHES "_avx512\\.cpp$")
      set_source_files_properties(${src} PROPERTIES COMPILE_OPTIONS "$<IF:${_emulated},${_avx2},${_avx512}>")
    elseif(src MATCHES "_neon\\.cpp$" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      # No ISA flag (NEON is baseline), but no pre-allocation scheduling: on aarch64 GCC runs it by
      # default, and it hoists a register-tiled kernel's loads ahead of their FMAs until the
      # accumulators spill (3x3 depthwise, 56x56x144: 352k stack loads/stores per call with it,
      # none in the loop without; instruction counts under qemu).
      set_source_files_properties(${src} PROPERTIES COMPILE_OPTIONS "-fno-schedule-insns")
    endif()
  endforeach()
endfunction()

# Which ISA files this target architecture can compile.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(EDGENET_X86 ON)
else()
  set(EDGENET_X86 OFF)
endif()
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
  set(EDGENET_ARM64 ON)
else()
  set(EDGENET_ARM64 OFF)
endif()
