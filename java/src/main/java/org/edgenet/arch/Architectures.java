package org.edgenet.arch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The zoo by --arch name. Width variants are named like "mobilenet_v2_x0_35"; the bare family name is 1.0x. */
public final class Architectures {
    private static final Map<String, Architecture> BY_NAME = new LinkedHashMap<>();

    static {
        // The order of DESIGN.md's family list.
        for (double[] wt : MobileNetV1.WIDTHS) {
            register(new MobileNetV1(wt[0], "mobilenet_v1_x" + widthSuffix(wt[0]), wt[1]));
        }
        alias("mobilenet_v1", "mobilenet_v1_x1_0");

        for (double[] wt : MobileNetV2.WIDTHS) {
            String name = "mobilenet_v2_x" + widthSuffix(wt[0]);
            register(new MobileNetV2(wt[0], name, wt[1]));
        }
        alias("mobilenet_v2", "mobilenet_v2_x1_0");

        registerV3(MobileNetV3.Size.LARGE, MobileNetV3.LARGE_WIDTHS);
        registerV3(MobileNetV3.Size.SMALL, MobileNetV3.SMALL_WIDTHS);

        // shufflenet_v1_g3 is 1.0x; shufflenet_v1_g3_x1_0 names it too.
        for (int groups : ShuffleNetV1.GROUPS) {
            for (double width : ShuffleNetV1.WIDTHS) {
                String name = "shufflenet_v1_g" + groups + "_x" + widthSuffix(width);
                register(new ShuffleNetV1(groups, width, name));
            }
            alias("shufflenet_v1_g" + groups, "shufflenet_v1_g" + groups + "_x1_0");
        }
        for (double width : ShuffleNetV2.WIDTHS) {
            String name = "shufflenet_v2_x" + widthSuffix(width);
            register(new ShuffleNetV2(width, name));
        }
        // Top-1 73.98: the authors' readme (ghostnet_pytorch/readme.md) for ghostnet_1x.pth; paper Table 7: 73.9.
        register(new GhostNet(1.0, "ghostnet_100", 73.98));

        for (MnasNet.Variant v : MnasNet.VARIANTS) {
            register(new MnasNet(v.alpha(), v.name(), v.top1()));
        }

        register(new EfficientNet("efficientnet_b0", EfficientNet.B0_TOP1));
    }

    private static void registerV3(MobileNetV3.Size size, double[][] widths) {
        for (double[] wt : widths) {
            register(new MobileNetV3(size, wt[0], size.family + "_x" + widthSuffix(wt[0]), wt[1]));
        }
        alias(size.family, size.family + "_x1_0");
    }

    private Architectures() {}

    /** The architecture called {@code name}; IllegalArgumentException listing the known names otherwise. */
    public static Architecture byName(String name) {
        Architecture a = BY_NAME.get(name.toLowerCase(Locale.ROOT));
        if (a == null) {
            throw new IllegalArgumentException("unknown architecture '" + name + "'; known: "
                    + String.join(", ", names()));
        }
        return a;
    }

    /** Every accepted name, aliases included, in zoo order. */
    public static List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(BY_NAME.keySet()));
    }

    /** Every architecture once (aliases folded), in zoo order. */
    public static List<Architecture> all() {
        List<Architecture> out = new ArrayList<>();
        for (Architecture a : BY_NAME.values()) {
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** The other names {@code a} answers to (e.g. "mobilenet_v2" for mobilenet_v2_x1_0). */
    public static List<String> aliases(Architecture a) {
        List<String> out = new ArrayList<>();
        BY_NAME.forEach((name, b) -> {
            if (b == a && !name.equals(a.name())) {
                out.add(name);
            }
        });
        return out;
    }

    /**
     * The nine networks of the product, one per family at its reference width: what
     * {@code bench --arch all} runs.
     */
    public static List<Architecture> flagships() {
        List<Architecture> out = new ArrayList<>();
        for (String name : FLAGSHIPS) {
            Architecture a = BY_NAME.get(name);
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    private static final String[] FLAGSHIPS = {
        "mobilenet_v1", "mobilenet_v2", "mobilenet_v3_large", "mobilenet_v3_small", "shufflenet_v1_g3",
        "shufflenet_v2_x1_0", "ghostnet_100", "mnasnet1_0", "efficientnet_b0",
    };

    /** The other width variants of {@code a}'s family, in zoo order. */
    public static List<Architecture> siblings(Architecture a) {
        List<Architecture> out = new ArrayList<>();
        for (Architecture b : BY_NAME.values()) {
            if (b != a && b.family().equals(a.family()) && !out.contains(b)) {
                out.add(b);
            }
        }
        return out;
    }

    /** "0.35" -> "0_35", "1.0" -> "1_0". */
    public static String widthSuffix(double width) {
        String s = String.format(Locale.ROOT, "%.2f", width).replaceAll("0$", "");
        return s.replace('.', '_');
    }

    private static void register(Architecture a) {
        BY_NAME.put(a.name(), a);
    }

    private static void alias(String alias, String target) {
        BY_NAME.put(alias, BY_NAME.get(target));
    }
}
