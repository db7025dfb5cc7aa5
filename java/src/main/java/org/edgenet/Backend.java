package org.edgenet;

/** Where a net's kernels run. */
public enum Backend {
    /** C++ kernels through JavaCPP (AVX2/scalar picked at run time); the default. */
    NATIVE,
    /** Pure Java, the same graph and operations; works wherever a JVM does. */
    JAVA
}
