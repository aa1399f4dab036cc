package dev.irqlab.runtime.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.engine.Simulation;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Building the stack runs nothing and hands the VMM every device; the virtual controller a scenario
 * leaves open is the hypervisor's choice for the host's controller.
 */
class StackBuilderTest {

    private static final String SCENARIO = """
            name: two devices on a fake stack
            run: {duration: 10ms}
            """ + RecordingStack.PLATFORM + """
            vmm: {vm-start: 2ms}
            devices:
              - {name: pad, model: fake-dev, interrupt: {line: 8, trigger: level-high}, guest-pin: 40, \
            driver: {name: fake-drv, flow: level}}
              - {name: key, model: fake-dev, interrupt: {line: 9, trigger: edge-rising}, guest-pin: 41, \
            driver: {name: fake-drv, flow: edge}}
            """;

    private final RecordingStack fake = new RecordingStack();
    private final PluginRegistry registry = fake.registry();

    @Test
    @DisplayName("build wires every device through the VMM and queues the VM start without running it")
    void buildRunsNothing() {
        Scenario s = new ScenarioLoader().load("stack.yaml", SCENARIO, registry);
        Simulation sim = new Simulation(s.seed(), Trace.discard());
        ScenarioCheck.Choice choice = new ScenarioCheck(registry).check(s);
        Stack stack = new StackBuilder(registry).build(s, choice, sim);
        assertEquals(List.of("0 fake-vmm assign pad (vfio.pad, irqfd-resample, hwirq 8 -> pin 40)",
                "0 fake-vmm assign key (vfio.key, irqfd, hwirq 9 -> pin 41)"), fake.assigned);
        assertEquals(0, sim.now());
        assertEquals(2, stack.devices().size());
        assertEquals(List.of("pad", "key"), List.copyOf(stack.guestIrqs().keySet()));
        sim.queue().runUntil(s.run().durationNs(), true);
        assertEquals("2000000 fake-vmm start", fake.assigned.get(2), "the VMM starts the VM at vmm.vm-start");
    }

    @Test
    @DisplayName("with no virtual controller named, the hypervisor's choice for the host controller is used")
    void hypervisorChoosesTheIrqchip() {
        Scenario s = new ScenarioLoader().load("stack.yaml", SCENARIO, registry);
        assertEquals(new ScenarioCheck.Choice("fake-pic", "fake-vic"), new ScenarioCheck(registry).check(s));
    }

    @Test
    @DisplayName("a hypervisor with no irqchip for the host controller is refused, naming both")
    void noIrqchipForTheHost() {
        Scenario s = new ScenarioLoader().load("stack.yaml", SCENARIO.replace("vmm: {vm-start: 2ms}\n", ""),
                registry);
        Scenario other = new Scenario(s.source(), s.name(), s.description(), s.seed(), s.run(),
                new dev.irqlab.runtime.scenario.Platform("fake-pic2", s.platform().virtualController(),
                        s.platform().kernel(), s.platform().hypervisor(), s.platform().vmm(), s.platform().forwarder(),
                        s.platform().systemSleep(), 1, 1), s.fixes(), java.util.Map.of(), java.util.Map.of(), s.devices(), s.suspend(),
                s.vmm(), s.actions(), s.expectations());
        AssemblyException e = assertThrows(AssemblyException.class, () -> new ScenarioCheck(registry).check(other));
        assertEquals("the hypervisor 'fake-hv' has no in-kernel interrupt controller for a host with 'fake-pic2'; "
                + "name one in platform.virtual-controller", e.getMessage());
    }

    @Test
    @DisplayName("devices on one line share it; a second trigger on the wire is refused at its key, naming the allowed one")
    void sharedLineHasOneTrigger() {
        String two = SCENARIO.replace("line: 9, trigger: edge-rising", "line: 8, trigger: level-low");
        Scenario s = new ScenarioLoader().load("stack.yaml", two, registry);
        Simulation sim = new Simulation(s.seed(), Trace.discard());
        ScenarioCheck.Choice choice = new ScenarioCheck(registry).check(s);
        AssemblyException e = assertThrows(AssemblyException.class,
                () -> new StackBuilder(registry).build(s, choice, sim));
        assertEquals(List.of(new dev.irqlab.api.plugin.Refusal("devices[1].interrupt.trigger", "device 'key': line 8 "
                + "is shared with 'pad', wired level-high; a shared line has one trigger; allowed: level-high")),
                e.problems());
    }
}
