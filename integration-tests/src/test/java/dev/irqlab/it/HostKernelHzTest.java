package dev.irqlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.ioapic.KvmIoApic;
import dev.irqlab.runtime.assembly.ScenarioCheck;
import dev.irqlab.runtime.assembly.Stack;
import dev.irqlab.runtime.assembly.StackBuilder;
import dev.irqlab.runtime.engine.Simulation;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioException;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * KVM is part of the host kernel: the in-kernel IO-APIC's EOI-storm re-injection waits HZ / 100 of the
 * host's jiffies (arch/x86/kvm/ioapic.c kvm_ioapic_update_eoi_one, {@code schedule_delayed_work(
 * &ioapic->eoi_inject, HZ / 100)}, Linux 6.17), so {@code config.host-kernel.hz} (or {@code config.kernel.hz})
 * sets it and the guest's HZ does not.
 */
class HostKernelHzTest {

    private static final PluginRegistry REGISTRY = PluginRegistry.discover();

    private static String scenario(String config) {
        return "name: host hz\n"
                + "seed: 1\n"
                + "run: {duration: 10ms, drain: 5ms}\n"
                + "platform: {controller: ioapic, virtual-controller: kvm-ioapic}\n"
                + config
                + "devices:\n"
                + "  - name: dev\n"
                + "    model: level-status\n"
                + "    interrupt: {line: 16, trigger: level-high}\n"
                + "    driver: {name: level-fasteoi, flow: oneshot-threaded}\n"
                + "    workload: {start: 1ms, period: 1ms, count: 2}\n";
    }

    private static KvmIoApic built(String config) {
        Scenario s = new ScenarioLoader().load("hz.yaml", scenario(config), REGISTRY);
        ScenarioCheck.Choice choice = new ScenarioCheck(REGISTRY).check(s);
        Stack stack = new StackBuilder(REGISTRY).build(s, choice, new Simulation(s.seed(), Trace.discard()));
        return (KvmIoApic) stack.guest().controller();
    }

    @ParameterizedTest(name = "{0} -> {1} ns")
    @CsvSource(delimiter = '|', value = {
        "''                                              | 8000000",
        "'config: {host-kernel: {hz: 100}}\n'            | 10000000",
        "'config: {host-kernel: {hz: 1000}}\n'           | 10000000",
        "'config: {kernel: {hz: 300}}\n'                 | 10000000",
        "'config: {host-kernel: {hz: 250}, guest-kernel: {hz: 1000}}\n' | 8000000",
        "'config: {guest-kernel: {hz: 100}}\n'           | 8000000"})
    @DisplayName("the EOI-storm delay is HZ / 100 jiffies of the host kernel's HZ")
    void stormDelayFollowsTheHostKernel(String config, long delayNs) {
        assertEquals(delayNs, built(config).eoiInjectDelayNs());
    }

    @Test
    @DisplayName("the virtual controller's own host-hz key is gone: refused as unknown, naming the keys it has")
    void oldKeyRefused() {
        var e = assertThrows(ScenarioException.class, () -> built("config: {virtual-controller: {host-hz: 1000}}\n"));
        assertTrue(e.getMessage().contains("host-hz") && e.getMessage().contains("kvm-version"), e.getMessage());
    }
}
