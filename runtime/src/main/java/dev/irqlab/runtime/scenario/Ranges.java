package dev.irqlab.runtime.scenario;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.runtime.engine.Chooser;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resolves the latency ranges of a scenario's configurations for one run. Each range is one choice
 * point of kind {@link Chooser.Kind#RANGE} among its discretisation points
 * ({@link DurationRange#points}), taken once per run, before assembly, in a fixed order: the
 * single-valued roles in {@link Role} order, then per device its configuration and its driver's,
 * each by key name. Without a chooser every range takes its low end.
 */
public final class Ranges {

    private Ranges() {
    }

    /** A duration written with its unit ({@code 50ms}) in nanoseconds; an {@link IllegalArgumentException} says why not. */
    public static long duration(String text) {
        Durations.Parsed parsed = Durations.parse(text);
        if (!parsed.ok()) {
            throw new IllegalArgumentException(parsed.error());
        }
        return parsed.ns();
    }

    /** True when some configuration of the scenario holds a range. */
    public static boolean any(Scenario s) {
        if (s.config().values().stream().anyMatch(Ranges::ranged)
                || s.kernels().values().stream().anyMatch(Ranges::ranged)) {
            return true;
        }
        return s.devices().stream().anyMatch(d -> ranged(d.config()) || ranged(d.driver().config()));
    }

    private static boolean ranged(Config c) {
        return c.values().values().stream().anyMatch(v -> v instanceof DurationRange);
    }

    /**
     * The scenario with every range replaced by one value; the same scenario when none is ranged.
     *
     * @param chooser null for the low ends
     * @param points  discretisation points per range (at least 2)
     */
    public static Scenario resolve(Scenario s, Chooser chooser, int points) {
        return any(s) ? apply(s, choicePoints(s, points).choose(chooser)) : s;
    }

    /**
     * One choice point of a ranged scenario: a range's discretisation points and their labels for
     * schedules and reports ({@code path.key = value}).
     */
    public record Point(List<Long> values, List<String> labels) {
        public Point {
            values = List.copyOf(values);
            labels = List.copyOf(labels);
        }
    }

    /**
     * The choice points of a ranged scenario, in the order a run takes them: a range written once under
     * {@code config.kernel} is one point for both kernels. The same for every run of the scenario, so a
     * runner finds them once and asks its chooser at each per run ({@link #choose}).
     */
    public record Points(List<Point> points) {
        public Points {
            points = List.copyOf(points);
        }

        /**
         * One run's values: the chooser (null: the low ends) picks at each point in turn, as
         * {@link #resolve} asks it; {@link #apply} makes the scenario of the values.
         */
        public List<Long> choose(Chooser chooser) {
            Long[] values = new Long[points.size()];
            for (int i = 0; i < values.length; i++) {
                Point p = points.get(i);
                values[i] = p.values().get(chooser == null ? 0 : chooser.choose(Chooser.Kind.RANGE, 0, p.labels()));
            }
            return List.of(values);
        }
    }

    /** The choice points of {@code s} ({@link #any} is true) with {@code points} values per range. */
    public static Points choicePoints(Scenario s, int points) {
        List<Point> out = new ArrayList<>();
        resolve(s, (path, key, range) -> {
            List<Long> at = range.points(points);
            out.add(new Point(at, at.stream().map(ns -> path + "." + key + " = " + Durations.format(ns)).toList()));
            return at.get(0);
        });
        return new Points(out);
    }

    /**
     * The scenario {@code s} with its ranges taking {@code values}, one per choice point of
     * {@link #choicePoints} in its order: equal values make equal scenarios.
     */
    public static Scenario apply(Scenario s, List<Long> values) {
        int[] next = {0};
        Scenario out = resolve(s, (path, key, range) -> {
            if (next[0] == values.size()) {
                throw new IllegalArgumentException(values.size() + " range values, but " + path + "." + key
                        + " is choice point " + (next[0] + 1));
            }
            return values.get(next[0]++);
        });
        if (next[0] != values.size()) {
            throw new IllegalArgumentException(values.size() + " range values for " + next[0] + " choice points");
        }
        return out;
    }

    /** The value one choice point takes: the range {@code key} of the configuration at {@code path}. */
    @FunctionalInterface
    private interface Pick {
        long value(String path, String key, DurationRange range);
    }

    /** The scenario with every range replaced by what {@code pick} answers at its choice point. */
    private static Scenario resolve(Scenario s, Pick pick) {
        Map<String, Long> kernelChoices = new java.util.HashMap<>();
        Map<Role, Config> config = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            Config c = s.config().get(role);
            if (c != null) {
                config.put(role, resolve(c, "config." + role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                        pick, role == Role.KERNEL ? kernelChoices : new java.util.HashMap<>()));
            }
        }
        Map<String, Config> kernels = new java.util.LinkedHashMap<>();
        for (String side : new java.util.TreeSet<>(s.kernels().keySet())) {
            kernels.put(side, resolve(s.kernels().get(side), "config." + side + "-kernel", pick, kernelChoices));
        }
        List<DeviceSpec> devices = new ArrayList<>();
        for (DeviceSpec d : s.devices()) {
            Config dev = resolve(d.config(), "devices." + d.name() + ".config", pick, new java.util.HashMap<>());
            DriverSpec drv = d.driver();
            Config drvConfig = resolve(drv.config(), "devices." + d.name() + ".driver.config", pick,
                    new java.util.HashMap<>());
            devices.add(new DeviceSpec(d.name(), d.model(), d.line(), d.trigger(), d.guestPin(), d.forwarding(), dev,
                    new DriverSpec(drv.name(), drv.flow(), drvConfig), d.workload()));
        }
        return new Scenario(s.source(), s.name(), s.description(), s.seed(), s.run(), s.platform(), s.fixes(), config,
                kernels, devices, s.suspend(), s.vmm(), s.actions(), s.expectations());
    }

    /**
     * @param taken the values already chosen for this configuration family by key and range: the
     *              kernel's keys, so that a range written once under {@code config.kernel} is one
     *              choice for the host and the guest kernel (write different ranges under
     *              {@code config.host-kernel} / {@code config.guest-kernel} to vary them apart)
     */
    private static Config resolve(Config c, String path, Pick pick, Map<String, Long> taken) {
        if (!ranged(c)) {
            return c;
        }
        Map<String, Object> values = new TreeMap<>(c.values());
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (e.getValue() instanceof DurationRange r) {
                String memo = e.getKey() + "=" + r;
                Long value = taken.get(memo);
                if (value == null) {
                    value = pick.value(path, e.getKey(), r);
                    taken.put(memo, value);
                }
                e.setValue(value);
            }
        }
        return Config.of(values);
    }
}
