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
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What makes one run of a scenario: the seed, the number of discretisation points per latency range,
 * and the decision at each choice point in the order the run meets them (index 0, the plain run's
 * decision, wherever the list is shorter). Random draws are decided by the seed unless listed in
 * {@code draws}. A small JSON file ({@code irqlab run --schedule FILE} replays it):
 *
 * <pre>
 * {"format": "irqlab-schedule-1", "scenario": "scenarios/x.yaml", "seed": 42, "range-points": 3,
 *  "choices": [0, 1, 0, 2], "draws": [],
 *  "points": [{"time-ns": 1001000, "kind": "ORDER", "pick": 1, "of": ["host.cpu0: ...", "work ...: ..."]}]}
 * </pre>
 *
 * {@code points} (the decisions up to the last non-default one, with their alternatives) is for
 * people; reading ignores it.
 */
public record Schedule(long seed, int rangePoints, List<Integer> choices, List<Long> draws) {

    public static final String FORMAT = "irqlab-schedule-1";
    public static final int DEFAULT_RANGE_POINTS = 3;

    public Schedule {
        choices = List.copyOf(trim(choices));
        draws = List.copyOf(draws);
        if (rangePoints < 2) {
            throw new IllegalArgumentException("range-points must be at least 2, got " + rangePoints);
        }
        for (int c : choices) {
            if (c < 0) {
                throw new IllegalArgumentException("negative choice " + c);
            }
        }
    }

    /** The plain run's schedule: no choice different from the default. */
    public static Schedule plain(long seed, int rangePoints) {
        return new Schedule(seed, rangePoints, List.of(), List.of());
    }

    /** Trailing defaults say nothing: dropped, so equal runs have equal schedules. */
    private static List<Integer> trim(List<Integer> choices) {
        int n = choices.size();
        while (n > 0 && choices.get(n - 1) == 0) {
            n--;
        }
        return choices.subList(0, n);
    }

    /** Choices that differ from the plain run's. */
    public long deviations() {
        return choices.stream().filter(c -> c != 0).count();
    }

    /** Writes the schedule, with the decisions {@code points} of the run that followed it, as JSON. */
    public void write(String scenarioSource, List<ChoicePoint> points, Writer out) throws IOException {
        JsonWriter json = JsonWriter.pretty(out);
        json.beginObject();
        json.name("format").value(FORMAT);
        json.name("scenario").value(scenarioSource);
        json.name("seed").value(seed);
        json.name("range-points").value((long) rangePoints);
        json.name("choices").beginArray();
        for (int c : choices) {
            json.value((long) c);
        }
        json.endArray();
        json.name("draws").beginArray();
        for (long d : draws) {
            json.value(d);
        }
        json.endArray();
        json.name("points").beginArray();
        for (int i = 0; i < Math.min(points.size(), choices.size()); i++) {
            ChoicePoint p = points.get(i);
            json.beginObject();
            json.name("time-ns").value(p.timeNs());
            json.name("kind").value(p.kind().name());
            json.name("pick").value((long) p.pick());
            json.name("of").beginArray();
            for (String a : p.alternatives()) {
                json.value(a);
            }
            json.endArray();
            json.endObject();
        }
        json.endArray();
        json.endObject();
        json.flush();
        out.write('\n');
    }

    /** Reads a schedule file; a malformed one is an {@link IllegalArgumentException} naming the file and key. */
    public static Schedule read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            Object doc = new Load(LoadSettings.builder().build()).loadFromReader(r);
            if (!(doc instanceof Map<?, ?> m)) {
                throw bad(file, "the file", "expected a JSON object");
            }
            if (!FORMAT.equals(m.get("format"))) {
                throw bad(file, "format", "expected \"" + FORMAT + "\", found " + m.get("format"));
            }
            long seed = number(file, m, "seed");
            int points = m.containsKey("range-points") ? (int) number(file, m, "range-points") : DEFAULT_RANGE_POINTS;
            List<Integer> choices = new ArrayList<>();
            for (Object o : list(file, m, "choices")) {
                if (!(o instanceof Number n) || n.longValue() < 0 || n.longValue() > Integer.MAX_VALUE) {
                    throw bad(file, "choices", "expected non-negative integers, found " + o);
                }
                choices.add(n.intValue());
            }
            List<Long> draws = new ArrayList<>();
            if (m.containsKey("draws")) {
                for (Object o : list(file, m, "draws")) {
                    if (!(o instanceof Number n)) {
                        throw bad(file, "draws", "expected integers, found " + o);
                    }
                    draws.add(n.longValue());
                }
            }
            try {
                return new Schedule(seed, points, choices, draws);
            } catch (IllegalArgumentException e) {
                throw bad(file, "range-points", e.getMessage());
            }
        } catch (org.snakeyaml.engine.v2.exceptions.YamlEngineException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static long number(Path file, Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof Number n)) {
            throw bad(file, key, "expected an integer, found " + m.get(key));
        }
        return n.longValue();
    }

    private static List<?> list(Path file, Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof List<?> l)) {
            throw bad(file, key, "expected an array, found " + m.get(key));
        }
        return l;
    }

    private static IllegalArgumentException bad(Path file, String key, String message) {
        return new IllegalArgumentException(file + ": " + key + ": " + message);
    }
}
