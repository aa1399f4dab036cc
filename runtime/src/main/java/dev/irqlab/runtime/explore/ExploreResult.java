package dev.irqlab.runtime.explore;

import dev.irqlab.runtime.output.JsonWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What an exploration (or one shard of it) found. Shards of one exploration merge
 * ({@link #merge}) into the result the unsharded exploration gives: counts add up, the sets of end
 * states and choice points unite, the counterexample is the shards' smallest.
 *
 * @param schedules     schedules run and checked (this shard's own)
 * @param runs          runs executed, including the shared upper part of the tree a shard re-runs,
 *                      blocked runs and minimisation; work done, not a result
 * @param blocked       runs stopped by their sleep set (source and optimal DPOR): every event enabled
 *                      was asleep, the run equivalent to one explored; work done, not a result
 * @param endStates     hashes of the distinct end states (traced state and counters)
 * @param choicePoints  hashes of the distinct choice points met (kind, time, alternatives)
 * @param longestRun    the most choice points one run met
 * @param exhaustive    every schedule within the bounds was run (not stopped by max-schedules)
 * @param boundsCut     some choice point lay beyond the depth or time bound and was not branched
 * @param violating     schedules that violated a check
 */
public record ExploreResult(String scenario, String settings, int shardIndex, int shardCount, long schedules,
                            long runs, long blocked, SortedSet<Long> endStates, SortedSet<Long> choicePoints, long longestRun,
                            boolean exhaustive, boolean boundsCut, long violating,
                            Optional<Counterexample> counterexample) {

    public static final String FORMAT = "irqlab-explore-1";

    public ExploreResult {
        endStates = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(endStates));
        choicePoints = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(choicePoints));
    }

    /** The same result without the work measure and shard numbers: what must agree between a sharded and an unsharded run. */
    public ExploreResult verdict() {
        return new ExploreResult(scenario, settings, 0, 1, schedules, 0, 0, endStates, choicePoints, longestRun,
                exhaustive, boundsCut, violating, counterexample);
    }

    /** Combines the results of every shard {@code 0..N-1} of one exploration. */
    public static ExploreResult merge(List<ExploreResult> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        ExploreResult first = shards.get(0);
        int n = first.shardCount;
        boolean[] seen = new boolean[n];
        long schedules = 0;
        long runs = 0;
        long blocked = 0;
        long longest = 0;
        long violating = 0;
        boolean exhaustive = true;
        boolean cut = false;
        SortedSet<Long> ends = new TreeSet<>();
        SortedSet<Long> points = new TreeSet<>();
        Optional<Counterexample> best = Optional.empty();
        for (ExploreResult r : shards) {
            if (!r.scenario.equals(first.scenario) || !r.settings.equals(first.settings) || r.shardCount != n) {
                throw new IllegalArgumentException("shard " + r.shardIndex + "/" + r.shardCount + " of " + r.scenario
                        + " (" + r.settings + ") is not of the exploration of shard " + first.shardIndex + "/" + n
                        + " of " + first.scenario + " (" + first.settings + ")");
            }
            if (seen[r.shardIndex]) {
                throw new IllegalArgumentException("shard " + r.shardIndex + "/" + n + " given twice");
            }
            seen[r.shardIndex] = true;
            schedules += r.schedules;
            runs += r.runs;
            blocked += r.blocked;
            longest = Math.max(longest, r.longestRun);
            violating += r.violating;
            exhaustive &= r.exhaustive;
            cut |= r.boundsCut;
            ends.addAll(r.endStates);
            points.addAll(r.choicePoints);
            if (r.counterexample.isPresent() && (best.isEmpty()
                    || Counterexample.ORDER.compare(r.counterexample.get().found(), best.get().found()) < 0)) {
                best = r.counterexample;
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!seen[i]) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("shards " + missing + " of " + n + " are missing");
        }
        return new ExploreResult(first.scenario, first.settings, 0, 1, schedules, runs, blocked, ends, points, longest,
                exhaustive, cut, violating, best);
    }

    public void write(Writer out) throws IOException {
        JsonWriter json = JsonWriter.pretty(out);
        json.beginObject();
        json.name("format").value(FORMAT);
        json.name("scenario").value(scenario);
        json.name("settings").value(settings);
        json.name("shard").value(shardIndex + "/" + shardCount);
        json.name("schedules").value(schedules);
        json.name("runs").value(runs);
        json.name("sleep-blocked-runs").value(blocked);
        json.name("distinct-end-states").value((long) endStates.size());
        json.name("choice-points-covered").value((long) choicePoints.size());
        json.name("longest-run-choice-points").value(longestRun);
        json.name("exhaustive").value(exhaustive);
        json.name("bounds-cut").value(boundsCut);
        json.name("violating").value(violating);
        json.name("counterexample");
        if (counterexample.isPresent()) {
            Counterexample c = counterexample.get();
            json.beginObject();
            ints(json.name("found"), c.found());
            ints(json.name("minimised"), c.minimised());
            json.name("violations").beginArray();
            for (String v : c.violations()) {
                json.value(v);
            }
            json.endArray();
            json.endObject();
        } else {
            json.nullValue();
        }
        hexes(json.name("end-states"), endStates);
        hexes(json.name("choice-points"), choicePoints);
        json.endObject();
        json.flush();
        out.write('\n');
    }

    private static void ints(JsonWriter json, List<Integer> values) {
        json.beginArray();
        for (int v : values) {
            json.value((long) v);
        }
        json.endArray();
    }

    private static void hexes(JsonWriter json, SortedSet<Long> values) {
        json.beginArray();
        for (long v : values) {
            json.value(Long.toHexString(v));
        }
        json.endArray();
    }

    /** Reads a result file a shard wrote; a malformed one is an {@link IllegalArgumentException} naming file and key. */
    public static ExploreResult read(Path file) throws IOException {
        Map<?, ?> m;
        try (Reader r = Files.newBufferedReader(file)) {
            Object doc = new Load(LoadSettings.builder().build()).loadFromReader(r);
            if (!(doc instanceof Map<?, ?> map) || !FORMAT.equals(map.get("format"))) {
                throw new IllegalArgumentException(file + ": not an explore result (format " + FORMAT + ")");
            }
            m = map;
        } catch (org.snakeyaml.engine.v2.exceptions.YamlEngineException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        try {
            String[] shard = ((String) m.get("shard")).split("/");
            Optional<Counterexample> cex = Optional.empty();
            if (m.get("counterexample") instanceof Map<?, ?> c) {
                cex = Optional.of(new Counterexample(intList(c.get("found")), intList(c.get("minimised")),
                        ((List<?>) c.get("violations")).stream().map(Object::toString).toList()));
            }
            return new ExploreResult((String) m.get("scenario"), (String) m.get("settings"), Integer.parseInt(shard[0]),
                    Integer.parseInt(shard[1]), num(m, "schedules"), num(m, "runs"), num(m, "sleep-blocked-runs"),
                    hexSet(m.get("end-states")),
                    hexSet(m.get("choice-points")), num(m, "longest-run-choice-points"), (Boolean) m.get("exhaustive"),
                    (Boolean) m.get("bounds-cut"), num(m, "violating"), cex);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": malformed explore result: " + e);
        }
    }

    private static long num(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    private static List<Integer> intList(Object o) {
        return ((List<?>) o).stream().map(x -> ((Number) x).intValue()).toList();
    }

    private static SortedSet<Long> hexSet(Object o) {
        SortedSet<Long> out = new TreeSet<>();
        for (Object x : (List<?>) o) {
            out.add(Long.parseUnsignedLong(x.toString(), 16));
        }
        return out;
    }
}
