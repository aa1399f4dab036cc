package dev.irqlab.runtime.explore;

import dev.irqlab.runtime.output.FanOut;
import dev.irqlab.runtime.output.JsonlTraceWriter;
import dev.irqlab.runtime.output.SummaryTable;
import dev.irqlab.runtime.output.VcdWriter;
import dev.irqlab.runtime.report.HtmlReport;
import dev.irqlab.runtime.scenario.Action;
import dev.irqlab.runtime.scenario.DeviceSpec;
import dev.irqlab.runtime.scenario.Scenario;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a counterexample where a person can look at it: {@code NAME.schedule.json} (replay with
 * {@code irqlab run SCENARIO --schedule FILE}), and, from one replay of it, {@code NAME.trace.jsonl},
 * {@code NAME.vcd}, {@code NAME.summary.txt} (the summary table and the violations) and
 * {@code NAME.html} (the report {@code irqlab run --html} writes).
 */
public final class CounterexampleFiles {

    private CounterexampleFiles() {
    }

    /** Replays {@code choices} and writes the five files into {@code dir}; returns the replayed run. */
    public static Explorer.Run write(Explorer explorer, Scenario s, ExploreSettings st, List<Integer> choices,
                                     Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Schedule schedule = new Schedule(s.seed(), st.rangePoints(), choices, List.of());
        Explorer.Run run;
        HtmlReport html = new HtmlReport(s.devices().stream().map(DeviceSpec::name).toList(),
                Arrays.stream(Action.Side.values()).map(Action.Side::label).toList());
        try (OutputStream vcd = open(dir.resolve(name + ".vcd"));
             OutputStream jsonl = open(dir.resolve(name + ".trace.jsonl"));
             FanOut writers = FanOut.of(new VcdWriter(vcd, "irqlab explore counterexample " + s.name()),
                     new JsonlTraceWriter(jsonl), html)) {
            run = explorer.run(s, schedule, st, writers);
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(name + ".html"), StandardCharsets.UTF_8)) {
            html.write(run.outcome().info(), run.outcome().metrics(), run.outcome().expectations(),
                    run.outcome().asRun(), w);
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(name + ".schedule.json"), StandardCharsets.UTF_8)) {
            run.schedule().write(s.source(), run.points(), w);
        }
        StringBuilder summary = new StringBuilder(SummaryTable.render(run.outcome().info(), run.outcome().metrics(),
                run.outcome().expectations()));
        summary.append("schedule: ").append(run.schedule().deviations()).append(" choice(s) away from the plain run\n");
        for (String v : run.violations()) {
            summary.append("violation: ").append(v).append('\n');
        }
        Files.writeString(dir.resolve(name + ".summary.txt"), summary, StandardCharsets.UTF_8);
        return run;
    }

    private static OutputStream open(Path p) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(p), 1 << 16);
    }
}
