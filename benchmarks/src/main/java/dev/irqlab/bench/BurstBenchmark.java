package dev.irqlab.bench;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link #DEVICES} level devices on one arm64 VM (gicv3 + vgic-v3, vfio-platform, irqfd with resample,
 * plain level guest drivers) asserting {@link #ROUNDS} times each, either all at the same instant
 * ({@code burst}: every vCPU entry finds up to 255 interrupts on its ap_list, more than the list
 * registers hold) or one after the other ({@code turns}: device i asserts {@link #GAP_US} µs after
 * device i-1, each interrupt handled before the next arrives). The same interrupts, the same stack and
 * the same assembly in both: the ratio burst/turns is what a burst costs. Score = device events per
 * second on one core.
 *
 * <p>The vGIC follows Linux 6.18, which sorts the ap_list at every entry while it is longer than the
 * list registers ({@code vgic_flush_lr_state}). On 6.19, the default, no burst of two or more of these
 * devices completes: the irqfd resampler is told only of a deactivation KVM saw (vgic-v3.c
 * {@code vgic_v3_fold_lr}), so the first device's stale level wins every acknowledge and the others
 * are never delivered (scenarios/level-resampler-not-notified-starves-other-spis-arm64-linux-6.19.yaml;
 * the benchmarks README).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xbatch", "-Xms2g", "-Xmx2g"}) // why: JitWarmup
public class BurstBenchmark {

    /** As many as QEMU's virt board has SPIs for (256, hw/arm/virt.c NUM_IRQS), line 0 left free. */
    static final int DEVICES = 255;
    static final int ROUNDS = 10;
    static final long GAP_US = 500;

    @Param({"burst", "turns"})
    String mode;

    private ScenarioRunner runner;
    private Scenario scenario;

    @Setup(Level.Trial)
    public void load() {
        PluginRegistry registry = PluginRegistry.discover();
        scenario = new ScenarioLoader().load("burst-" + mode + ".yaml", yaml(mode.equals("burst")), registry);
        runner = new ScenarioRunner(registry);
        RunOutcome check = runner.run(scenario, Trace.discard());
        if (!check.passed()) {
            throw new IllegalStateException("the burst scenario does not behave as expected: " + check.expectations()
                    + " " + check.metrics());
        }
        JitWarmup.untilQuiet("burst " + mode, this::devices);
    }

    static String yaml(boolean burst) {
        long periodUs = DEVICES * GAP_US;
        StringBuilder y = new StringBuilder(String.format(Locale.ROOT, """
                name: %d level devices, %s
                seed: 1
                run: {duration: %dus, drain: 100ms}
                platform:
                  controller: gicv3
                  virtual-controller: vgic-v3
                fix: none
                config:
                  virtual-controller: {kvm-version: linux-6.18}
                devices:
                """, DEVICES, burst ? "all at once" : "taking turns", 1_000 + ROUNDS * periodUs));
        for (int i = 0; i < DEVICES; i++) {
            long startUs = 1_000 + (burst ? 0 : i * GAP_US);
            y.append(String.format(Locale.ROOT, """
                      - name: dev%d
                        model: level-status
                        interrupt: {line: %d, trigger: level-high}
                        driver: {name: level-fasteoi, flow: level}
                        workload: {start: %dus, period: %dus, count: %d}
                    """, i, 1 + i, startUs, periodUs, ROUNDS));
        }
        long events = (long) DEVICES * ROUNDS;
        y.append(String.format(Locale.ROOT, """
                expect:
                  device-events: %d
                  served: %d
                  lost: 0
                """, events, events));
        return y.toString();
    }

    @Benchmark
    @OperationsPerInvocation(DEVICES * ROUNDS)
    public RunOutcome devices() {
        return runner.run(scenario, Trace.discard());
    }
}
