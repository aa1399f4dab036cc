package dev.irqlab.runtime.scenario;

import dev.irqlab.runtime.output.OutputFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A workload's event times read from a file ({@code devices[].workload.file}), for replaying real
 * timestamps beyond what fits in a scenario: one time per line, or CSV with the time in the first
 * column. A time is a duration with a unit ({@code 1500us}) or a whole number of nanoseconds.
 * Empty lines and lines starting with {@code #} are skipped, and so is a first line that is not a
 * time (a CSV header). Problems are positioned in the timestamp file itself.
 */
final class TimestampFile {

    /** Most times one file may hold (a {@code List<Long>} of them stays near 50 MB). */
    static final int MAX_TIMES = 2_000_000;
    /** Largest file, checked before reading. */
    static final long MAX_BYTES = 64L << 20;
    private static final int MAX_PROBLEMS = 20;

    private TimestampFile() {
    }

    /**
     * Reads a timestamps file: one time per line, or the first column of a CSV.
     *
     * @param written the path as written in the scenario (for messages)
     * @param file    the path resolved against the scenario's directory
     * @param where   records a problem at the {@code file:} key (file missing, too large)
     * @return the times, sorted, or empty when a problem was recorded
     */
    static Optional<List<Long>> read(String written, Path file, Problems problems, java.util.function.Consumer<String> where) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                where.accept("found '" + written + "', not a regular file (a directory, device or FIFO)");
                return Optional.empty();
            }
            if (a.size() > MAX_BYTES) {
                where.accept("found '" + written + "', " + a.size() + " bytes, above the limit of " + MAX_BYTES
                        + " bytes for a timestamp file");
                return Optional.empty();
            }
        } catch (IOException e) {
            where.accept("cannot read '" + written + "': " + OutputFiles.reason(e));
            return Optional.empty();
        }
        List<Long> times = new ArrayList<>();
        int found = 0;
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String field = line.strip();
                int comma = field.indexOf(',');
                if (comma >= 0) {
                    field = field.substring(0, comma).strip();
                }
                if (field.isEmpty() || field.startsWith("#")) {
                    continue;
                }
                int column = line.indexOf(field) + 1;
                Optional<Long> t = time(field);
                if (t.isEmpty()) {
                    if (number == 1) {
                        continue; // a CSV header
                    }
                    if (found++ < MAX_PROBLEMS) {
                        problems.add(new Problem(written, number, column, "", "found '" + Values.clip(field)
                                + "', expected a time: a duration with a unit (1500us) or whole nanoseconds"));
                    }
                    continue;
                }
                if (times.size() == MAX_TIMES) {
                    problems.add(new Problem(written, number, column, "", "more than " + MAX_TIMES
                            + " times; split the replay into several devices or runs"));
                    return Optional.empty();
                }
                times.add(t.get());
            }
        } catch (IOException e) {
            where.accept("cannot read '" + written + "': " + (e instanceof java.nio.charset.CharacterCodingException
                    ? "not UTF-8 text" : OutputFiles.reason(e)));
            return Optional.empty();
        }
        if (found > 0) {
            return Optional.empty();
        }
        if (times.isEmpty()) {
            where.accept("found '" + written + "' with no times in it");
            return Optional.empty();
        }
        times.sort(null);
        return Optional.of(times);
    }

    private static Optional<Long> time(String field) {
        if (field.chars().allMatch(Character::isDigit) && field.length() < 19) {
            return Optional.of(Long.parseLong(field));
        }
        Durations.Parsed parsed = Durations.parse(field);
        return parsed.ok() ? Optional.of(parsed.ns()) : Optional.empty();
    }
}
