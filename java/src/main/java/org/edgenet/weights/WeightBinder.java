package org.edgenet.weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Hands an architecture its tensors by name and shape, strictly: {@link #take} fails on a missing
 * or mis-shaped tensor, and {@link #finish} fails if any tensor was neither taken nor
 * {@linkplain #ignore ignored}. Messages name the key, both shapes and the file.
 *
 * <p>An architecture whose names differ from the file's (timm, original repositories) passes a
 * key mapping from file keys to its own canonical keys; messages then give both.
 *
 * <pre>{@code
 * WeightBinder w = new WeightBinder(StateDict.read(path));
 * w.ignore("num_batches_tracked");
 * float[] stem = w.take("features.0.0.weight", 32, 3, 3, 3);
 * ...
 * w.finish();
 * }</pre>
 */
public final class WeightBinder {
    private static final int MAX_LISTED = 10;

    private final String source;
    /** Canonical key to tensor, in file order. */
    private final Map<String, WeightTensor> byKey = new LinkedHashMap<>();
    /** Canonical key to file key, where they differ. */
    private final Map<String, String> fileKeys = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();
    private final List<Predicate<String>> ignored = new ArrayList<>();

    /** Binds the tensors of {@code dict} under their own names. */
    public WeightBinder(StateDict dict) {
        this(dict, dict.source(), Function.identity());
    }

    /** Binds with a key mapping; see {@link #WeightBinder(StateDict, String, Function)}. */
    public WeightBinder(StateDict dict, Function<String, String> fileKeyToCanonical) {
        this(dict, dict.source(), fileKeyToCanonical);
    }

    /**
     * @param source names the weights in messages (e.g. the file)
     * @param fileKeyToCanonical maps each file key to the key the architecture asks for; returning
     *     null drops the tensor (as if it were not in the file)
     * @throws WeightsMismatchException if two file keys map to the same canonical key
     */
    public WeightBinder(StateDict dict, String source, Function<String, String> fileKeyToCanonical) {
        this.source = Objects.requireNonNull(source, "source");
        for (WeightTensor t : dict) {
            String fileKey = t.name();
            String key = fileKeyToCanonical.apply(fileKey);
            if (key == null) {
                continue;
            }
            WeightTensor previous = byKey.put(key, t);
            if (previous != null) {
                throw new WeightsMismatchException("tensors '" + previous.name() + "' and '" + fileKey
                        + "' both map to '" + key + "' in " + source);
            }
            if (!key.equals(fileKey)) {
                fileKeys.put(key, fileKey);
            }
        }
    }

    /**
     * Binds with a renaming table from file keys to canonical keys; keys absent from the table keep
     * their names.
     */
    public WeightBinder(StateDict dict, Map<String, String> fileKeyToCanonical) {
        this(dict, dict.source(), k -> fileKeyToCanonical.getOrDefault(k, k));
    }

    /**
     * The values of tensor {@code key}, which must have exactly {@code expectedShape} (no dimensions
     * for a scalar). The array is shared with the state dict, not copied. Taking a key twice is
     * allowed (tied weights).
     *
     * @throws WeightsMismatchException if the tensor is missing or has another shape
     */
    public float[] take(String key, int... expectedShape) {
        WeightTensor t = byKey.get(key);
        if (t == null) {
            throw new WeightsMismatchException("missing tensor '" + key + "' (expected shape "
                    + Arrays.toString(expectedShape) + ") in " + source + nearMiss(key));
        }
        if (!t.hasShape(expectedShape)) {
            throw new WeightsMismatchException("tensor '" + key + "'" + fileKeyNote(key) + " has shape "
                    + Arrays.toString(t.shape()) + " in " + source + ", expected " + Arrays.toString(expectedShape));
        }
        used.add(key);
        return t.data();
    }

    /** Whether the weights hold {@code key}, for optional tensors such as a bias. */
    public boolean contains(String key) {
        return byKey.containsKey(key);
    }

    /** The shape of tensor {@code key}, for architectures that read a size from the weights; null if absent. */
    public int[] shapeOf(String key) {
        WeightTensor t = byKey.get(key);
        return t == null ? null : t.shape();
    }

    /**
     * Marks tensors as legitimately unused, so {@link #finish} does not report them. A key matches a
     * suffix if it equals it or ends with "." + suffix (or simply ends with it when the suffix starts
     * with "."): {@code ignore("num_batches_tracked")} covers every BatchNorm counter.
     */
    public WeightBinder ignore(String... keySuffixes) {
        for (String s : keySuffixes) {
            Objects.requireNonNull(s, "key suffix");
            ignored.add(key -> key.equals(s) || (key.endsWith(s)
                    && (s.startsWith(".") || key.charAt(key.length() - s.length() - 1) == '.')));
        }
        return this;
    }

    /** Marks every tensor whose canonical key satisfies {@code keys} as legitimately unused. */
    public WeightBinder ignore(Predicate<String> keys) {
        ignored.add(Objects.requireNonNull(keys, "keys"));
        return this;
    }

    /**
     * Checks that every tensor was taken or ignored.
     *
     * @throws WeightsMismatchException listing the unused tensors with their shapes (the first
     *     {@value #MAX_LISTED}, then how many more)
     */
    public void finish() {
        List<String> extra = new ArrayList<>();
        for (Map.Entry<String, WeightTensor> e : byKey.entrySet()) {
            String key = e.getKey();
            if (!used.contains(key) && ignored.stream().noneMatch(p -> p.test(key))) {
                extra.add(key);
            }
        }
        if (extra.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(extra.size()).append(extra.size() == 1 ? " unused tensor in " : " unused tensors in ")
                .append(source).append(": ");
        for (int i = 0; i < Math.min(extra.size(), MAX_LISTED); i++) {
            String key = extra.get(i);
            sb.append(i > 0 ? ", " : "").append('\'').append(key).append('\'').append(fileKeyNote(key))
                    .append(' ').append(Arrays.toString(byKey.get(key).shape()));
        }
        if (extra.size() > MAX_LISTED) {
            sb.append(" and ").append(extra.size() - MAX_LISTED).append(" more");
        }
        throw new WeightsMismatchException(sb.toString());
    }

    private String fileKeyNote(String key) {
        String fileKey = fileKeys.get(key);
        return fileKey == null ? "" : " (file key '" + fileKey + "')";
    }

    /** A hint when the key exists under a common prefix variation, the usual cause of a "missing" tensor. */
    private String nearMiss(String key) {
        for (String candidate : byKey.keySet()) {
            if (candidate.endsWith("." + key) || key.endsWith("." + candidate)) {
                return "; did you mean '" + candidate + "'?";
            }
        }
        return "";
    }
}
