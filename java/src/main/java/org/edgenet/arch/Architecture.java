package org.edgenet.arch;

import org.edgenet.graph.Graph;
import org.edgenet.graph.ParameterSource;

/** A network family at one width: turns its table and a set of PyTorch tensors into a graph. */
public interface Architecture {

    /** The --arch name, e.g. "mobilenet_v2_x0_5". */
    String name();

    /** The family the width variants share, e.g. "mobilenet_v2". */
    String family();

    /** Input size the published weights were trained at. */
    int defaultInputSize();

    /** ImageNet top-1 (%) the authors or torchvision published for this variant, NaN if none. */
    double publishedTop1();

    /**
     * The key {@link #build} takes for a tensor stored under {@code fileKey}: maps another published
     * key scheme of this network (e.g. timm's vs the authors' repository) onto the one build() uses.
     * Identity by default; keys it does not know pass through unchanged; null drops a tensor that
     * is not part of the network (e.g. a profiler's counters).
     */
    default String canonicalKey(String fileKey) {
        return fileKey;
    }

    /**
     * How an image becomes this network's input at {@code cropSize}: torchvision's ImageNet
     * transform unless the published weights were trained on something else.
     */
    default org.edgenet.image.Preprocess preprocess(int cropSize) {
        return org.edgenet.image.Preprocess.imagenet(cropSize);
    }

    /** Builds the inference graph for a batch of {@code n} NCHW images of h x w pixels. */
    Graph build(int n, int h, int w, int numClasses, ParameterSource params);
}
