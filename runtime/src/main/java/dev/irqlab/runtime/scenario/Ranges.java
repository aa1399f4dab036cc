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
        return any(s) ? choose(s, chooser, points).scenario() : s;
    }

    /**
     * One run's values of a ranged scenario's ranges and the scenario they make: {@code values} are the
     * values taken at the choice points, in the order they were taken, so that two resolutions of one
     * ranged scenario with equal values make equal scenarios (a runner checks and plans each once).
     */
    public record Resolved(Scenario scenario, List<Long> values) {
    }

    /**
     * {@link #resolve} of a scenario with ranges ({@link #any}), with the values taken: the chooser is
     * asked exactly as {@link #resolve} asks it.
     */
    public static Resolved choose(Scenario s, Chooser chooser, int points) {
        List<Long> taken = new ArrayList<>();
        Map<String, Long> kernelChoices = new java.util.HashMap<>();
        Map<Role, Config> config = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            Config c = s.config().get(role);
            if (c != null) {
                config.put(role, resolve(c, "config." + role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), chooser, points,
                        role == Role.KERNEL ? kernelChoices : new java.util.HashMap<>(), taken));
            }
        }
        Map<String, Config> kernels = new java.util.LinkedHashMap<>();
        for (String side : new java.util.TreeSet<>(s.kernels().keySet())) {
            kernels.put(side, resolve(s.kernels().get(side), "config." + side + "-kernel", chooser, points,
                    kernelChoices, taken));
        }
        List<DeviceSpec> devices = new ArrayList<>();
        for (DeviceSpec d : s.devices()) {
            Config dev = resolve(d.config(), "devices." + d.name() + ".config", chooser, points,
                    new java.util.HashMap<>(), taken);
            DriverSpec drv = d.driver();
            Config drvConfig = resolve(drv.config(), "devices." + d.name() + ".driver.config", chooser, points,
                    new java.util.HashMap<>(), taken);
            devices.add(new DeviceSpec(d.name(), d.model(), d.line(), d.trigger(), d.guestPin(), d.forwarding(), dev,
                    new DriverSpec(drv.name(), drv.flow(), drvConfig), d.workload()));
        }
        return new Resolved(new Scenario(s.source(), s.name(), s.description(), s.seed(), s.run(), s.platform(),
                s.fixes(), config, kernels, devices, s.suspend(), s.vmm(), s.actions(), s.expectations()),
                List.copyOf(taken));
    }

    /**
     * @param taken the values already chosen for this configuration family by key and range: the
     *              kernel's keys, so that a range written once under {@code config.kernel} is one
     *              choice for the host and the guest kernel (write different ranges under
     *              {@code config.host-kernel} / {@code config.guest-kernel} to vary them apart)
     * @param chosen the values taken at choice points so far, in order; this configuration's are added
     */
    private static Config resolve(Config c, String path, Chooser chooser, int points, Map<String, Long> taken,
            List<Long> chosen) {
        if (!ranged(c)) {
            return c;
        }
        Map<String, Object> values = new TreeMap<>(c.values());
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (e.getValue() instanceof DurationRange r) {
                String memo = e.getKey() + "=" + r;
                Long value = taken.get(memo);
                if (value == null) {
                    List<Long> at = r.points(points);
                    int pick = 0;
                    if (chooser != null) {
                        List<String> labels = at.stream().map(ns -> path + "." + e.getKey() + " = "
                                + Durations.format(ns)).toList();
                        pick = chooser.choose(Chooser.Kind.RANGE, 0, labels);
                    }
                    value = at.get(pick);
                    taken.put(memo, value);
                    chosen.add(value);
                }
                e.setValue(value);
            }
        }
        return Config.of(values);
    }
}
