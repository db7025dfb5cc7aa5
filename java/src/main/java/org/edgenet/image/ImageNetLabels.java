package org.edgenet.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The 1000 ImageNet-1k class names in torchvision's order and spelling
 * ({@code torchvision.models._meta._IMAGENET_CATEGORIES}), so that logit {@code i} of any
 * torchvision-trained classifier is named by {@code name(i)}.
 */
public final class ImageNetLabels {
    private static final String RESOURCE = "imagenet_classes.txt";
    private static final int EXPECTED = 1000;

    private ImageNetLabels() {}

    /** The class name for logit {@code index}, 0 ≤ index < {@link #count()}. */
    public static String name(int index) {
        List<String> names = Names.ALL;
        if (index < 0 || index >= names.size()) {
            throw new IllegalArgumentException(
                    "ImageNet class index " + index + " out of range [0, " + names.size() + ")");
        }
        return names.get(index);
    }

    /** The number of classes: 1000. */
    public static int count() {
        return Names.ALL.size();
    }

    /** All names, index order, unmodifiable. */
    public static List<String> all() {
        return Names.ALL;
    }

    // Holder idiom: the resource is read once, on first use, thread-safely.
    private static final class Names {
        static final List<String> ALL = load();
    }

    private static List<String> load() {
        try (InputStream in = ImageNetLabels.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the classpath");
            }
            List<String> names = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines().toList();
            if (names.size() != EXPECTED) {
                throw new IllegalStateException(RESOURCE + " holds " + names.size() + " names, expected " + EXPECTED);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
        }
    }
}
