package dev.irqlab.runtime.output;

import dev.irqlab.runtime.metrics.ExpectationResult;
import dev.irqlab.runtime.metrics.RunInfo;
import dev.irqlab.runtime.metrics.RunMetrics;
import dev.irqlab.runtime.scenario.Scenario;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable result of a run, as pretty-printed JSON (UTF-8):
 *
 * <pre>
 * {
 *   "schema-version": 1, "tool-version": "0.1.0",
 *   "scenario": "level-spurious", "source": "scenarios/level.yaml", "seed": 42,
 *   "endTimeNs": 10000000, "eventsDispatched": 123456,
 *   "passed": false,
 *   "metrics": {"device-events": 200, ..., "latency.assert-to-ack.p99": 2350},
 *   "expectations": [{"metric": "spurious", "min": null, "max": 0, "actual": 5, "passed": false}],
 *   "warnings": ["lost: 3 of 200 device events were never consumed by a driver"]
 * }
 * </pre>
 *
 * {@code schema-version} is {@link #SCHEMA_VERSION}; the format is described by the JSON Schema
 * {@code docs/schema/result.schema.json}, which a test checks results against. {@code scenario-as-run}
 * (written when the run's scenario is given, as the CLI does) is {@link ScenarioJson}.
 * {@code metrics} holds every metric of {@link RunMetrics#values()} by name, in that order;
 * {@code passed} is true when every expectation passed (and when there are none).
 */
public final class ResultJson {

    /** The version of this format; raised when a member changes meaning or disappears. */
    public static final int SCHEMA_VERSION = 1;

    private ResultJson() {
    }

    /** The scenario the run used, with the virtual controller it chose ({@link ScenarioJson}). */
    public record AsRun(Scenario scenario, String virtualController) {
    }

    /** Writes the result to {@code out} and closes it. */
    public static void write(RunInfo info, RunMetrics metrics, List<ExpectationResult> expectations,
                             OutputStream out) throws IOException {
        try (Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            write(info, metrics, expectations, w);
        }
    }

    /** Writes the result to {@code out}, followed by a newline; does not close it. */
    public static void write(RunInfo info, RunMetrics metrics, List<ExpectationResult> expectations, Writer out)
            throws IOException {
        write(info, metrics, expectations, null, out);
    }

    /**
     * Writes the result with the scenario as run ({@code asRun}, null to leave it out) to {@code out},
     * followed by a newline; does not close it.
     */
    public static void write(RunInfo info, RunMetrics metrics, List<ExpectationResult> expectations, AsRun asRun,
                             Writer out) throws IOException {
        write(info, metrics, expectations, asRun, null, out);
    }

    /**
     * {@link #write(RunInfo, RunMetrics, List, AsRun, Writer)} with the run's warnings
     * ({@code RunWarnings}: what {@code irqlab run} prints under the summary), null to leave them out
     * (a run stopped before its end is not judged).
     */
    public static void write(RunInfo info, RunMetrics metrics, List<ExpectationResult> expectations, AsRun asRun,
                             List<String> warnings, Writer out) throws IOException {
        JsonWriter json = JsonWriter.pretty(out);
        json.beginObject();
        json.name("schema-version").value(SCHEMA_VERSION);
        json.name("tool-version").value(ToolVersion.get());
        json.name("scenario").value(info.scenarioName());
        json.name("source").value(info.sourceFile());
        json.name("seed").value(info.seed());
        json.name("endTimeNs").value(info.endTimeNs());
        json.name("eventsDispatched").value(info.eventsDispatched());
        json.name("versions").beginObject();
        for (Map.Entry<String, String> v : info.versions().entrySet()) {
            json.name(v.getKey()).value(v.getValue());
        }
        json.endObject();
        json.name("passed").value(expectations.stream().allMatch(ExpectationResult::passed));
        if (asRun != null) {
            json.name("scenario-as-run");
            ScenarioJson.write(asRun.scenario(), asRun.virtualController(), json);
        }
        json.name("metrics").beginObject();
        for (Map.Entry<String, Long> m : metrics.values().entrySet()) {
            json.name(m.getKey()).value(m.getValue().longValue());
        }
        json.endObject();
        json.name("expectations").beginArray();
        for (ExpectationResult e : expectations) {
            json.beginObject();
            json.name("metric").value(e.metric());
            json.name("min").value(e.min());
            json.name("max").value(e.max());
            json.name("actual").value(e.actual());
            json.name("passed").value(e.passed());
            json.endObject();
        }
        json.endArray();
        if (warnings != null) {
            json.name("warnings").beginArray();
            for (String w : warnings) {
                json.value(w);
            }
            json.endArray();
        }
        json.endObject();
        json.raw("\n");
        json.flush();
    }
}
