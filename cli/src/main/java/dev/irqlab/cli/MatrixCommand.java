package dev.irqlab.cli;

import dev.irqlab.runtime.matrix.MatrixCsv;
import dev.irqlab.runtime.matrix.MatrixJson;
import dev.irqlab.runtime.matrix.MatrixRunner;
import dev.irqlab.runtime.matrix.MatrixSettings;
import dev.irqlab.runtime.matrix.MatrixTable;
import dev.irqlab.runtime.matrix.MatrixVmm;
import dev.irqlab.runtime.matrix.RowResult;
import dev.irqlab.runtime.output.OutputFiles;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.report.MatrixHtml;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine;

/**
 * {@code irqlab matrix}: every VMM preset x forwarder x controller x variant x guest flow, one run each,
 * as tables; the axes are the plugins' ({@code MatrixAxes}). Its options are built in code
 * ({@link #spec()}, see {@link Specs} for why), not read from annotations.
 */
final class MatrixCommand implements Callable<Integer> {

    static final String NAME = "matrix";

    /** This command's spec: its options and help, read back by {@link #call()} ({@link #parsed()}). */
    static CommandLine.Model.CommandSpec spec() {
        MatrixCommand command = new MatrixCommand();
        CommandLine.Model.CommandSpec spec = Specs.command(command, NAME,
                "Run the VMM x forwarder x architecture x fix x guest-flow matrix and print one line per "
                        + "combination.",
                "Rows: VMM preset (QEMU with its defaults first, then every preset each VMM declares) x forwarder "
                        + "(every one the plugins provide, vfio-platform first) x controller (each host a virtual "
                        + "controller declares, at the kernel version it declares) x variant (none, each fix the "
                        + "plugins declare, hw-mapped forwarding) x guest flow (edge, level, oneshot-threaded). A "
                        + "forwarder of PCI functions (vfio-pci) gets a pci-intx function on the line its host's PCI "
                        + "routing gives. Combinations the plugins refuse are shown as n/a with the reason; in the "
                        + "tables of a VMM preset other than QEMU's default they are counted, not shown.",
                "Exit status: 0 ok, 2 bad input.");
        command.spec = spec;
        spec.addOption(Specs.builder("--events").paramLabel("N").type(int.class)
                .auxiliaryTypes(int.class).arity("1").initialValue(0)
                .defaultValue(Integer.toString(MatrixSettings.DEFAULT_EVENTS))
                .description("device events per row (default: ${DEFAULT-VALUE}), one every 2ms").build());
        spec.addOption(Specs.option("--json", "FILE", String.class, "also write the matrix as JSON (- for standard "
                + "output, then the table goes to standard error); written to a temporary file and renamed when "
                + "complete"));
        spec.addOption(Specs.option("--csv", "FILE", String.class, "also write the matrix as CSV, one record per row"));
        spec.addOption(Specs.option("--html", "FILE", String.class, "also write the matrix as one self-contained HTML "
                + "page, each row coloured by its verdict (ok, spurious, lost, n/a)"));
        spec.addOption(Specs.list("--vmm", "PRESET", "the VMM presets whose tables to run: "
                + "a VMM (qemu: all its presets), one preset (qemu-split), or all; repeatable or comma-separated "
                + "(default: every preset)").splitRegex(",").build());
        return Specs.standardHelp(spec);
    }

    private CommandLine.Model.CommandSpec spec;

    private int events;
    private String json;
    private String csv;
    private String html;
    private List<String> vmms;

    /** Reads the parsed command line into the fields. */
    private void parsed() {
        events = Specs.value(spec, "--events", Integer.class);
        json = Specs.value(spec, "--json", String.class);
        csv = Specs.value(spec, "--csv", String.class);
        html = Specs.value(spec, "--html", String.class);
        vmms = Specs.strings(spec, "--vmm");
    }

    @Override
    public Integer call() throws IOException {
        parsed();
        if (events < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--events must be at least 1, found " + events);
        }
        PluginRegistry registry = Registries.discover(spec);
        MatrixRunner runner = new MatrixRunner(registry);
        Predicate<MatrixVmm> chosen = chosenVmms(runner.axes().vmms());
        List<OutputFiles.Target> targets = new ArrayList<>();
        if (json != null) {
            targets.add(new OutputFiles.Target("--json", json));
        }
        if (csv != null) {
            targets.add(new OutputFiles.Target("--csv", csv));
        }
        if (html != null) {
            targets.add(new OutputFiles.Target("--html", html));
        }
        try (OutputFiles files = Scenarios.outputs(spec, null, targets)) {
            MatrixSettings settings = MatrixSettings.withEvents(events);
            List<RowResult> results = runner.run(runner.axes().rows(chosen), settings);
            if (json != null) {
                try (Writer w = new OutputStreamWriter(files.open("--json"), StandardCharsets.UTF_8)) {
                    MatrixJson.write(settings, results, w);
                    w.write('\n');
                }
            }
            if (csv != null) {
                try (Writer w = new OutputStreamWriter(files.open("--csv"), StandardCharsets.UTF_8)) {
                    MatrixCsv.write(results, w);
                }
            }
            if (html != null) {
                try (Writer w = new OutputStreamWriter(files.open("--html"), StandardCharsets.UTF_8)) {
                    MatrixHtml.write(settings, results, w);
                }
            }
            files.commit();
            PrintWriter out = OutputFiles.STDIO.equals(json) || OutputFiles.STDIO.equals(csv)
                    || OutputFiles.STDIO.equals(html) ? spec.commandLine().getErr() : spec.commandLine().getOut();
            out.print(MatrixTable.render(settings, results));
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** The presets {@code --vmm} names, or every preset; a name that is no VMM or preset is bad input. */
    private Predicate<MatrixVmm> chosenVmms(List<MatrixVmm> presets) {
        if (vmms.isEmpty() || vmms.contains(ALL)) {
            return v -> true;
        }
        Set<String> known = new LinkedHashSet<>();
        known.add(ALL);
        presets.forEach(v -> known.add(v.name()));
        presets.forEach(v -> known.add(v.id()));
        for (String v : vmms) {
            if (!known.contains(v)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--vmm: no VMM or preset named '" + v
                        + "'; allowed: " + String.join(", ", known));
            }
        }
        return v -> vmms.contains(v.name()) || vmms.contains(v.id());
    }

    private static final String ALL = "all";
}
