package org.edgenet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.edgenet.image.ImageNetLabels;

/** The top classes of one image, best first, with softmax probabilities over all classes. */
public record Prediction(List<Entry> top) {

    /** One class: its index, ImageNet name (or "class N" beyond the 1000), probability and raw logit. */
    public record Entry(int index, String label, float probability, float logit) {}

    public Prediction {
        top = List.copyOf(top);
    }

    /** The best class. */
    public Entry best() {
        return top.get(0);
    }

    /** Top-k of one image's logits; ties go to the lower index, as torch.topk does on CPU. */
    public static Prediction of(float[] logits, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top-k needs k >= 1, got " + k);
        }
        int n = logits.length;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort((a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
        List<Entry> top = new ArrayList<>();
        for (int r = 0; r < Math.min(k, n); r++) {
            int i = order.get(r);
            String label = n == ImageNetLabels.count() ? ImageNetLabels.name(i) : "class " + i;
            top.add(new Entry(i, label, (float) (Math.exp(logits[i] - max) / sum), logits[i]));
        }
        return new Prediction(Collections.unmodifiableList(top));
    }
}
