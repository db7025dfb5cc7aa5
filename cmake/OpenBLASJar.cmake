# OpenBLAS from the org.bytedeco:openblas jar that Maven unpacked (OPENBLAS_ROOT), never the system's.
# The jar has no unversioned libopenblas.so and its OpenBLASConfig.cmake points at one, so link by path.
if(NOT OPENBLAS_ROOT OR NOT EXISTS "${OPENBLAS_ROOT}/include/cblas.h")
  message(FATAL_ERROR "OPENBLAS_ROOT must point at the unpacked org/bytedeco/openblas/<platform> folder "
                      "(mvn generate-sources does it); got '${OPENBLAS_ROOT}'")
endif()
add_library(edgenet_openblas SHARED IMPORTED)
set_target_properties(edgenet_openblas PROPERTIES
  IMPORTED_LOCATION "${OPENBLAS_ROOT}/libopenblas.so.0"
  INTERFACE_INCLUDE_DIRECTORIES "${OPENBLAS_ROOT}/include")
# JavaCPP's openblas_nolapack preset asks the JNI link for -lopenblas_nolapack, which no jar holds.
# ld records the SONAME, so the JNI library ends up needing libopenblas.so.0, which the preset preloads.
file(CREATE_LINK "${OPENBLAS_ROOT}/libopenblas.so.0" "${CMAKE_BINARY_DIR}/libopenblas_nolapack.so" SYMBOLIC)
