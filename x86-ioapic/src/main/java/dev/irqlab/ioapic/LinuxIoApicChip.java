package dev.irqlab.ioapic;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.controller.CpuMask;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.IrqEntryContext;
import dev.irqlab.api.controller.IrqchipState;
import dev.irqlab.api.irq.Trigger;
import java.util.Optional;
import java.util.Set;

/**
 * Linux's {@code struct irq_chip ioapic_chip} (arch/x86/kernel/apic/io_apic.c) with its per-irq
 * {@code struct mp_chip_data} (the cached routing entry), driving an IO-APIC through
 * {@link IoApicAccess}.
 *
 * <p>Operations, as in io_apic.c:
 * <ul>
 *   <li>{@code irq_mask = mask_ioapic_irq}: {@code io_apic_modify_irq(data, true, io_apic_sync)} —
 *       rewrite only the <em>low</em> dword of the cached entry (IOREGSEL + IOWIN write), then the
 *       {@code io_apic_sync} dummy read of IOWIN. Three MMIO accesses.</li>
 *   <li>{@code irq_unmask = unmask_ioapic_irq}: the low dword write only. Two MMIO accesses.</li>
 *   <li>{@code irq_eoi = ioapic_ack_level}: read the TMR word of the vector, {@code apic_eoi()}, and if
 *       the TMR bit was clear (a level interrupt seen as edge: 82093AA erratum / IPI-forwarded irq)
 *       {@code eoi_ioapic_pin}: EOI register write for version &ge; 0x20, otherwise the
 *       mask+edge / restore rewrite ({@code __eoi_ioapic_pin}).</li>
 *   <li>{@code irq_ack = irq_chip_ack_parent} → vector domain {@code apic_ack_edge} → {@code apic_eoi()}
 *       (used by {@code handle_edge_irq}).</li>
 *   <li>{@code irq_retrigger = irq_chip_retrigger_hierarchy} → {@code apic_retrigger_irq}: an IPI
 *       carrying the vector to the target CPU.</li>
 *   <li>{@code irq_get_irqchip_state = ioapic_irq_get_chip_state}: only ACTIVE (Remote IRR of a level
 *       entry), read with {@code __ioapic_read_entry} (both dwords).</li>
 *   <li>No {@code irq_disable}: {@code disable_irq} is lazy on IO-APIC pins. No {@code irq_mask_ack}.
 *       No {@code irq_set_type} either: trigger and polarity are fixed when the irq is allocated
 *       ({@code mp_irqdomain_alloc} → {@code mp_preconfigure_entry}, {@code mp_register_handler}),
 *       without touching the IO-APIC; {@link #setType} models that allocation.</li>
 *   <li>{@code request_irq} programs the entry three times: {@code irq_activate} →
 *       {@code mp_irqdomain_activate} → {@code ioapic_configure_entry} ({@link #activate}: the
 *       vector domain's vector and destination into the cached entry, then {@code __ioapic_write_entry}:
 *       high dword, then low — 4 accesses); {@code irq_startup} → {@code irq_setup_affinity} before
 *       {@code __irq_startup} ({@code IRQCHIP_AFFINITY_PRE_STARTUP}) → {@code ioapic_set_affinity}
 *       ({@link #setAffinity}: the parent's {@code apic_set_affinity} keeps the vector, which
 *       returns {@code IRQ_SET_MASK_OK}, so {@code ioapic_configure_entry} writes the entry again — 4
 *       accesses); then {@code irq_enable} → {@code unmask_ioapic_irq} (2 accesses).</li>
 *   <li>flags {@code IRQCHIP_SKIP_SET_WAKE}, {@code IRQCHIP_AFFINITY_PRE_STARTUP} (plus
 *       MOVE_DEFERRED, which the SPI does not name).</li>
 * </ul>
 *
 * <p>Deviation: the vector domain's choice is fixed — vector {@code 0x30 + pin} on CPU 0 (APIC ID 0,
 * physical destination, fixed delivery) — instead of {@code irq_matrix_alloc}'s least-loaded CPU and
 * lowest free vector.
 */
final class LinuxIoApicChip implements IrqChip {

    /** {@code ioapic_chip.flags} (immutable; the interrupt core asks on every flow). */
    private static final Set<ChipFlag> FLAGS = Set.of(ChipFlag.SKIP_SET_WAKE, ChipFlag.AFFINITY_PRE_STARTUP);

    private final IoApicAccess hw;
    /** {@code mp_chip_data.entry} per pin, the raw 64 bits. */
    private final long[] cached;

    /** Makes Linux's {@code ioapic_chip} over one IO-APIC's register access (the host's or KVM's). */
    static final class Factory {
        LinuxIoApicChip create(IoApicAccess hw) {
            return new LinuxIoApicChip(hw);
        }
    }

    LinuxIoApicChip(IoApicAccess hw) {
        this.hw = hw;
        this.cached = new long[hw.pins()];
        for (int pin = 0; pin < cached.length; pin++) {
            cached[pin] = RedirectionEntry.MASKED.bits(); // mp_preconfigure_entry starts from a zeroed entry
        }
    }

    @Override
    public String name() {
        return "IO-APIC";
    }

    /**
     * "pin N": the IO-APIC domain's hwirq is the pin (arch/x86/kernel/apic/io_apic.c
     * {@code mp_irqdomain_alloc}: {@code hwirq = info->ioapic.pin}; /proc/interrupts "IO-APIC 16-fasteoi"),
     * the number a scenario's {@code line} gives.
     */
    @Override
    public String hwirqName(int hwirq) {
        return "pin " + hwirq;
    }

    @Override
    public Set<ChipFlag> flags() {
        return FLAGS;
    }

    /**
     * arch/x86/kernel/irq.c {@code common_interrupt} → {@code call_irq_handler}: one vector per entry; a
     * vector with no irq is EOIed at the local APIC ({@code apic_eoi}) and, since 6.17 (commit
     * 69adc077da4c "x86/irq: Plug vector setup race", {@code reevaluate_vector}), prints
     * {@code "No irq handler for %d.%u"} with the CPU and the vector ({@code pr_emerg_ratelimited},
     * every time; before: {@code "%s: %d.%u No irq handler for vector"}). The vector is the one this
     * driver gives the pin ({@code FIRST_PIN_VECTOR + pin}, see the class comment).
     */
    @Override
    public void handleArchIrq(InterruptController controller, int cpu, IrqEntryContext kernel) {
        int hwirq = controller.acknowledge(cpu);
        if (hwirq == InterruptController.SPURIOUS) {
            kernel.spurious();
        } else if (!kernel.handleDomainIrq(hwirq, cpu)) {
            kernel.message("genirq.unexpected_irq", "No irq handler for " + cpu + "."
                    + (PhysicalIoApic.FIRST_PIN_VECTOR + hwirq));
            kernel.spurious();
            eoi(hwirq);
        }
    }

    /** io_apic.c {@code mp_register_handler}: level → {@code handle_fasteoi_irq}, edge → {@code handle_edge_irq}. */
    @Override
    public FlowType flowFor(int hwirq, Trigger trigger) {
        return trigger.isLevel() ? FlowType.FASTEOI : FlowType.EDGE;
    }

    /**
     * Stands for the allocation with the firmware's trigger ({@code mp_irqdomain_alloc} →
     * {@code mp_preconfigure_entry}), the one place the SPI hands the chip the type ({@code ioapic_chip}
     * has no {@code irq_set_type}; genirq calls this at the first request, before {@link #activate}): a
     * zeroed entry with trigger mode and polarity, masked if level ("Edge triggered irqs are masked by
     * the irq core code in case they fire"). Nothing is written to the IO-APIC. An IO-APIC input
     * cannot trigger on both edges: -EINVAL.
     */
    @Override
    public int setType(int hwirq, Trigger trigger) {
        checkPin(hwirq);
        if (trigger == Trigger.EDGE_BOTH) {
            return -Errno.EINVAL;
        }
        boolean level = trigger.isLevel();
        cached[hwirq] = RedirectionEntry.MASKED.withLevel(level).withActiveLow(!trigger.assertedLevel()).withMask(level)
                .bits();
        return 0;
    }

    /** io_apic.c {@code mp_irqdomain_activate} → {@code ioapic_configure_entry}. */
    @Override
    public int activate(int hwirq) {
        checkPin(hwirq);
        configureEntry(hwirq);
        return 0;
    }

    /**
     * io_apic.c {@code mp_irqdomain_deactivate} → {@code ioapic_mask_entry}: an entry with only the
     * mask bit, low dword then high (the cached entry is kept).
     */
    @Override
    public void deactivate(int hwirq) {
        checkPin(hwirq);
        int cpu = hw.cpuFor(hwirq);
        ioApicWrite(cpu, lowIndex(hwirq), RedirectionEntry.MASKED.low());
        ioApicWrite(cpu, lowIndex(hwirq) + 1, RedirectionEntry.MASKED.high());
    }

    @Override
    public boolean hasSetAffinity() {
        return true;
    }

    /**
     * io_apic.c {@code ioapic_set_affinity}: the vector domain's {@code apic_set_affinity} keeps the
     * vector (its CPU, CPU 0 here, is online and in the mask: vector.c {@code assign_vector_locked})
     * and returns {@code IRQ_SET_MASK_OK}, so {@code ioapic_configure_entry} rewrites the entry. A mask
     * without CPU 0 keeps CPU 0 too (the vector domain's move is not modelled).
     */
    @Override
    public int setAffinity(int hwirq, CpuMask mask, boolean force) {
        checkPin(hwirq);
        configureEntry(hwirq);
        return IRQ_SET_MASK_OK;
    }

    /**
     * io_apic.c {@code ioapic_configure_entry}: {@code ioapic_setup_msg_from_msi} puts the vector
     * domain's vector and destination into the cached entry (mask, trigger and polarity kept), then
     * {@code __ioapic_write_entry}.
     */
    private void configureEntry(int pin) {
        RedirectionEntry e = cachedEntry(pin).withVector(PhysicalIoApic.FIRST_PIN_VECTOR + pin).withDestination(0)
                .withLogicalDestination(false).withDeliveryMode(RedirectionEntry.DELIVERY_FIXED);
        cached[pin] = e.bits();
        writeEntry(hw.cpuFor(pin), pin, e);
    }

    @Override
    public void mask(int hwirq) {
        checkPin(hwirq);
        cached[hwirq] = RedirectionEntry.withBit(cached[hwirq], RedirectionEntry.MASK_BIT, true);
        int cpu = hw.cpuFor(hwirq);
        ioApicWrite(cpu, lowIndex(hwirq), (int) cached[hwirq]);
        hw.readIowin(cpu); // io_apic_sync: readl(&io_apic->data)
    }

    @Override
    public void unmask(int hwirq) {
        checkPin(hwirq);
        cached[hwirq] = RedirectionEntry.withBit(cached[hwirq], RedirectionEntry.MASK_BIT, false);
        ioApicWrite(hw.cpuFor(hwirq), lowIndex(hwirq), (int) cached[hwirq]);
    }

    /** io_apic.c {@code ioapic_ack_level} (no irq migration modelled). */
    @Override
    public void eoi(int hwirq) {
        checkPin(hwirq);
        int cpu = hw.cpuFor(hwirq);
        int vector = RedirectionEntry.vector(cached[hwirq]);
        int tmrWord = hw.readTmrWord(cpu, vector);
        hw.lapicEoi(cpu);
        if ((tmrWord & (1 << (vector & 0x1f))) == 0) {
            eoiIoApicPin(cpu, hwirq, vector);
        }
    }

    @Override
    public boolean hasAck() {
        return true;
    }

    /** {@code irq_chip_ack_parent} → vector.c {@code apic_ack_edge} → {@code apic_eoi()}. */
    @Override
    public void ack(int hwirq) {
        checkPin(hwirq);
        hw.lapicEoi(hw.cpuFor(hwirq));
    }

    /** {@code irq_chip_retrigger_hierarchy} → vector.c {@code apic_retrigger_irq}: IPI with the vector; returns 1. */
    @Override
    public boolean retrigger(int hwirq) {
        checkPin(hwirq);
        hw.sendIpi(hw.cpuFor(hwirq), RedirectionEntry.vector(cached[hwirq]));
        return true;
    }

    /** io_apic.c {@code ioapic_irq_get_chip_state}: ACTIVE only (Remote IRR && level); others -EINVAL. */
    @Override
    public Optional<Boolean> getIrqchipState(int hwirq, IrqchipState which) {
        checkPin(hwirq);
        if (which != IrqchipState.ACTIVE) {
            return Optional.empty();
        }
        RedirectionEntry e = readEntry(hw.cpuFor(hwirq), hwirq);
        return Optional.of(e.remoteIrr() && e.level());
    }

    /** The cached {@code mp_chip_data.entry} (what Linux believes the RTE holds). */
    RedirectionEntry cachedEntry(int pin) {
        return new RedirectionEntry(cached[pin]);
    }

    /** io_apic.c {@code __eoi_ioapic_pin}. */
    private void eoiIoApicPin(int cpu, int pin, int vector) {
        if (hw.version() >= 0x20) {
            hw.writeIoeoi(cpu, vector);
            return;
        }
        RedirectionEntry entry = readEntry(cpu, pin);
        RedirectionEntry edgeMasked = entry.withMask(true).withLevel(false);
        writeEntry(cpu, pin, edgeMasked);
        writeEntry(cpu, pin, entry);
    }

    /** {@code __ioapic_write_entry}: high dword first, then low ("the mask bit is in the low word"). */
    private void writeEntry(int cpu, int pin, RedirectionEntry e) {
        ioApicWrite(cpu, lowIndex(pin) + 1, e.high());
        ioApicWrite(cpu, lowIndex(pin), e.low());
    }

    /** {@code __ioapic_read_entry}: low dword, then high. */
    private RedirectionEntry readEntry(int cpu, int pin) {
        int low = ioApicRead(cpu, lowIndex(pin));
        int high = ioApicRead(cpu, lowIndex(pin) + 1);
        return new RedirectionEntry(0).withLow(low).withHigh(high);
    }

    private void ioApicWrite(int cpu, int index, int value) {
        hw.writeIoregsel(cpu, index);
        hw.writeIowin(cpu, value);
    }

    private int ioApicRead(int cpu, int index) {
        hw.writeIoregsel(cpu, index);
        return hw.readIowin(cpu);
    }

    private static int lowIndex(int pin) {
        return 0x10 + 2 * pin;
    }

    private void checkPin(int hwirq) {
        if (hwirq < 0 || hwirq >= cached.length) {
            throw new IllegalArgumentException("IO-APIC has no pin " + hwirq + "; pins are 0.." + (cached.length - 1));
        }
    }
}
