package dev.irqlab.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every vCPU count the scenario loader accepts on x86 runs (KVM takes xAPIC destinations up to 255
 * vCPUs; the flat logical model's 8-CPU limit applies only to logical entries): validate and run agree.
 */
class X86VcpuCountTest {

    private static final PluginRegistry REGISTRY = PluginRegistry.discover();

    @ParameterizedTest(name = "vcpus {0}")
    @ValueSource(ints = {1, 8, 9, 16, 64})
    @DisplayName("an x86 guest with more than 8 vCPUs loads and runs (lapic.c kvm_apic_match_dest, physical xAPIC IDs)")
    void runs(int vcpus) {
        String yaml = "name: x86 vcpus " + vcpus + "\n"
                + "seed: 1\n"
                + "run: {duration: 10ms, drain: 5ms}\n"
                + "platform: {controller: ioapic, virtual-controller: kvm-ioapic, vcpus: " + vcpus + "}\n"
                + "devices:\n"
                + "  - name: dev\n"
                + "    model: level-status\n"
                + "    interrupt: {line: 16, trigger: level-high}\n"
                + "    driver: {name: level-fasteoi, flow: oneshot-threaded}\n"
                + "    workload: {start: 1ms, period: 1ms, count: 5}\n"
                + "expect: {device-events: 5, served: 5, lost: 0, spurious: 0}\n";
        Scenario s = new ScenarioLoader().load("vcpus-" + vcpus + ".yaml", yaml, REGISTRY);
        RunOutcome outcome = new ScenarioRunner(REGISTRY).run(s, Trace.discard());
        assertTrue(outcome.passed(), outcome.expectations().toString());
    }
}
