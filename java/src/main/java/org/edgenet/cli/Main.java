package org.edgenet.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The edgenet command line: {@code classify}, {@code bench}, {@code profile}, {@code list} and {@code convert}.
 * Errors are one line on stderr and a non-zero exit code (2 for usage mistakes, 1 for everything
 * else).
 */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: java -jar edgenet-cli.jar <command> [options]",
            "",
            "commands:",
            "  classify --arch NAME --weights FILE [--backend native|java] [--threads N] [--top K]",
            "           [--input-size S] [--json] [--save-logits OUT.npy] INPUT...",
            "      INPUT: an image (JPEG/PNG/BMP; resize 256, centre crop 224, ImageNet mean/std)",
            "             or a .npy float32 NCHW tensor taken as already preprocessed",
            "  bench    --arch NAME [--weights FILE] [--backend native,java] [--threads N] [--runs N]",
            "           [--warmup N] [--input-size S] [--json]",
            "      seeded random weights unless --weights; median/p90 latency, ratios to the first backend;",
            "      --arch all runs the nine networks (one per family) and prints one table;",
            "      --arch A,B,... runs those",
            "  bench    --arch all --compare ort [--models DIR] [--threads 1,2] [--runs N] [--warmup N] [--out DIR]",
            "      edgenet native and java against ONNX Runtime on the same seeded weights, checked against",
            "      PyTorch first; DIR defaults to ~/.cache/edgenet/ort-models, written by",
            "      /usr/bin/python3 models/export_onnx.py DIR; --out writes ort-comparison.md and .svg",
            "  profile  --arch NAME [--backend native|java] [--threads N] [--runs N] [--input-size S]",
            "      median time of every fused op, its GFLOP/s and share of the run",
            "  convert  --arch NAME --weights FILE --out OUT.safetensors",
            "      checks a checkpoint (any key scheme the arch reads) and writes its tensors under",
            "      edgenet's canonical keys",
            "  list     [--json]",
            "      every architecture: parameters, MACs, input size, published ImageNet top-1",
            "",
            "architectures: 'list' prints them all (e.g. mobilenet_v2, shufflenet_v2_x1_0, ghostnet_100)");

    private Main() {}

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    /** Runs a command and returns its exit code; never throws. */
    static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            (argv.length == 0 ? err : out).println(USAGE);
            return argv.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        try {
            switch (argv[0]) {
                case "classify":
                    return new ClassifyCommand(out).run(rest);
                case "bench":
                    return CompareCommand.requested(rest) ? new CompareCommand(out, err).run(rest)
                            : new BenchCommand(out).run(rest);
                case "profile":
                    return new ProfileCommand(out).run(rest);
                case "list":
                    return new ListCommand(out).run(rest);
                case "convert":
                    return new ConvertCommand(out).run(rest);
                default:
                    throw new Args.UsageException("unknown command '" + argv[0] + "' (classify, bench, profile, list, convert)");
            }
        } catch (Args.UsageException e) {
            err.println("edgenet: " + e.getMessage() + " (--help for usage)");
            return 2;
        } catch (Throwable t) {  // one line, whatever failed: the CLI must never dump a stack trace on bad input
            err.println("edgenet: error: " + describe(t));
            if (System.getenv("EDGENET_DEBUG") != null) {
                t.printStackTrace(err);
            }
            return 1;
        }
    }

    private static String describe(Throwable t) {
        String msg = t.getMessage();
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + msg;
        }
        if (msg == null || msg.isBlank()) {
            msg = t.getClass().getSimpleName();
        }
        return msg.replace('\n', ' ');
    }
}
