package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.controller.CpuMask;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.KernelContext;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.tck.SimHarness;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Request-time trigger application and startup affinity, Linux 6.17: kernel/irq/manage.c
 * {@code __setup_irq}, {@code __irq_set_trigger}, {@code irq_setup_affinity}, {@code irq_do_set_affinity},
 * {@code irq_set_affinity}; kernel/irq/chip.c {@code irq_startup}, {@code irq_activate}.
 */
class RequestTriggerAndAffinityTest {

    private final List<String> log = new ArrayList<>();
    private final RecordingController fake = new RecordingController(log);
    private final KernelFixture k = new KernelFixture(fake);
    private final Object dev = new Object();

    private int request(int irq, Set<IrqFlag> flags) {
        return k.core.requestIrq(irq, i -> IrqReturn.HANDLED, flags, "dev", dev);
    }

    /** manage.c __setup_irq: no IRQF_TRIGGER_* → irqd_get_trigger_type, applied by __irq_set_trigger. */
    @Test
    void setupIrqAppliesTheFirmwareTypeForTheFirstActionThenActivatesThenStarts() {
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        assertEquals(0, request(irq, Set.of()));
        assertEquals(List.of("set_type 40 level-high", "activate 40", "unmask 40"), log);
    }

    /** manage.c __setup_irq: the request's IRQF_TRIGGER_* override the firmware's type. */
    @Test
    void irqfTriggerFlagsOverrideTheFirmwareType() {
        int irq = k.core.createMapping(41, Trigger.EDGE_RISING);
        assertEquals(0, request(irq, EnumSet.of(IrqFlag.TRIGGER_HIGH)));
        assertEquals("set_type 41 level-high", log.get(0));
    }

    /** manage.c __irq_set_trigger: a refusal is printed and fails request_irq; nothing is started. */
    @Test
    void aTypeTheChipRefusesFailsTheRequestWithTheKernelsMessage() {
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        fake.setTypeResult = -Errno.EINVAL;
        assertEquals(-Errno.EINVAL, request(irq, EnumSet.of(IrqFlag.TRIGGER_LOW, IrqFlag.ONESHOT)));
        List<TraceEvent.KernelMessage> m = k.harness.trace().messages("genirq.set_type_failed");
        assertEquals("Setting trigger mode 8 for irq " + irq + " failed (FAKE-GIC irq_set_type)", m.get(0).text());
        assertEquals(List.of("set_type 40 level-low"), log, "not activated, not unmasked");
        assertEquals(1, k.core.describe(irq).depth());
        fake.setTypeResult = 0;
        assertEquals(0, request(irq, Set.of()), "no action was installed: the next request is the first");
    }

    /** manage.c __irq_set_trigger: no irq_set_type callback (x86 ioapic_chip) → 0, nothing done. */
    @Test
    void aChipWithoutIrqSetTypeAcceptsAnyTriggerFlags() {
        fake.hasSetType = false;
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        assertEquals(0, request(irq, EnumSet.of(IrqFlag.TRIGGER_LOW)));
        assertEquals(List.of("activate 40", "unmask 40"), log);
    }

    /** manage.c __irq_set_trigger: IRQCHIP_SET_TYPE_MASKED masks an unmasked line around irq_set_type. */
    @Test
    void setTypeMaskedChipsAreMaskedAroundIrqSetType() {
        fake.flags.add(ChipFlag.SET_TYPE_MASKED);
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        assertEquals(0, request(irq, Set.of()));
        assertEquals(List.of("set_type 40 level-high", "activate 40", "unmask 40"), log,
                "a new descriptor is masked and disabled: no extra mask, no unmask");
    }

    /** manage.c __setup_irq: shared requests must agree on the trigger bits ("Flags mismatch"). */
    @Test
    void aSharedRequestWithOtherTriggerFlagsIsAFlagsMismatch() {
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        assertEquals(0, k.core.requestIrq(irq, i -> IrqReturn.HANDLED, EnumSet.of(IrqFlag.SHARED), "a", dev));
        assertEquals(-Errno.EBUSY, k.core.requestIrq(irq, i -> IrqReturn.HANDLED,
                EnumSet.of(IrqFlag.SHARED, IrqFlag.TRIGGER_RISING), "b", new Object()));
        assertEquals("Flags mismatch irq " + irq + ". 00000081 (b) vs. 00000084 (a)",
                k.harness.trace().messages("genirq.flags_mismatch").get(0).text());
        assertEquals(1, log.stream().filter(l -> l.startsWith("set_type")).count(), "shared: no second set_type");
    }

    /** chip.c irq_startup: irq_setup_affinity after __irq_startup, by default (GIC). */
    @Test
    void irqStartupSetsTheAffinityAfterTheUnmask() {
        fake.setAffinityResult = IrqChip.IRQ_SET_MASK_OK;
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        assertEquals(0, request(irq, Set.of()));
        assertEquals(List.of("set_type 40 level-high", "activate 40", "unmask 40", "set_affinity 40 0"), log);
    }

    /** chip.c irq_startup: IRQCHIP_AFFINITY_PRE_STARTUP (x86 ioapic_chip) sets it before the unmask. */
    @Test
    void affinityPreStartupChipsGetTheAffinityBeforeTheUnmask() {
        fake.setAffinityResult = IrqChip.IRQ_SET_MASK_OK;
        fake.flags.add(ChipFlag.AFFINITY_PRE_STARTUP);
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        assertEquals(0, request(irq, Set.of()));
        assertEquals(List.of("set_type 40 level-high", "activate 40", "set_affinity 40 0", "unmask 40"), log);
    }

    /** manage.c irq_setup_affinity: a chip without irq_set_affinity is not called (the default). */
    @Test
    void noIrqSetAffinityCallbackNoCallAndIrqSetAffinityIsEinval() {
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        assertEquals(0, request(irq, Set.of()));
        assertFalse(log.stream().anyMatch(l -> l.startsWith("set_affinity")));
        assertEquals(-Errno.EINVAL, k.core.irqSetAffinity(irq, CpuMask.of(0)));
    }

    /**
     * manage.c irq_setup_affinity with four CPUs: all online CPUs by default; a user's affinity
     * (IRQD_AFFINITY_SET, from irq_set_affinity) is kept at the next startup; irq_do_set_affinity
     * gives the chip only online CPUs and refuses a mask without one.
     */
    @Test
    void irqSetAffinityIsKeptAcrossShutdownAndStartupAndOfflineCpusAreDropped() {
        SimHarness h = new SimHarness();
        RecordingController four = new RecordingController(log);
        four.setAffinityResult = IrqChip.IRQ_SET_MASK_OK;
        Config cfg = Config.defaults(GenirqConfig.schema());
        LinuxIrqCore core = new LinuxIrqCore(new KernelContext(h.sim(), "guest", four, h.hostCpus(4), 4, cfg),
                GenirqConfig.from(cfg));
        int irq = core.createMapping(40, Trigger.LEVEL_HIGH);
        assertEquals(0, core.requestIrq(irq, i -> IrqReturn.HANDLED, Set.of(), "dev", dev));
        assertEquals("set_affinity 40 0-3", log.get(log.size() - 1));
        assertEquals(0, core.irqSetAffinity(irq, CpuMask.of(2, 7)));
        assertEquals("set_affinity 40 2", log.get(log.size() - 1), "CPU 7 is not online");
        assertEquals(-Errno.EINVAL, core.irqSetAffinity(irq, CpuMask.of(9)));
        core.freeIrq(irq, dev);
        assertTrue(log.contains("deactivate 40"));
        assertEquals(0, core.requestIrq(irq, i -> IrqReturn.HANDLED, Set.of(), "dev", dev));
        assertEquals("set_affinity 40 2", log.get(log.size() - 1), "IRQD_AFFINITY_SET keeps the user's CPUs");
        List<TraceEvent.StateChanged> aff = h.trace().of(TraceEvent.StateChanged.class,
                e -> e.field().equals("affinity"));
        assertEquals("0-3", aff.get(0).from());
        assertEquals("2,7", aff.get(0).to(), "the descriptor keeps the requested mask (cpumask_copy of mask)");
    }

    /** chip.c irq_activate: the domain's activate error fails the request. */
    @Test
    void anActivationErrorFailsTheRequest() {
        fake.activateResult = -Errno.ENOMEM;
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        assertEquals(-Errno.ENOMEM, request(irq, Set.of()));
        assertFalse(log.contains("unmask 40"));
    }
}
