package dev.irqlab.ioapic;

import static dev.irqlab.ioapic.IoApicTrace.bit;
import static dev.irqlab.ioapic.RedirectionEntry.level;
import static dev.irqlab.ioapic.RedirectionEntry.masked;
import static dev.irqlab.ioapic.RedirectionEntry.remoteIrr;

import com.google.inject.Inject;
import dev.irqlab.api.controller.AckNotifier;
import dev.irqlab.api.controller.ExitSink;
import dev.irqlab.api.controller.IrqNotifiers;
import dev.irqlab.api.controller.MaskNotifier;
import dev.irqlab.api.controller.ResamplerHook;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.sim.Work;

/**
 * KVM's in-kernel IO-APIC (arch/x86/kvm/ioapic.c) with the guest's virtual local APICs
 * (arch/x86/kvm/lapic.c), as the guest's Linux drives it through {@code ioapic_chip}
 * ({@link LinuxIoApicChip}) over trapped MMIO.
 *
 * <p>State as {@code struct kvm_ioapic}: {@code redirtbl[24]}, {@code ioregsel}, {@code id},
 * {@code irr} (pending bits: for level pins the OR-ed line level), {@code irr_delivered},
 * {@code irq_states[pin]} (one bit per irq source, {@code __kvm_irq_line_state}),
 * {@code irq_eoi[pin]} (successive-EOI counter) and the delayed work {@code eoi_inject}.
 * Version register 0x11 ({@code IOAPIC_VERSION_ID}): there is no EOI register, so a guest Linux
 * clears Remote IRR by the edge-flip rewrite when it needs to. The virtual local APICs do not
 * advertise directed EOI with the in-kernel IO-APIC (lapic.c {@code kvm_apic_set_version} only sets
 * {@code APIC_LVR_DIRECTED_EOI} when the IO-APIC is in userspace), so SPIV bit 12 is not writable.
 *
 * <p>Fixes (scenario {@code fix:} names):
 * <ul>
 *   <li>{@code resample-on-unmask} (commit fef8f2b90edb, Linux 6.3): in {@code ioapic_write_indirect},
 *       an entry write that leaves a level pin unmasked with {@code irr} set and Remote IRR clear asks
 *       the {@link ResamplerHook}; if a resampler exists the stale {@code irr} bit is dropped, else the
 *       pin is serviced as before. Without the fix (Linux 6.2) any write to a level entry with
 *       {@code irr} set calls {@code ioapic_service}.</li>
 *   <li>{@code ioapic-ack-pending} (the thread's first RFC, never merged): an EOI of a masked pin
 *       records the pin in {@code ack_pending} instead of calling the ack notifiers; the guest's
 *       unmask of that pin calls them (after the mask notifiers, before the re-service check).</li>
 * </ul>
 *
 * <p>Rules beyond the fixes (Linux 6.17 unless noted; each pinned by a test naming the function):
 * <ul>
 *   <li>reset ({@code kvm_ioapic_reset} on a zeroed {@code kvm_ioapic}): every entry is only masked
 *       (vector 0, edge, physical destination 0);</li>
 *   <li>{@code ioapic_service} sets Remote IRR of a level entry when delivery answers non-zero: an
 *       entry whose destination reaches no vCPU (the fast path answers 0) or only refusing local
 *       APICs leaves it clear, so a later retarget ({@code ioapic_write_indirect}: level with irr set)
 *       services the pin again; NMI, SMI, INIT and start-up deliveries answer 1 and set it (no EOI
 *       ever clears it then, only an edge rewrite); delivery is {@link KvmApicDelivery};</li>
 *   <li>EOI interception per vCPU: {@code kvm_ioapic_scan_entry} puts a vector into a vCPU's
 *       {@code ioapic_handled_vectors} (the EOI-exit bitmap with APICv) when an entry holding it is
 *       level, has an ack notifier or is the RTC pin, and its destination matches the vCPU
 *       ({@code kvm_apic_match_dest}) or the vector is pending in the vCPU's IRR/ISR
 *       ({@code kvm_apic_pending_eoi}). Scans run on the {@code KVM_REQ_SCAN_IOAPIC} requests:
 *       after an entry write for the old and new destination of a fixed entry (the old ID read in
 *       the new destination mode, as {@code ioapic_write_indirect} does), for every vCPU otherwise,
 *       and for every vCPU when the ack-notifier list changes. An EOI of a vector outside the bitmap
 *       neither exits (with APICv) nor reaches {@code kvm_ioapic_update_eoi};</li>
 *   <li>without APICv every LAPIC EOI write and the TMR read of {@code ioapic_ack_level} (x2APIC
 *       RDMSR, {@link ExitCause#SYSREG}) exit;</li>
 *   <li>{@code kvm_ioapic_update_eoi_one}'s {@code ASSERT(trig_mode == IOAPIC_LEVEL_TRIG)} compiles
 *       only with {@code DEBUG}: a level EOI of an entry rewritten as edge proceeds (Remote IRR
 *       cleared, irr re-serviced) as in a production kernel;</li>
 *   <li>the storm-throttled re-injection waits {@code HZ / 100} jiffies of the host kernel (integer
 *       division: 8 ms at HZ=250, 10 ms at 100, 300 or 1000).</li>
 * </ul>
 *
 * <p>Not modelled: the RTC (GSI 8) coalescing for {@code line_status}, AVIC's lazy EOI update,
 * irq-remapping, migration ({@code kvm_get/set_ioapic}), x2APIC destinations (more than 255 vCPUs).
 */
public final class KvmIoApic extends ApicController implements VirtualInterruptController {

    /** {@code KVM_IOAPIC_NUM_PINS}. */
    public static final int PINS = 24;
    /** {@code IOAPIC_VERSION_ID}. */
    public static final int VERSION = 0x11;
    /** {@code IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT}. */
    public static final int SUCCESSIVE_IRQ_MAX_COUNT = 10_000;
    /** {@code RTC_GSI}: always in the EOI-exit bitmap ({@code kvm_ioapic_scan_entry}). */
    static final int RTC_GSI = 8;

    private final ExitSink exits;
    private final boolean resampleOnUnmask;
    private final boolean ackPendingFix;
    private final boolean apicv;
    private final long eoiInjectDelayNs;
    /** {@code kvm_pvm}: KVM writes the LAPIC EOI itself while delivering the interrupt. */
    private final boolean eoiAtDelivery;
    private final KvmApicDelivery delivery;
    private final HandledVectors handledVectors;
    private final IoApicTrace trace;
    /** {@code redirtbl}, {@code ioregsel}, {@code id}. */
    private final RedirectionTable redirtbl;
    private final long[] irqStates = new long[PINS];
    private final int[] irqEoi = new int[PINS];
    /** kvm_arch_post_irq_ack_notifier_list_update → kvm_make_scan_ioapic_request on every (un)registration. */
    private final IrqNotifiers notifiers = new IrqNotifiers(this::ackListChanged);
    private final Work eoiInject;
    private ResamplerHook resampler = ResamplerHook.NONE;
    /** Whether the entries {@link #scan} takes must be gathered again whatever {@link #routesLayout} says. */
    private boolean routesStale = true;
    /** {@link RedirectionTable#layoutChanges} when {@link #scan} last gathered its entries. */
    private long routesLayout;
    private int irr;
    @SuppressWarnings("UnusedVariable") // struct kvm_ioapic.irr_delivered: kept in step, no modelled rule reads it yet
    private int irrDelivered;
    /** {@code ioapic-ack-pending}: pins EOIed while masked whose ack notifiers wait for the unmask. */
    private int ackPending;

    /**
     * @param resampleOnUnmask  fef8f2b90edb behaviour (Linux 6.3+)
     * @param ackPendingFix     the RFC's {@code ack_pending} postponement
     * @param apicv             APICv/AVIC: only EOIs of vectors in the EOI-exit bitmap exit (else every EOI exits)
     * @param eoiInjectDelayNs  {@code HZ / 100} jiffies of the host: delay of the storm-throttled re-injection
     * @param vectorHashing     kvm.ko {@code vector_hashing} (lowest-priority target by vector)
     */
    public KvmIoApic(Sim sim, String name, int vcpus, ExitSink exits, boolean resampleOnUnmask, boolean ackPendingFix,
                     boolean apicv, long eoiInjectDelayNs, boolean vectorHashing) {
        this(sim, name, vcpus, exits, resampleOnUnmask, ackPendingFix, apicv, eoiInjectDelayNs, vectorHashing, false);
    }

    /**
     * @param eoiAtDelivery the {@code kvm_pvm} delivery variant: for a guest that is not PVM-aware,
     *                      {@code pvm_deliver_pending_event} writes APIC_EOI while delivering the
     *                      interrupt ({@code kvm_lapic_reg_write -> apic_set_eoi -> kvm_ioapic_update_eoi
     *                      -> kvm_notify_acked_irq}), so Remote IRR clears and the ack notifiers (the irqfd
     *                      resampler) run before the guest handler's first instruction; the guest's own
     *                      EOI later finds nothing in service (kernel 6.18.44, shared/tools/kvm-probe --trace)
     */
    public KvmIoApic(Sim sim, String name, int vcpus, ExitSink exits, boolean resampleOnUnmask, boolean ackPendingFix,
                     boolean apicv, long eoiInjectDelayNs, boolean vectorHashing, boolean eoiAtDelivery) {
        this(new LinuxIoApicChip.Factory(), sim, name, vcpus, exits, new KvmIoApicSpec(resampleOnUnmask, ackPendingFix,
                apicv, eoiInjectDelayNs, vectorHashing, eoiAtDelivery, true));
    }

    /** Makes KVM's IO-APIC with a run's values; the plugin's Guice module supplies the guest's driver. */
    static final class Factory {
        private final LinuxIoApicChip.Factory guestDriver;

        @Inject
        Factory(LinuxIoApicChip.Factory guestDriver) {
            this.guestDriver = guestDriver;
        }

        KvmIoApic create(Sim sim, String name, int vcpus, ExitSink exits, KvmIoApicSpec spec) {
            return new KvmIoApic(guestDriver, sim, name, vcpus, exits, spec);
        }
    }

    KvmIoApic(LinuxIoApicChip.Factory guestDriver, Sim sim, String name, int vcpus, ExitSink exits,
              KvmIoApicSpec spec) {
        super(name, new ApicBus(vcpus, false));
        this.eoiAtDelivery = spec.eoiAtDelivery();
        this.exits = exits;
        this.resampleOnUnmask = spec.resampleOnUnmask();
        this.ackPendingFix = spec.ackPendingFix();
        this.apicv = spec.apicv();
        this.eoiInjectDelayNs = spec.eoiInjectDelayNs();
        this.trace = new IoApicTrace(sim, name);
        this.delivery = new KvmApicDelivery(apics, spec.vectorHashing(), trace);
        this.handledVectors = new HandledVectors(apics, vcpus, spec.rescanStaleEoi());
        this.redirtbl = new RedirectionTable(PINS, VERSION, apics, trace, pin -> RedirectionEntry.MASKED, this::entryWritten);
        this.eoiInject = sim.work(name + " eoi_inject", eoiInjectDelayNs, this::eoiInjectWork);
        attach(new IoApicRegisters(apics, true, new GuestWindow()),
                guestDriver.create(new KvmGuestAccess(new GuestWindow(), redirtbl, apics, exits, apicv)));
    }

    // ---------------------------------------------------------------- InterruptController

    /** Interrupt injection + the guest's vector lookup ({@code common_interrupt}). */
    @Override
    public int acknowledge(int cpu) {
        int vector = apics.apic(cpu).acknowledge();
        if (vector < 0) {
            return SPURIOUS;
        }
        if (eoiAtDelivery) {
            trace.message("kvm.pvm_eoi_at_delivery", "vcpu " + cpu + ": KVM writes APIC_EOI for vector 0x"
                    + Integer.toHexString(vector) + " while delivering it (pvm_deliver_pending_event)");
            lapicEoi(cpu);
        }
        int pin = redirtbl.acknowledged(cpu, vector);
        if (pin >= 0) {
            return pin;
        }
        // As PhysicalIoApic.acknowledge, but the guest's apic_eoi() is a trapped EOI write (guestLapicEoi).
        trace.message("ioapic.no_irq_for_vector", "vcpu " + cpu + ": no irq handler for vector 0x" + Integer.toHexString(vector));
        guestLapicEoi(cpu);
        return SPURIOUS;
    }

    @Override
    public IoApicPinState state(int hwirq) {
        checkPin(hwirq);
        return new IoApicPinState(hwirq, redirtbl.entry(hwirq), irqStates[hwirq] != 0, (irr & (1 << hwirq)) != 0);
    }

    // ---------------------------------------------------------------- VirtualInterruptController

    @Override
    public int pins() {
        return PINS;
    }

    @Override
    public int hwirqForPin(int pin) {
        checkPin(pin);
        return pin;
    }

    /** ioapic.c {@code kvm_ioapic_set_irq}: per-source line state OR-ed, then {@code ioapic_set_irq}. */
    @Override
    public int setIrq(int pin, int sourceId, boolean level) {
        checkPin(pin);
        if (sourceId < 0 || sourceId >= Long.SIZE) {
            throw new IllegalArgumentException("irq source id must be 0.." + (Long.SIZE - 1) + ", got " + sourceId);
        }
        boolean before = irqStates[pin] != 0;
        irqStates[pin] = level ? irqStates[pin] | (1L << sourceId) : irqStates[pin] & ~(1L << sourceId);
        boolean lineLevel = irqStates[pin] != 0;
        if (before != lineLevel && trace.detail()) {
            trace.emit(pin, IoApicTrace.LINE, bit(before), bit(lineLevel), IoApicTrace.kvmSetIrqCause(sourceId));
        }
        return ioapicSetIrq(pin, lineLevel);
    }

    /** x86 IO-APIC pins are not atomic-capable ({@code kvm_arch_set_irq_inatomic} → -EWOULDBLOCK): irqfd injects from a work item. */
    @Override
    public boolean injectsInAtomicContext() {
        return false;
    }

    @Override
    public void addAckNotifier(int pin, AckNotifier notifier) {
        checkPin(pin);
        notifiers.addAckNotifier(pin, notifier);
    }

    @Override
    public IrqNotifiers notifiers() {
        return notifiers;
    }

    @Override
    public boolean hasMaskNotifiers() {
        return true;
    }

    @Override
    public void addMaskNotifier(int pin, MaskNotifier notifier) {
        checkPin(pin);
        notifiers.addMaskNotifier(pin, notifier);
    }

    @Override
    public boolean isMasked(int pin) {
        checkPin(pin);
        return masked(redirtbl.bits(pin));
    }

    @Override
    public void setResamplerHook(ResamplerHook hook) {
        this.resampler = hook == null ? ResamplerHook.NONE : hook;
    }

    // ---------------------------------------------------------------- extras for tests and the hypervisor

    /** {@code irq_eoi[pin]}: successive EOIs that re-injected the pin. */
    public int successiveEois(int pin) {
        checkPin(pin);
        return irqEoi[pin];
    }

    /** Whether the pin's ack notifiers wait for an unmask ({@code ioapic-ack-pending}). */
    public boolean ackPending(int pin) {
        checkPin(pin);
        return (ackPending & (1 << pin)) != 0;
    }

    public boolean resampleOnUnmask() {
        return resampleOnUnmask;
    }

    public boolean ackPendingFix() {
        return ackPendingFix;
    }

    public long eoiInjectDelayNs() {
        return eoiInjectDelayNs;
    }

    public boolean vectorHashing() {
        return delivery.vectorHashing();
    }

    /** Whether {@code vector} is in the vCPU's {@code ioapic_handled_vectors} (its EOI-exit bitmap with APICv). */
    public boolean handlesVector(int vcpu, int vector) {
        return handledVectors.contains(vcpu, vector);
    }

    public boolean eoiAtDelivery() {
        return eoiAtDelivery;
    }

    // ---------------------------------------------------------------- KVM_GET_IRQCHIP / KVM_SET_IRQCHIP

    /** ioapic.c {@code kvm_get_ioapic}: the {@code irr} the VMM reads, without edge pins already delivered. */
    public int irrAsRead() {
        return irr & ~irrDelivered;
    }

    /**
     * ioapic.c {@code kvm_set_ioapic} (the VMM's {@code KVM_SET_IRQCHIP}): the table is copied as given
     * (Remote IRR included), {@code irr} and {@code irr_delivered} are cleared, then every pin set in
     * {@code irr} is raised again through {@code ioapic_set_irq} ({@code kvm_ioapic_inject_all}), which
     * services it like a new assertion. No mask notifier fires and the irq sources' line states stay.
     * {@code kvm_make_scan_ioapic_request} makes every vCPU rebuild its {@code ioapic_handled_vectors}
     * at its next entry; the model rebuilds them at once, after the re-injection.
     */
    public void setIoapicState(long[] entries, int irrBits) {
        if (entries.length != PINS) {
            throw new IllegalArgumentException("KVM IO-APIC state has " + PINS + " entries, got " + entries.length);
        }
        for (int pin = 0; pin < PINS; pin++) {
            redirtbl.load(pin, new RedirectionEntry(entries[pin]), "KVM_SET_IRQCHIP");
        }
        for (int pin = 0; pin < PINS; pin++) {
            setIrr(pin, false, "KVM_SET_IRQCHIP");
        }
        irrDelivered = 0;
        for (int pin = 0; pin < PINS; pin++) {
            if ((irrBits & (1 << pin)) != 0) {
                ioapicSetIrq(pin, true);
            }
        }
        scanAll();
    }

    // ---------------------------------------------------------------- ioapic.c

    /** ioapic.c {@code ioapic_set_irq} (RTC coalescing not modelled). */
    private int ioapicSetIrq(int pin, boolean level) {
        int mask = 1 << pin;
        boolean edge = !level(redirtbl.bits(pin));
        if (!level) {
            setIrr(pin, false, "line low");
            return 1;
        }
        int oldIrr = irr;
        setIrr(pin, true, "line high");
        if (edge) {
            irrDelivered &= ~mask;
            if (oldIrr == irr) {
                return 0; // coalesced: an earlier edge is still pending (not delivered due to masking)
            }
        }
        return ioapicService(pin);
    }

    /** ioapic.c {@code ioapic_service}. */
    private int ioapicService(int pin) {
        long e = redirtbl.bits(pin);
        if (masked(e) || (level(e) && remoteIrr(e))) {
            return -1;
        }
        if (!level(e)) {
            irrDelivered |= 1 << pin;
        }
        int ret = delivery.deliver(pin, e);
        // "if (ret && irqe.trig_mode == IOAPIC_LEVEL_TRIG)": 0 (no vCPU reached, or all refused) leaves it clear
        if (ret != 0 && level(e)) {
            redirtbl.setRemoteIrr(pin, true, "ioapic_service");
        }
        return ret;
    }

    /** ioapic.c {@code kvm_ioapic_update_eoi}: every pin whose entry holds the vector. */
    private void updateEoi(int cpu, int vector, boolean levelTrigger) {
        for (int pin = redirtbl.nextPinWithVector(vector, 0); pin >= 0; pin = redirtbl.nextPinWithVector(vector, pin + 1)) {
            updateEoiOne(cpu, levelTrigger, pin);
        }
    }

    /**
     * ioapic.c {@code kvm_ioapic_update_eoi_one}: ack notifiers FIRST (mask bit not consulted), then,
     * for a level EOI without directed EOI (whatever the entry's own trigger mode), clear Remote IRR and re-service if unmasked with
     * {@code irr} set, throttled after {@link #SUCCESSIVE_IRQ_MAX_COUNT} successive re-injections.
     */
    private void updateEoiOne(int cpu, boolean levelTrigger, int pin) {
        if (ackPendingFix && masked(redirtbl.bits(pin))) {
            if ((ackPending & (1 << pin)) == 0) {
                ackPending |= 1 << pin;
                trace.emit(pin, IoApicTrace.ACK_PENDING, "0", "1", "EOI while masked");
            }
        } else {
            notifyAcked(pin);
        }
        if (!levelTrigger || apics.apic(cpu).directedEoi()) {
            return;
        }
        // ASSERT(ent->fields.trig_mode == IOAPIC_LEVEL_TRIG) is empty without DEBUG (ioapic.h): a level EOI
        // (TMR set at acceptance) for an entry now edge, or for an edge pin sharing the vector, goes on and
        // re-services the pin when it is unmasked with irr set (checked against kernel 6.18 by kvm-live's oracle).
        redirtbl.setRemoteIrr(pin, false, "EOI");
        if (!masked(redirtbl.bits(pin)) && (irr & (1 << pin)) != 0) {
            if (++irqEoi[pin] == SUCCESSIVE_IRQ_MAX_COUNT) {
                eoiInject.schedule(eoiInjectDelayNs);
                irqEoi[pin] = 0;
                trace.message("kvm.ioapic_delayed_eoi_inj", "pin " + pin + ": " + SUCCESSIVE_IRQ_MAX_COUNT
                        + " successive EOIs, re-injection delayed");
            } else {
                ioapicService(pin);
            }
        } else {
            irqEoi[pin] = 0;
        }
    }

    /** ioapic.c {@code kvm_ioapic_eoi_inject_work}. */
    private void eoiInjectWork() {
        for (int pin = 0; pin < PINS; pin++) {
            long e = redirtbl.bits(pin);
            if (level(e) && (irr & (1 << pin)) != 0 && !remoteIrr(e)) {
                ioapicService(pin);
            }
        }
    }

    /** virt/kvm/eventfd.c {@code kvm_notify_acked_irq} for the IO-APIC chip. */
    private void notifyAcked(int pin) {
        notifiers.notifyAcked(pin);
    }

    /**
     * ioapic.c {@code ioapic_write_indirect}, after the rules {@link RedirectionTable} shares with the
     * physical IO-APIC (Remote IRR cleared on an edge write, the mask change traced).
     */
    private void entryWritten(int pin, long before) {
        boolean maskChanged = masked(before) != masked(redirtbl.bits(pin));
        if (maskChanged) {
            notifiers.fireMaskNotifiers(pin, masked(redirtbl.bits(pin)));
            // the RFC: inside "if (mask_before != mask_after)", on the unmask only
            if (ackPendingFix && !masked(redirtbl.bits(pin)) && (ackPending & (1 << pin)) != 0) {
                ackPending &= ~(1 << pin);
                trace.emit(pin, IoApicTrace.ACK_PENDING, "1", "0", "unmask");
                notifyAcked(pin);
            }
        }
        long now = redirtbl.bits(pin);
        boolean pending = (irr & (1 << pin)) != 0;
        if (resampleOnUnmask) {
            if (level(now) && pending && !masked(now) && !remoteIrr(now)) {
                if (resampler.notifyResampler(pin)) {
                    setIrr(pin, false, "resample on unmask");
                } else {
                    ioapicService(pin);
                }
            }
        } else if (level(now) && pending) {
            ioapicService(pin);
        }
        requestScan(before, redirtbl.bits(pin));
    }

    /**
     * ioapic.c {@code ioapic_write_indirect}'s scan request: for a fixed entry
     * {@code kvm_make_scan_ioapic_request_mask} over the vCPUs of the new destination and, when the
     * destination changed, of the old destination ID read in the new mode; else every vCPU.
     */
    private void requestScan(long before, long now) {
        if (RedirectionEntry.deliveryMode(now) != RedirectionEntry.DELIVERY_FIXED) {
            scanAll();
            return;
        }
        long old = RedirectionEntry.withDestinationOf(now, before);
        boolean destChanged = RedirectionEntry.destination(before) != RedirectionEntry.destination(now)
                || RedirectionEntry.logicalDestination(before) != RedirectionEntry.logicalDestination(now);
        for (int cpu = 0; cpu < apics.cpus(); cpu++) {
            if (apics.matches(cpu, now) || (destChanged && apics.matches(cpu, old))) {
                scan(cpu);
            }
        }
    }

    private void scanAll() {
        for (int cpu = 0; cpu < apics.cpus(); cpu++) {
            scan(cpu);
        }
    }

    /**
     * x86.c {@code vcpu_scan_ioapic} → ioapic.c {@code kvm_ioapic_scan_entry}: every entry that is
     * level, has an ack notifier or is the RTC pin, through {@code kvm_scan_ioapic_irq}. Which entries
     * those are, with their vectors and destinations, is gathered again only after an entry changed
     * more than its mask and Remote IRR, or the ack-notifier list changed; the scan itself
     * ({@link HandledVectors#scan}) reads the vCPU's IRR and ISR each time, as the kernel's does.
     */
    private void scan(int cpu) {
        if (routesStale || routesLayout != redirtbl.layoutChanges()) {
            handledVectors.clearRoutes();
            for (int pin = 0; pin < PINS; pin++) {
                long e = redirtbl.bits(pin);
                if (level(e) || hasAckNotifier(pin) || pin == RTC_GSI) {
                    handledVectors.addRoute(e);
                }
            }
            routesLayout = redirtbl.layoutChanges();
            routesStale = false;
        }
        handledVectors.scan(cpu);
    }

    /** kvm_arch_post_irq_ack_notifier_list_update → kvm_make_scan_ioapic_request: the scanned entries may differ. */
    private void ackListChanged() {
        routesStale = true;
        scanAll();
    }

    // ---------------------------------------------------------------- lapic.c EOI path

    /**
     * lapic.c {@code apic_set_eoi} + {@code kvm_ioapic_send_eoi}: retire the highest ISR vector; if the
     * IO-APIC handles that vector (EOI-exit bitmap: {@code kvm_ioapic_scan_entry}) call
     * {@code kvm_ioapic_update_eoi} with the trigger mode from TMR. With APICv only such EOIs exit;
     * without it every EOI write exits.
     */
    private void guestLapicEoi(int cpu) {
        int vector = apics.apic(cpu).highestInService();
        boolean handled = vector >= 0 && handlesVector(cpu, vector); // kvm_ioapic_handles_vector
        if (!apicv || handled) {
            exits.exit(ExitCause.APIC_EOI, vector >= 0 ? IoApicTrace.vector(vector) : "no vector in service");
        }
        lapicEoi(cpu);
    }

    /** lapic.c {@code apic_set_eoi}: the EOI itself, written by the guest or (kvm_pvm) by KVM at delivery. */
    private void lapicEoi(int cpu) {
        LocalApic apic = apics.apic(cpu);
        int vector = apic.highestInService();
        boolean handled = vector >= 0 && handlesVector(cpu, vector);
        LocalApic.Eoi eoi = apic.eoi();
        if (eoi.none() || !handled) {
            return;
        }
        // kvm_ioapic_send_eoi (6.15+): KVM_REQ_SCAN_IOAPIC for the stale vector's EOI, served at the next entry
        boolean rescan = handledVectors.staleEoi(cpu, eoi.vector());
        updateEoi(cpu, eoi.vector(), eoi.level());
        if (rescan) {
            scan(cpu);
        }
    }

    private boolean hasAckNotifier(int pin) {
        return notifiers.ackNotifierCount(pin) > 0;
    }

    // ---------------------------------------------------------------- state changes

    private void setIrr(int pin, boolean value, String cause) {
        int mask = 1 << pin;
        boolean old = (irr & mask) != 0;
        irr = value ? irr | mask : irr & ~mask;
        if (old != value) {
            trace.emit(pin, IoApicTrace.IRR, bit(old), bit(value), cause);
        }
    }

    private void checkPin(int pin) {
        if (pin < 0 || pin >= PINS) {
            throw new IllegalArgumentException("KVM IO-APIC has no pin " + pin + "; pins are 0.." + (PINS - 1));
        }
    }

    // ---------------------------------------------------------------- guest accesses

    /** The guest's MMIO and local-APIC accesses, each reporting the exit KVM takes. */
    private final class GuestWindow implements IoApicRegisters.Window {
        @Override
        public int readIoregsel(int cpu) {
            exits.exit(ExitCause.MMIO, "IOREGSEL");
            return redirtbl.ioregsel();
        }

        @Override
        public void writeIoregsel(int cpu, int value) {
            exits.exit(ExitCause.MMIO, "IOREGSEL");
            redirtbl.select(value); // "8-bit register"
        }

        @Override
        public int readIowin(int cpu) {
            exits.exit(ExitCause.MMIO, "IOWIN");
            return redirtbl.read(); // ioapic.c ioapic_read_indirect
        }

        @Override
        public void writeIowin(int cpu, int value) {
            exits.exit(ExitCause.MMIO, "IOWIN");
            redirtbl.write(value); // ioapic.c ioapic_write_indirect: a write to no register is ignored
        }

        /** KVM's IO-APIC (version 0x11) has no EOI register: {@code ioapic_mmio_write} ignores offset 0x40. */
        @Override
        public void writeIoeoi(int cpu, int value) {
            exits.exit(ExitCause.MMIO, "IOEOI");
            trace.message("kvm.ioapic_no_eoi_register", "write to offset 0x40 ignored: KVM IO-APIC version 0x11 has no EOI register");
        }

        @Override
        public void writeLapicEoi(int cpu) {
            guestLapicEoi(cpu);
        }

        @Override
        public void writeSpiv(int cpu, int value) {
            if (!apics.apic(cpu).writeSpiv(value)) {
                trace.message("kvm.lapic_spiv_directed_eoi", "vcpu " + cpu
                        + ": SPIV bit 12 (directed EOI) not writable with the in-kernel IO-APIC; dropped");
            }
        }

        @Override
        public void guestError(String key, String text) {
            trace.message(key, text);
        }
    }
}
