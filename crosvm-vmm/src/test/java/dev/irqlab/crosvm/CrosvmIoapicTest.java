package dev.irqlab.crosvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.doubles.RecordingHypervisor;
import dev.irqlab.tck.doubles.ToyVirtualController.Style;
import dev.irqlab.tck.doubles.ToyVirtualControllerFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * crosvm's split irqchip: devices/src/irqchip/ioapic.rs ({@code service_irq}, {@code ioapic_write},
 * {@code setup_msi}, {@code end_of_interrupt}) and devices/src/irqchip/kvm/x86_64.rs
 * ({@code KvmSplitIrqChip::new}, {@code service_irq_event}, {@code finalize_devices}), crosvm main of
 * 2026-08.
 */
class CrosvmIoapicTest {

    static final int PIN = 16;
    static final int VECTOR = 0x41;
    static final int LEVEL = 1 << 15;
    static final int MASKED = 1 << 16;
    private final SimHarness harness = new SimHarness();
    private final RecordingHypervisor kvm = new RecordingHypervisor(harness.sim());

    private CrosvmSplitIrqChip chip(String gsis) {
        Map<String, Object> values = new TreeMap<>(Config.defaults(CrosvmConfig.schema()).values());
        values.put(CrosvmConfig.IRQCHIP, "split");
        values.put(CrosvmConfig.IOAPIC_GSIS, gsis);
        CrosvmSplitIrqChip chip = Guice.createInjector(new CrosvmPlugin())
                .getInstance(CrosvmSplitIrqChip.Factory.class)
                .create(harness.sim(), "crosvm", CrosvmConfig.from(Config.of(values)));
        chip.realize(kvm.createVm(new VmSpec("vm0", 1, "kvm-ioapic", new ToyVirtualControllerFactory(24,
                Style.IOAPIC_LIKE, false), Config.of(Map.of()), chip.ioapic())));
        return chip;
    }

    private static void writeLow(CrosvmIoapic a, int pin, int low) {
        a.mmioWrite(CrosvmIoapic.IOREGSEL, 0x10 + 2 * pin);
        a.mmioWrite(CrosvmIoapic.IOWIN, low);
    }

    private List<String> logSince(int from) {
        List<String> log = kvm.log();
        return log.subList(from, log.size()).stream().map(s -> s.substring(s.indexOf(' ') + 1)).toList();
    }

    /** The chip with {@code pin}'s level event registered and finalize_devices done; returns the resample fd. */
    private EventFd levelDevice(CrosvmSplitIrqChip chip, EventFd trigger) {
        EventFd resample = harness.sim().eventFd("resample");
        chip.registerLevelIrqEvent(PIN, trigger, resample);
        chip.finalizeDevices();
        return resample;
    }

    @Test
    @DisplayName("KvmSplitIrqChip::new: a dummy MSI route (0, 0) on each of GSIs 0..23, no irqfd; identity "
            + "(crosvm-direct's init_direct_gsi) binds an irqfd on each of them first")
    void newSetsDummyRoutes() {
        chip("allocated");
        List<String> log = logSince(0);
        assertEquals(25, log.size(), log.toString());
        assertEquals("KVM_SET_GSI_ROUTING gsi 0 msi 0x0 0x0", log.get(1));
        assertEquals("KVM_SET_GSI_ROUTING gsi 23 msi 0x0 0x0", log.get(24));
        int n = kvm.log().size();
        chip("identity");
        List<String> direct = logSince(n);
        assertEquals(49, direct.size(), direct.toString());
        assertEquals("KVM_IRQFD crosvm.ioapic.out16 gsi 16 = 0", direct.get(17));
    }

    @Test
    @DisplayName("setup_msi: nothing while the MSI data is 0; the first real route allocates the next GSI "
            + "past the pins (finalize_devices) with a plain irqfd; later writes reuse it")
    void setupMsiAllocatesAboveThePins() {
        CrosvmSplitIrqChip chip = chip("allocated");
        chip.finalizeDevices();
        CrosvmIoapic a = chip.ioapic();
        int n = kvm.log().size();
        writeLow(a, PIN, MASKED);
        assertEquals(List.of(), logSince(n), "msi_data == 0: skipped");
        writeLow(a, PIN, VECTOR | LEVEL | MASKED);
        assertEquals(List.of("KVM_IRQFD crosvm.ioapic.out16 gsi 24 = 0",
                "KVM_SET_GSI_ROUTING gsi 24 msi 0xfee00000 0x8041"), logSince(n));
        assertEquals(24, a.outGsi(PIN));
        n = kvm.log().size();
        writeLow(a, PIN, VECTOR | LEVEL);
        assertEquals(List.of("KVM_SET_GSI_ROUTING gsi 24 msi 0xfee00000 0x8041"), logSince(n),
                "masked or not, the route follows the entry");
        writeLow(a, 17, 0x42 | LEVEL);
        assertEquals(25, a.outGsi(17));
    }

    @Test
    @DisplayName("service_irq: a masked pin only latches its level; a level pin with Remote IRR coalesces; "
            + "an injection signals the output event and sets Remote IRR; a low level only clears the latch")
    void serviceIrqRules() {
        CrosvmSplitIrqChip chip = chip("allocated");
        chip.finalizeDevices();
        CrosvmIoapic a = chip.ioapic();
        writeLow(a, PIN, VECTOR | LEVEL | MASKED);
        assertFalse(a.serviceIrq(PIN, true));
        assertTrue(a.irr(PIN));
        assertEquals(0, a.entry(PIN) & CrosvmIoapic.REMOTE_IRR);
        writeLow(a, PIN, VECTOR | LEVEL); // unmask: the re-service injects
        assertTrue((a.entry(PIN) & CrosvmIoapic.REMOTE_IRR) != 0);
        assertFalse(a.serviceIrq(PIN, true), "Remote IRR: coalesced");
        assertTrue(a.serviceIrq(PIN, false));
        assertFalse(a.irr(PIN));
        assertTrue((a.entry(PIN) & CrosvmIoapic.REMOTE_IRR) != 0, "lowering the line leaves Remote IRR");
    }

    @Test
    @DisplayName("ioapic_write services a high unmasked level pin before setup_msi: on the pin's first route "
            + "there is no output event yet, so nothing is injected and Remote IRR stays clear")
    void firstUnmaskServicesBeforeTheRoute() {
        CrosvmSplitIrqChip chip = chip("allocated");
        chip.finalizeDevices();
        CrosvmIoapic a = chip.ioapic();
        a.serviceIrq(PIN, true);
        writeLow(a, PIN, VECTOR | LEVEL);
        assertEquals(24, a.outGsi(PIN));
        assertEquals(0, a.entry(PIN) & CrosvmIoapic.REMOTE_IRR);
        assertTrue(a.irr(PIN), "still high: the next trigger or EOI injects");
    }

    @Test
    @DisplayName("end_of_interrupt: de-assert, signal the resample events, clear Remote IRR - with the entry "
            + "masked too (no counterpart of Linux 6.3's fix); another vector does nothing")
    void eoiOrderIgnoresMask() {
        CrosvmSplitIrqChip chip = chip("identity");
        EventFd trigger = harness.sim().eventFd("trigger");
        EventFd resample = levelDevice(chip, trigger);
        CrosvmIoapic a = chip.ioapic();
        EventFd out = harness.sim().eventFd("unused");
        writeLow(a, PIN, VECTOR | LEVEL);
        assertTrue(a.serviceIrq(PIN, true));
        writeLow(a, PIN, VECTOR | LEVEL | MASKED); // the guest's ONESHOT mask
        boolean[] seen = new boolean[3];
        resample.addWaiter(fd -> {
            seen[0] = !a.irr(PIN); // de-asserted before the resample
            seen[1] = (a.entry(PIN) & CrosvmIoapic.REMOTE_IRR) != 0; // Remote IRR cleared after it
        });
        a.eoi(VECTOR + 1);
        assertEquals(0, resample.count());
        a.eoi(VECTOR);
        assertEquals(1, resample.count());
        assertTrue(seen[0], "service_irq(i, false) before the resample events");
        assertTrue(seen[1], "Remote IRR still set while the resample events are signalled");
        assertEquals(0, a.entry(PIN) & CrosvmIoapic.REMOTE_IRR);
        assertEquals(0, out.count());
    }

    @Test
    @DisplayName("end_of_interrupt re-services every pin still high, of the vector or not; a pin without "
            + "resample events is not lowered, so its level is injected again")
    void eoiReservicesHighPins() {
        CrosvmSplitIrqChip chip = chip("identity");
        chip.finalizeDevices();
        CrosvmIoapic a = chip.ioapic();
        writeLow(a, 5, 0x51 | LEVEL);
        assertTrue(a.serviceIrq(5, true));
        int n = kvm.log().size();
        a.eoi(0x51);
        assertTrue((a.entry(5) & CrosvmIoapic.REMOTE_IRR) != 0, "re-injected: Remote IRR set again");
        assertTrue(a.irr(5));
        assertEquals(List.of(), logSince(n), "the output event is an irqfd: no ioctl");
    }

    @Test
    @DisplayName("service_irq_event: crosvm's irq handler thread reads a level device's event after its "
            + "latency and raises the pin, and leaves it high (the EOI lowers it)")
    void irqHandlerThread() {
        CrosvmSplitIrqChip chip = chip("identity");
        EventFd trigger = harness.sim().eventFd("trigger");
        levelDevice(chip, trigger);
        CrosvmIoapic a = chip.ioapic();
        writeLow(a, PIN, VECTOR | LEVEL | MASKED);
        trigger.signal();
        trigger.signal();
        assertFalse(a.irr(PIN));
        harness.runFor(9_999);
        assertFalse(a.irr(PIN));
        harness.runFor(1);
        assertTrue(a.irr(PIN));
        assertEquals(0, trigger.count(), "read once: two signals, one service");
    }

    @Test
    @DisplayName("the EOI register (0x40) is end_of_interrupt; the version register reads 0x20 with 23 as "
            + "the highest entry; an index past the pins reads all ones")
    void registers() {
        CrosvmSplitIrqChip chip = chip("identity");
        EventFd resample = levelDevice(chip, harness.sim().eventFd("trigger"));
        CrosvmIoapic a = chip.ioapic();
        writeLow(a, PIN, VECTOR | LEVEL);
        a.mmioWrite(CrosvmIoapic.IOEOI, VECTOR);
        assertEquals(1, resample.count());
        a.mmioWrite(CrosvmIoapic.IOREGSEL, CrosvmIoapic.REG_VERSION);
        assertEquals(0x20 | (23 << 16), a.mmioRead(CrosvmIoapic.IOWIN));
        a.mmioWrite(CrosvmIoapic.IOREGSEL, 0x10 + 2 * 24);
        assertEquals(~0, a.mmioRead(CrosvmIoapic.IOWIN));
    }
}
