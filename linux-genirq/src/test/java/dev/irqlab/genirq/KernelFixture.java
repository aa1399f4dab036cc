package dev.irqlab.genirq;

import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.kernel.KernelContext;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.tck.PluginBindings;
import dev.irqlab.tck.SimHarness;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A kernel on the real engine with host CPUs, connected to a controller, for tests. */
final class KernelFixture {

    final SimHarness harness = new SimHarness();
    final InterruptController controller;
    final LinuxIrqCore core;
    /** The kernel's CPU (its executor). */
    final dev.irqlab.api.kernel.CpuExecutor cpus;

    KernelFixture(InterruptController controller) {
        this(controller, Map.of());
    }

    /**
     * A kernel with the defaults and {@code overrides}, except that its flows take no time (chip calls
     * and hard handlers at the entry's instant) unless {@code overrides} say otherwise: most tests here
     * check the order of chip.c's steps; {@link FlowTimeTest} checks their time.
     */
    KernelFixture(InterruptController controller, Map<String, Object> overrides) {
        this.controller = controller;
        Map<String, Object> values = new HashMap<>(Config.defaults(GenirqConfig.schema()).values());
        values.put(GenirqConfig.IRQ_CHIP_OPS, 0L);
        values.put(GenirqConfig.HARD_HANDLER, 0L);
        values.putAll(overrides);
        this.cpus = harness.hostCpus(1);
        KernelContext ctx = new KernelContext(harness.sim(), "guest", controller, cpus, 1,
                Config.of(values));
        this.core = (LinuxIrqCore) factory().create(ctx);
        controller.connectCpu(0, core.cpuLine(0));
    }

    /** The plugin's kernel factory as its Guice module wires it (as the runtime gets it). */
    static KernelFactory factory() {
        return PluginBindings.factory(new LinuxGenirqPlugin(), KernelFactory.class, LinuxGenirqPlugin.NAME);
    }

    void runFor(long ns) {
        harness.runFor(ns);
    }

    List<TraceEvent.IrqFlow> flows() {
        return harness.trace().of(TraceEvent.IrqFlow.class);
    }

    List<TraceEvent.HandlerRan> handlerRuns() {
        return harness.trace().of(TraceEvent.HandlerRan.class);
    }

    static long us(long v) {
        return SimHarness.us(v);
    }

    static long ms(long v) {
        return SimHarness.ms(v);
    }
}
