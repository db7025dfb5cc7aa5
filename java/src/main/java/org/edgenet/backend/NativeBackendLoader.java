package org.edgenet.backend;

import org.edgenet.kernels.NativeKernels;

/** Loads the native library once and turns a missing build into a clear message. */
public final class NativeBackendLoader {
    private static volatile Throwable failure;
    private static volatile boolean loaded;

    private NativeBackendLoader() {}

    /** True if the native library for this platform loads. */
    public static boolean isAvailable() {
        try {
            requireLoaded();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /** Loads the library or throws {@link UnsupportedOperationException} naming the platform. */
    public static synchronized void requireLoaded() {
        if (loaded) {
            return;
        }
        if (failure == null) {
            try {
                NativeKernels.load();
                loaded = true;
                return;
            } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
                failure = e;
            }
        }
        throw new UnsupportedOperationException("the native backend is not available on "
                + org.bytedeco.javacpp.Loader.getPlatform() + " (" + failure
                + "); add the edgenet jar with this platform's classifier or use Backend.JAVA", failure);
    }
}
