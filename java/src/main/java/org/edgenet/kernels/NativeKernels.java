package org.edgenet.kernels;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Opaque;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * JavaCPP binding of {@code native/include/edgenet/edgenet.h}, one method per C function.
 * Internal: the graph executor calls these; users go through {@link org.edgenet.Net}.
 * Inheriting the OpenBLAS preset makes {@link Loader#load()} preload the jar's libopenblas first.
 */
@Properties(
    inherit = org.bytedeco.openblas.presets.openblas_nolapack.class,
    value = @Platform(
        include = "edgenet/edgenet.h",
        exclude = {"openblas_config.h", "cblas.h"},
        link = "edgenet",
        library = "jniedgenet"))
public final class NativeKernels {
    private NativeKernels() {}

    /** Loads the native library; throws {@link UnsatisfiedLinkError} where no build exists. */
    public static void load() {
        Loader.load();
    }

    static {
        Loader.load();
    }

    public static final int EN_OK = 0, EN_ERR_ARG = -1, EN_ERR_NOMEM = -2, EN_ERR_ISA = -3;
    public static final int EN_ISA_AUTO = -1, EN_ISA_SCALAR = 0, EN_ISA_AVX2 = 1, EN_ISA_AVX512 = 2, EN_ISA_NEON = 3;
    public static final int EN_CPU_AVX2 = 1, EN_CPU_AVX512 = 1 << 1, EN_CPU_NEON = 1 << 8, EN_CPU_DOTPROD = 1 << 9,
            EN_CPU_FP16 = 1 << 10;
    public static final int EN_GEMM_OWN = 0, EN_GEMM_OPENBLAS = 1;
    public static final int EN_ACT_NONE = 0, EN_ACT_RELU = 1, EN_ACT_RELU6 = 2, EN_ACT_HSWISH = 3,
            EN_ACT_HSIGMOID = 4, EN_ACT_SILU = 5, EN_ACT_SIGMOID = 6;
    public static final int EN_POOL_MAX = 0, EN_POOL_AVG = 1;

    /** Opaque handle of a native thread pool. */
    @Opaque
    public static class en_pool extends Pointer {
        public en_pool() { super((Pointer) null); }
        public en_pool(Pointer p) { super(p); }
    }

    public static native @Cast("const char*") String en_version();
    public static native int en_isa_best();
    public static native int en_isa_active();
    public static native int en_isa_force(int isa);
    public static native @Cast("const char*") String en_isa_name(int isa);
    public static native int en_isa_supported(int isa);
    public static native int en_cpu_features();
    public static native @Cast("const char*") String en_cpu_feature_name(int feature);
    public static native int en_gemm_force(int engine);
    public static native int en_gemm_active();
    public static native double en_fma_peak_gflops(int milliseconds);

    public static native FloatPointer en_alloc_floats(long n);
    public static native void en_free(Pointer p);

    public static native en_pool en_pool_create(int threads);
    public static native void en_pool_destroy(en_pool pool);
    public static native int en_pool_threads(@Const en_pool pool);

    public static native long en_find_nonfinite(@Const FloatPointer data, long n);

    public static native int en_nchw_to_nhwc(en_pool pool, @Const FloatPointer in, long inCap,
            int n, int c, int h, int w, FloatPointer out, long outCap);

    public static native int en_conv2d(en_pool pool, @Const FloatPointer in, long inCap,
            int n, int h, int w, int cin, @Const FloatPointer weight, @Const FloatPointer bias,
            int cout, int k, int stride, int pad, int act, FloatPointer out, long outCap);

    public static native int en_dwconv(en_pool pool, @Const FloatPointer in, long inCap,
            int n, int h, int w, int c, int inPs, @Const FloatPointer weight, @Const FloatPointer bias,
            int k, int stride, int pad, int act, FloatPointer out, long outCap, int outPs);

    public static native int en_separable_block(en_pool pool, @Const FloatPointer in, long inCap,
            int n, int h, int w, int cin, int inPs, @Const FloatPointer expand, long expandCap, int cmid,
            int expandAct, @Const FloatPointer dwWeight, @Const FloatPointer dwBias, int k, int stride, int pad,
            int dwAct, @Const FloatPointer project, long projectCap, int cout, int projectAct,
            @Const FloatPointer residual, long resCap, int resPs, FloatPointer out, long outCap, int outPs);

    public static native int en_pwconv(en_pool pool, @Const FloatPointer in, long inCap,
            long m, int cin, int inPs, @Const FloatPointer weight, @Const FloatPointer bias, int cout, int act,
            @Const FloatPointer residual, long resCap, int resPs, FloatPointer out, long outCap, int outPs);

    public static native int en_pwconv_grouped(en_pool pool, @Const FloatPointer in, long inCap,
            long m, int groups, int cinG, int inPs, int inGs, int inCs,
            @Const FloatPointer weight, @Const FloatPointer bias, int coutG, int act,
            @Const FloatPointer residual, long resCap, int resPs,
            FloatPointer out, long outCap, int outPs, int outGs, int outCs);

    public static native long en_pwconv_pack_size(int groups, int cinG, int coutG);

    public static native int en_pwconv_pack(int groups, int cinG, int coutG, @Const FloatPointer weight,
            @Const FloatPointer bias, FloatPointer packed, long packedCap);

    public static native int en_pwconv_packed(en_pool pool, @Const FloatPointer in, long inCap,
            long m, int cin, int inPs, @Const FloatPointer packed, long packedCap, int cout, int act,
            @Const FloatPointer residual, long resCap, int resPs, FloatPointer out, long outCap, int outPs);

    public static native int en_pwconv_grouped_packed(en_pool pool, @Const FloatPointer in, long inCap,
            long m, int groups, int cinG, int inPs, int inGs, int inCs,
            @Const FloatPointer packed, long packedCap, int coutG, int act,
            @Const FloatPointer residual, long resCap, int resPs,
            FloatPointer out, long outCap, int outPs, int outGs, int outCs);

    public static native int en_add(en_pool pool, @Const FloatPointer a, long aCap, int aPs,
            @Const FloatPointer b, long bCap, int bPs, long m, int c, int act,
            FloatPointer out, long outCap, int outPs);

    public static native int en_channel_copy(en_pool pool, @Const FloatPointer in, long inCap,
            long m, int c, int inPs, int inCs, FloatPointer out, long outCap, int outPs, int outCs);

    public static native int en_se(en_pool pool, @Const FloatPointer in, long inCap,
            int n, int h, int w, int c, int inPs,
            @Const FloatPointer w1, @Const FloatPointer b1, int cmid, int act,
            @Const FloatPointer w2, @Const FloatPointer b2, int gate,
            FloatPointer out, long outCap, int outPs);

    public static native int en_window_pool(en_pool pool, @Const FloatPointer in, long inCap,
            int n, int h, int w, int c, int inPs, int kind, int k, int stride, int pad,
            FloatPointer out, long outCap, int outPs);

    public static native int en_global_avgpool(en_pool pool, @Const FloatPointer in, long inCap,
            int n, int h, int w, int c, int inPs, FloatPointer out, long outCap);

    public static native int en_linear(en_pool pool, @Const FloatPointer in, long inCap,
            int n, int cin, @Const FloatPointer weight, @Const FloatPointer bias, int cout, int act,
            FloatPointer out, long outCap);
}
