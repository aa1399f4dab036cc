package dev.irqlab.runtime.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.runtime.engine.RunControl;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The runner performs a scenario's {@code actions:} on the side and CPU they name, at their time, on
 * the irq the device has in that kernel, leaves one "scenario.action" message per action, and
 * refuses a register name the controller lacks before anything runs.
 */
class ScenarioActionsTest {

    private static final String HEAD = """
            name: actions on a fake stack
            run: {duration: 10ms, drain: 1ms}
            """ + RecordingStack.PLATFORM + """
            devices:
              - {name: pad, model: fake-dev, interrupt: {line: 8, trigger: level-high}, guest-pin: 40, \
            driver: {name: fake-drv, flow: level}}
              - {name: key, model: fake-dev, interrupt: {line: 9, trigger: level-high}, guest-pin: 41, \
            driver: {name: fake-drv, flow: level}}
            """;

    private final RecordingStack stack = new RecordingStack();
    private final PluginRegistry registry = stack.registry();

    private Scenario load(String actions) {
        return new ScenarioLoader().load("actions.yaml", HEAD + actions, registry);
    }

    private List<TraceEvent.KernelMessage> run(Scenario s) {
        List<TraceEvent.KernelMessage> messages = new ArrayList<>();
        new ScenarioRunner(registry).run(s, e -> {
            if (e instanceof TraceEvent.KernelMessage m && m.key().equals("scenario.action")) {
                messages.add(m);
            }
        });
        return messages;
    }

    @Test
    @DisplayName("kernel calls reach the named kernel at their time, with the device's host or guest irq")
    void kernelCallsResolveTheDeviceIrqPerSide() {
        Scenario s = load("""
                actions:
                  - {at: 2ms, kernel: guest, call: disable_irq, device: pad}
                  - {at: 1ms, kernel: host, call: irq_set_status_flags, flag: IRQ_DISABLE_UNLAZY, device: key}
                  - {at: 1ms, kernel: host, call: disable_irq_nosync, device: pad}
                  - {at: 3ms, kernel: guest, call: enable_irq, device: pad, cpu: 1}
                  - {at: 4ms, kernel: host, call: irq_set_irq_wake, on: false, device: pad}
                  - {at: 5ms, kernel: host, call: irq_clear_status_flags, flag: IRQ_DISABLE_UNLAZY, device: key}
                """);
        run(s);
        assertEquals(List.of(
                "1000000 host unlazy 109 true",
                "1000000 host disable_irq_nosync 108",
                "2000000 guest disable_irq 240",
                "3000000 guest enable_irq 240",
                "4000000 host irq_set_irq_wake 108 false",
                "5000000 host unlazy 109 false"), stack.log,
                "time order; same-time actions in file order; host irq = 100 + line, guest irq = 200 + pin");
    }

    @Test
    @DisplayName("register accesses go to the named controller on the named CPU; reads and returns are in the trace")
    void registerAccessesAndTheirTraceMessages() {
        Scenario s = load("""
                actions:
                  - {at: 1ms, controller: host, write: ISPENDR1, value: 0x100}
                  - {at: 2ms, controller: guest, read: ISPENDR2, cpu: 1}
                  - {at: 3ms, kernel: host, call: irq_set_irq_wake, on: true, device: key}
                """);
        List<TraceEvent.KernelMessage> messages = run(s);
        assertEquals(List.of(
                "1000000 host.fake-pic write ISPENDR1 0x100 cpu 0",
                "2000000 vm0.fake-vic read ISPENDR2 cpu 1",
                "3000000 host irq_set_irq_wake 109 true"), stack.log);
        assertEquals(List.of(
                new TraceEvent.KernelMessage(1_000_000, "host.fake-pic", "scenario.action",
                        "write ISPENDR1 = 0x100 (cpu 0) [actions[0] (actions.yaml:8:40)]"),
                new TraceEvent.KernelMessage(2_000_000, "vm0.fake-vic", "scenario.action",
                        "read ISPENDR2 = 0x41 (cpu 1) [actions[1] (actions.yaml:9:40)]"),
                new TraceEvent.KernelMessage(3_000_000, "host", "scenario.action",
                        "irq_set_irq_wake(109, 1) = ENODEV for key [actions[2] (actions.yaml:10:35)]")),
                messages);
    }

    @Test
    @DisplayName("a register the controller lacks is refused by check and by run before any action runs, naming every wrong one and the allowed names")
    void unknownRegisterIsRefusedBeforeTheRun() {
        Scenario s = load("""
                actions:
                  - {at: 0ns, kernel: host, call: disable_irq, device: pad}
                  - {at: 1ms, controller: host, write: ISPENDR9, value: 1}
                  - {at: 1ms, controller: guest, read: GICD_CTLR}
                """);
        String expected = "actions[1].write (line 9, column 40): found 'ISPENDR9', not a register of host.fake-pic; "
                + "actions[2].read (line 10, column 40): found 'GICD_CTLR', not a register of vm0.fake-vic; "
                + "allowed on host.fake-pic: CTLR, ISPENDR<1..3>, IAR_EL1; "
                + "allowed on vm0.fake-vic: CTLR, ISPENDR<1..3>, IAR_EL1";
        ScenarioRunner runner = new ScenarioRunner(registry);
        assertEquals(expected, assertThrows(AssemblyException.class, () -> runner.check(s)).getMessage());
        assertEquals(expected, assertThrows(AssemblyException.class,
                () -> runner.run(s, e -> { })).getMessage());
        assertEquals(expected, assertThrows(AssemblyException.class,
                () -> runner.prepare(s, Trace.discard())).getMessage());
        assertEquals(List.of(), stack.log, "not even the action at 0ns ran");
    }

    @Test
    @DisplayName("a prepared run is the run: nothing happens before it runs, then the same actions and metrics; it runs once")
    void aPreparedRunIsTheRun() {
        Scenario s = load("""
                actions:
                  - {at: 1ms, kernel: host, call: disable_irq_nosync, device: pad}
                  - {at: 2ms, controller: guest, read: ISPENDR2, cpu: 1}
                  - {at: 3ms, kernel: guest, call: enable_irq, device: key}
                """);
        RunOutcome ran = new ScenarioRunner(registry).run(s, Trace.discard());
        List<String> byRun = List.copyOf(stack.log);
        stack.log.clear();

        ScenarioRunner.Prepared prepared = new ScenarioRunner(registry).prepare(s, Trace.discard());
        assertEquals(List.of(), stack.log, "built, nothing run");
        RunOutcome outcome = prepared.run(RunControl.unlimited());

        assertEquals(byRun, stack.log);
        assertEquals(ran.metrics().values(), outcome.metrics().values());
        assertEquals(ran.info(), outcome.info());
        assertThrows(IllegalStateException.class, () -> prepared.run(RunControl.unlimited()));
    }

    @Test
    @DisplayName("register name lists fold numbered runs and keep everything else as written, in order")
    void summariseFoldsNumberedRuns() {
        assertEquals("GICD_CTLR, GICD_ISENABLER<1..3>, IRR<0..7>, ICC_IAR1_EL1, X5, Y1, Y3",
                ScenarioCheck.summarise(List.of("GICD_CTLR", "GICD_ISENABLER1", "GICD_ISENABLER2", "GICD_ISENABLER3",
                        "IRR0", "IRR1", "IRR2", "IRR3", "IRR4", "IRR5", "IRR6", "IRR7", "ICC_IAR1_EL1", "X5", "Y1",
                        "Y3")));
    }
}
