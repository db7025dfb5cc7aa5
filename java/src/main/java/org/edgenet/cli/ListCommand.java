package org.edgenet.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.edgenet.arch.Architecture;
import org.edgenet.arch.Architectures;
import org.edgenet.graph.Graph;
import org.edgenet.graph.CountingParameters;

/**
 * {@code list}: the zoo. Parameters are counted as PyTorch counts them (every tensor the network
 * takes except BatchNorm's running statistics), so they compare with published figures; MACs are
 * those of the fused graph at the default input size.
 */
final class ListCommand {
    private final PrintStream out;

    ListCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) {
        Args a = Args.parse(argv, 0, Set.of(), Set.of("json"));
        List<Object> rows = new ArrayList<>();
        if (!a.flag("json")) {
            out.printf(Locale.ROOT, "%-24s %-18s %5s %10s %9s %7s  %s%n", "arch", "family", "input", "params (M)",
                    "MACs (M)", "top-1 %", "also called");
        }
        for (Architecture arch : Architectures.all()) {
            CountingParameters counter = new CountingParameters(0);
            int size = arch.defaultInputSize();
            Graph graph = arch.build(1, size, size, 1000, counter);
            List<String> aliases = Architectures.aliases(arch);
            if (a.flag("json")) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("arch", arch.name());
                row.put("family", arch.family());
                row.put("aliases", aliases);
                row.put("input_size", size);
                row.put("parameters", counter.count());
                row.put("macs", graph.macs());
                row.put("published_top1", Double.isNaN(arch.publishedTop1()) ? null : arch.publishedTop1());
                rows.add(row);
            } else {
                String top1 = Double.isNaN(arch.publishedTop1()) ? "-" : String.format(Locale.ROOT, "%.2f",
                        arch.publishedTop1());
                out.printf(Locale.ROOT, "%-24s %-18s %5d %10.2f %9.1f %7s  %s%n", arch.name(), arch.family(), size,
                        counter.count() / 1e6, graph.macs() / 1e6, top1, String.join(", ", aliases));
            }
        }
        if (a.flag("json")) {
            out.println(Output.json(rows));
        }
        return 0;
    }
}
