package org.edgenet.arch;

/**
 * What every network of the zoo shares: its --arch name, its family, the ImageNet top-1 published
 * for it, and the 224x224 input its published weights were trained at.
 */
abstract class ZooNetwork implements Architecture {
    private final String name;
    private final String family;
    private final double top1;

    ZooNetwork(String name, String family, double top1) {
        this.name = name;
        this.family = family;
        this.top1 = top1;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String family() {
        return family;
    }

    @Override
    public int defaultInputSize() {
        return 224;
    }

    @Override
    public final double publishedTop1() {
        return top1;
    }

    @Override
    public String toString() {
        return name;
    }
}
