package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.controller.CpuMask;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqHandler;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.IrqThreadFn;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.tck.SimHarness;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** kernel/irq/spurious.c {@code __report_bad_irq}: the lines after "nobody cared", Linux 6.17. */
class BadIrqReportTest {

    /** {@code [<%p>]}: a hashed pointer, 16 hex digits of which the upper 8 are 0 on 64-bit. */
    private static final Pattern ENTRY = Pattern.compile("\\[<(00000000[0-9a-f]{8})>\\] (\\S+)");

    private static final IrqHandler NONE = IrqHandler.named("stuck_handler", irq -> IrqReturn.NONE);
    private static final IrqThreadFn THREAD = IrqThreadFn.named("stuck_thread", (irq, done) -> done.complete(IrqReturn.NONE));

    private static String report(long seed, List<IrqAction> actions) {
        SimHarness harness = new SimHarness(seed);
        KernelTrace trace = new KernelTrace(harness.sim(), "guest");
        IrqDesc desc = new IrqDesc(7, 40, Trigger.LEVEL_HIGH, FlowType.FASTEOI, new RecordingController().chip(),
                CpuMask.first(1), trace);
        desc.actions.addAll(actions);
        new BadIrqReport(trace).report(desc);
        List<TraceEvent.KernelMessage> m = harness.trace().of(TraceEvent.KernelMessage.class);
        assertEquals(List.of("genirq.nobody_cared", "genirq.bad_irq_handlers"),
                m.stream().map(TraceEvent.KernelMessage::key).toList());
        assertEquals("irq 7: nobody cared (try booting with the \"irqpoll\" option)", m.get(0).text());
        return m.get(1).text();
    }

    private static IrqAction action(IrqHandler handler, IrqThreadFn threadFn, String name) {
        return new IrqAction(handler, threadFn, EnumSet.of(IrqFlag.SHARED), name, name);
    }

    @Test
    void handlersThenOneLinePerActionWithThreadedForAThreadFunction() {
        String text = report(1, List.of(action(IrqAction.DEFAULT_PRIMARY_HANDLER, THREAD, "a"),
                action(NONE, null, "b")));
        String[] lines = text.split("\n", -1);
        assertEquals(3, lines.length, text);
        assertEquals("handlers:", lines[0]);
        assertTrue(Pattern.matches("\\[<00000000[0-9a-f]{8}>\\] irq_default_primary_handler threaded "
                + "\\[<00000000[0-9a-f]{8}>\\] stuck_thread", lines[1]), lines[1]);
        assertTrue(Pattern.matches("\\[<00000000[0-9a-f]{8}>\\] stuck_handler", lines[2]),
                "no \" threaded\" without thread_fn: " + lines[2]);
    }

    @Test
    void theHashedPointerIsOnePerFunctionAndPerBoot() {
        List<IrqAction> actions = List.of(action(NONE, null, "a"), action(NONE, null, "b"),
                action(IrqAction.DEFAULT_PRIMARY_HANDLER, THREAD, "c"));
        String text = report(1, actions);
        List<String> hashes = hashes(text);
        assertEquals(4, hashes.size(), text);
        assertEquals(hashes.get(0), hashes.get(1), "two actions with the same handler: the same %p");
        assertEquals(3, Set.copyOf(hashes).size(), "different functions, different %p: " + hashes);
        assertEquals(text, report(1, actions), "the same seed (boot) prints the same values");
        String other = report(2, actions);
        assertNotEquals(hashes.get(0), hashes(other).get(0), "ptr_key is per boot: another seed, another value");
        assertEquals(text.replaceAll("[0-9a-f]{16}", "_"), other.replaceAll("[0-9a-f]{16}", "_"));
    }

    @Test
    void aFunctionWithoutANamePrintsAsAnAddress() {
        String text = report(1, List.of(action(irq -> IrqReturn.NONE, null, "anon")));
        assertTrue(Pattern.matches("handlers:\n\\[<00000000[0-9a-f]{8}>\\] 0x[0-9a-f]{16}", text), text);
    }

    @Test
    void aForcedThreadPrintsTheDefaultPrimaryAndTheDriverHandlerAsThreadFn() {
        KernelFixture k = new KernelFixture(new RecordingController(), Map.of(GenirqConfig.THREADIRQS, true));
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        assertEquals(0, k.core.requestIrq(irq, NONE, Set.of(), "dev", this));
        KernelTrace trace = new KernelTrace(k.harness.sim(), "guest");
        new BadIrqReport(trace).report(k.core.descriptor(irq));
        String text = k.harness.trace().messages("genirq.bad_irq_handlers").get(0).text();
        assertTrue(Pattern.matches("handlers:\n\\[<00000000[0-9a-f]{8}>\\] irq_default_primary_handler threaded "
                + "\\[<00000000[0-9a-f]{8}>\\] stuck_handler", text), "irq_setup_forced_threading: " + text);
    }

    private static List<String> hashes(String text) {
        Matcher m = ENTRY.matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
