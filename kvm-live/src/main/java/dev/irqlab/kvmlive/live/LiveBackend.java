package dev.irqlab.kvmlive.live;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.irqlab.kvmlive.host.HostKvm;
import dev.irqlab.kvmlive.sys.EventFd;
import dev.irqlab.kvmlive.sys.IoapicState;
import dev.irqlab.kvmlive.sys.KvmDevice;
import dev.irqlab.kvmlive.sys.KvmException;
import dev.irqlab.kvmlive.sys.KvmVcpu;
import dev.irqlab.kvmlive.sys.KvmVm;
import dev.irqlab.kvmlive.sys.VcpuStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live x86 backend: a VM with the in-kernel irqchip and one vCPU running {@link GuestCode}, a
 * level device on an IO-APIC pin forwarded as vfio-pci INTx does it, with {@code KVM_IRQFD} and
 * {@code KVM_IRQFD_FLAG_RESAMPLE}.
 *
 * <p>The host plays the device and vfio (drivers/vfio/pci/vfio_pci_intx.c): while the device is
 * asserted and the host line is not masked, the physical interrupt fires, vfio masks it
 * ({@code vfio_intx_handler}: automask) and signals the trigger eventfd. When the resamplefd is
 * signalled, vfio unmasks ({@code vfio_pci_intx_unmask}); a device still asserted fires again at
 * once. The device drops its line when the guest services it (the {@code thread} step).
 *
 * <p>One device event at a time: the next is raised when the previous one is served and the pin is
 * quiet (IO-APIC irr, LAPIC IRR and ISR clear for {@link #QUIET_POLLS} idle polls).
 */
public final class LiveBackend {

    static final int RAM = 0x20_0000;
    static final int GDT = 0x500;
    static final int STACK = 0x7000;
    static final int IDT = 0x8000;
    static final int QUIET_POLLS = 50;
    /**
     * How long a device event, or one injection, may take before the run fails: a bound on a hung
     * guest, not a performance figure. The host's kworker that injects may wait for a CPU for tens of
     * milliseconds on a loaded machine, so it is generous.
     */
    static final long ROUND_TIMEOUT_NS = 20_000_000_000L;

    /**
     * What one live run plays: the device's pin and vector, the guest's flow and how many events.
     *
     * @param pin     IO-APIC pin (GSI)
     * @param vector  guest vector
     * @param oneshot ONESHOT threaded flow, else plain fasteoi
     * @param events  device events
     */
    public record Setup(int pin, int vector, boolean oneshot, int events) {
        public Setup {
            if (pin < 1 || pin > 23 || pin == 2 || vector < 0x20 || vector > 0xfe || events < 0) {
                throw new IllegalArgumentException("pin 1..23 except 2, vector 0x20..0xfe, events >= 0");
            }
        }
    }

    private LiveBackend() {
    }

    public static LiveResult run(KvmDevice kvm, Setup s) {
        int rteLow = s.vector() | 0x8000; // fixed, physical, active high, level, unmasked
        GuestCode code = new GuestCode(s.pin(), rteLow, s.oneshot());
        try (KvmVm vm = kvm.createVmWithIrqchip(); EventFd trigger = new EventFd(); EventFd resample = new EventFd()) {
            Pointer ram = vm.addRam(RAM);
            byte[] bytes = code.bytes();
            ram.write(GuestCode.LOAD, bytes, 0, bytes.length);
            ram.setLong(GDT, 0);
            ram.setLong(GDT + 8, 0x00cf_9a00_0000_ffffL);  // 0x08: code, flat 4 GiB, 32-bit
            ram.setLong(GDT + 16, 0x00cf_9200_0000_ffffL); // 0x10: data, flat 4 GiB
            for (int v = 0; v < 256; v++) {
                gate(ram, v, v == s.vector() ? code.handler() : code.unexpected());
            }
            KvmVcpu vcpu = vm.createVcpu();
            protectedMode(vcpu);
            vcpu.setRegs(GuestCode.IDLE, STACK, 0, 0x2);
            byte[] lapic = vcpu.lapic();
            putWord(lapic, 0xf0, 0x1ff);     // SPIV: software enabled, spurious vector 0xff (setup_local_APIC)
            putWord(lapic, 0x350, 0x10000);  // LVT0 masked (KVM resets it to ExtINT)
            putWord(lapic, 0x360, 0x10000);  // LVT1 masked
            vcpu.setLapic(lapic);
            vm.maskPics();
            IoapicState io = vm.ioapic();
            vm.setIoapic(io.withEntry(s.pin(), rteLow & 0xffff_ffffL));
            vm.irqfd(trigger, s.pin(), resample);
            try (VcpuStats stats = vcpu.stats()) {
                return new Host(vm, vcpu, trigger, resample, s, stats).run();
            }
        }
    }

    /** The host side of one run. */
    private static final class Host {
        private final KvmVm vm;
        private final KvmVcpu vcpu;
        private final EventFd trigger;
        private final EventFd resample;
        private final Setup s;
        private final VcpuStats stats;
        private final List<LiveStep> steps = new ArrayList<>();
        private boolean deviceAsserted;
        private boolean hostMasked;
        private boolean refirePending;
        private int round;
        private int irq;
        private int spurious;
        private int resamples;
        private long idle;
        private long markers;
        private String note = "";
        private final long[] roundTrip;
        private long assertedAt;

        Host(KvmVm vm, KvmVcpu vcpu, EventFd trigger, EventFd resample, Setup s, VcpuStats stats) {
            this.vm = vm;
            this.vcpu = vcpu;
            this.trigger = trigger;
            this.resample = resample;
            this.s = s;
            this.stats = stats;
            this.roundTrip = new long[s.events()];
        }

        LiveResult run() {
            Map<String, Long> before = stats.read();
            long t0 = System.nanoTime();
            for (round = 1; round <= s.events(); round++) {
                deviceAsserted = true;
                assertedAt = System.nanoTime();
                physicalIrq("device asserts");
                runUntilQuiet();
            }
            long wall = System.nanoTime() - t0;
            Map<String, Long> after = stats.read();
            Map<String, Long> delta = new LinkedHashMap<>();
            after.forEach((k, v) -> {
                long d = v - before.getOrDefault(k, 0L);
                if (d != 0 && !k.contains("_ns") && !k.contains("time")) {
                    delta.put(k, d);
                }
            });
            long[] sorted = roundTrip.clone();
            java.util.Arrays.sort(sorted);
            long median = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
            return new LiveResult(HostKvm.detect(), s.events(), irq, spurious, resamples, steps, delta, idle, markers, wall,
                    median);
        }

        /** vfio_intx_handler: the level line fires while unmasked; automask, then signal the trigger. */
        private void physicalIrq(String why) {
            if (deviceAsserted && !hostMasked) {
                hostMasked = true;
                trigger.signal();
                note += (note.isEmpty() ? "" : "; ") + why + " -> vfio automask, trigger";
                awaitInjection();
            }
        }

        /**
         * irqfd injects an IO-APIC pin from a work item (x86 {@code kvm_arch_set_irq_inatomic} refuses
         * it), so the line rises some microseconds after the trigger write. The host waits for the
         * IO-APIC irr before the vCPU runs on, as if the interrupt arrived at once: otherwise the guest
         * races the work item and the outcome depends on the host's scheduling. The wait has no
         * shorter bound than a round's: a loaded host delays the kworker by tens of milliseconds, and
         * a guest let run on without the line would take the interrupt a step late (the live side then
         * disagrees with the model for a reason of the host's load, not of KVM's rules).
         */
        private void awaitInjection() {
            long t0 = System.nanoTime();
            while (!vm.ioapic().irr(s.pin())) {
                if (System.nanoTime() - t0 > ROUND_TIMEOUT_NS) {
                    throw new KvmException("device event " + round + ": the irqfd injection did not raise IO-APIC pin "
                            + s.pin() + " within " + ROUND_TIMEOUT_NS / 1_000_000_000L + " s", 0);
                }
                Thread.onSpinWait();
            }
        }

        /**
         * vfio_pci_intx_unmask on a resamplefd signal. The unmask and the re-fire of a device still
         * asserted go through two work items (vfio's virqfd, then KVM's irqfd inject) and land
         * microseconds later, after the guest's next step: the host applies them at the next exit
         * ({@link #refirePending}), so the order is the same on every run and every machine.
         */
        private long pollResample() {
            long n = resample.drain();
            if (n > 0) {
                resamples++;
                refirePending = true;
            }
            return n;
        }

        private void applyPendingRefire() {
            if (refirePending) {
                refirePending = false;
                hostMasked = false;
                physicalIrq("resample: vfio unmask, device still asserted");
            }
        }

        private void runUntilQuiet() {
            int quiet = 0;
            long start = System.nanoTime();
            while (true) {
                int reason = vcpu.run();
                if (reason != KvmVcpu.EXIT_IO) {
                    throw new KvmException("KVM_RUN: unexpected exit reason " + reason + " at rip 0x"
                            + Long.toHexString(vcpu.rip()), 0);
                }
                int port = vcpu.ioPort();
                applyPendingRefire();
                if (port == GuestCode.P_IDLE) {
                    idle++;
                    pollResample();
                    quiet = !deviceAsserted && !refirePending && pinQuiet() ? quiet + 1 : 0;
                    if (quiet >= QUIET_POLLS) {
                        return;
                    }
                    if (System.nanoTime() - start > ROUND_TIMEOUT_NS) {
                        throw new KvmException("device event " + round + " not served within "
                                + ROUND_TIMEOUT_NS / 1_000_000_000L + " s (interrupts taken " + irq + ")", 0);
                    }
                    continue;
                }
                markers++;
                if (port == GuestCode.P_UNEXPECTED) {
                    throw new KvmException("guest took an unexpected vector", 0);
                }
                String step = stepName(port);
                if (port == GuestCode.P_ENTRY) {
                    irq++;
                    if (!deviceAsserted) {
                        spurious++;
                        note += (note.isEmpty() ? "" : "; ") + "spurious: device has nothing";
                    }
                }
                long r = pollResample();
                if (port == GuestCode.P_DONE && roundTrip[round - 1] == 0) {
                    roundTrip[round - 1] = System.nanoTime() - assertedAt;
                }
                if (port == GuestCode.P_THREAD && deviceAsserted) {
                    deviceAsserted = false;
                    note += (note.isEmpty() ? "" : "; ") + "device serviced";
                }
                record(step, r);
            }
        }

        private boolean pinQuiet() {
            IoapicState io = vm.ioapic();
            long e = io.entry(s.pin());
            byte[] l = vcpu.lapic();
            return !io.irr(s.pin()) && (e & (1L << 14)) == 0 && !bit(l, 0x100) && !bit(l, 0x200);
        }

        private void record(String step, long r) {
            IoapicState io = vm.ioapic();
            long e = io.entry(s.pin());
            byte[] l = vcpu.lapic();
            steps.add(new LiveStep(round, irq, step, r, io.irr(s.pin()), (e & (1L << 14)) != 0, (e & (1L << 16)) != 0,
                    bit(l, 0x100), bit(l, 0x200), note));
            note = "";
        }

        private boolean bit(byte[] regs, int base) {
            int v = s.vector();
            int off = base + 0x10 * (v / 32);
            int w = (regs[off] & 0xff) | (regs[off + 1] & 0xff) << 8 | (regs[off + 2] & 0xff) << 16 | (regs[off + 3] & 0xff) << 24;
            return (w & (1 << (v % 32))) != 0;
        }
    }

    static String stepName(int port) {
        switch (port) {
            case GuestCode.P_ENTRY: return "entry";
            case GuestCode.P_MASKED: return "masked";
            case GuestCode.P_EOI: return "eoi";
            case GuestCode.P_THREAD: return "thread";
            case GuestCode.P_UNMASKED: return "unmasked";
            case GuestCode.P_DONE: return "done";
            default: return "port 0x" + Integer.toHexString(port);
        }
    }

    /** A 32-bit interrupt gate, selector 0x08, DPL 0. */
    private static void gate(Pointer ram, int vector, int handler) {
        long base = IDT + 8L * vector;
        ram.setShort(base, (short) handler);
        ram.setShort(base + 2, (short) 0x08);
        ram.setShort(base + 4, (short) 0x8e00);
        ram.setShort(base + 6, (short) (handler >>> 16));
    }

    /** Flat 32-bit protected mode, no paging: CS 0x08, data 0x10, GDT and IDT as written above. */
    private static void protectedMode(KvmVcpu vcpu) {
        Memory sr = vcpu.sregs();
        for (int i = 0; i < 6; i++) {
            long o = 24L * i;
            sr.setLong(o, 0);
            sr.setInt(o + 8, 0xffff_ffff);
            sr.setShort(o + 12, (short) (i == 0 ? 0x08 : 0x10));
            sr.setByte(o + 14, (byte) (i == 0 ? 0xb : 0x3));
            sr.setByte(o + 15, (byte) 1);   // present
            sr.setByte(o + 16, (byte) 0);   // dpl
            sr.setByte(o + 17, (byte) 1);   // db: 32-bit
            sr.setByte(o + 18, (byte) 1);   // s: code/data
            sr.setByte(o + 19, (byte) 0);   // l
            sr.setByte(o + 20, (byte) 1);   // g: 4 KiB granularity
            sr.setByte(o + 21, (byte) 0);
            sr.setByte(o + 22, (byte) 0);   // usable
        }
        sr.setLong(0xc0, GDT);
        sr.setShort(0xc8, (short) 23);
        sr.setLong(0xd0, IDT);
        sr.setShort(0xd8, (short) (256 * 8 - 1));
        sr.setLong(0xe0, 0x31);             // CR0 = PE | ET | NE
        vcpu.setSregs(sr);
    }

    private static void putWord(byte[] regs, int off, int v) {
        regs[off] = (byte) v;
        regs[off + 1] = (byte) (v >>> 8);
        regs[off + 2] = (byte) (v >>> 16);
        regs[off + 3] = (byte) (v >>> 24);
    }
}
