package dev.irqlab.qemu;

import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.sim.Work;
import dev.irqlab.vmm.core.AbstractUserspaceIoApic;

/**
 * QEMU's IO-APIC in user space under {@code -machine kernel-irqchip=split} (hw/intc/ioapic.c and
 * ioapic_common.c, QEMU 9.2/10.x; hw/i386 {@code kvm_arch_init_irq_routing}), on the raw 64-bit
 * redirection entries as QEMU keeps them ({@code s->ioredtbl}).
 *
 * <p>Rules, each as QEMU has it:
 * <ul>
 *   <li>realize and reset: 24 MSI routes on GSIs 0..23 with address and data 0
 *       ({@code kvm_arch_init_irq_routing}); every entry masked, {@code irr} 0
 *       ({@code ioapic_reset_common}); version 0x20 (property {@code version}, {@code IOAPIC_VER_DEF}).</li>
 *   <li>{@code ioapic_mem_write} of a redirection dword: the read-only bits (Remote IRR, delivery status)
 *       kept, {@code irq_eoi[pin] = 0}, Remote IRR cleared for an edge entry
 *       ({@code ioapic_fix_edge_remote_irr}), then {@code ioapic_update_kvm_routes} — a new MSI route
 *       for every <em>unmasked</em> entry; a masked entry leaves its old route in KVM — then
 *       {@code ioapic_service}. Nothing resamples on an unmask: QEMU has no counterpart of Linux 6.3's
 *       fef8f2b90edb.</li>
 *   <li>{@code ioapic_service}: for every pin with {@code irr} set and unmasked, an edge pin drops its
 *       {@code irr}, a level pin sets Remote IRR and is skipped when it was already set; then
 *       {@code kvm_set_irq(gsi, 1)} (an edge pin also 0) on the pin's MSI route.</li>
 *   <li>{@code ioapic_eoi_broadcast} ({@code KVM_EXIT_IOAPIC_EOI}, or a write to the EOI register at
 *       0x40 with version 0x20): for every level entry holding the vector, first
 *       {@code kvm_resample_fd_notify(pin)} — the resamplefd of an irqfd that bypassed this IO-APIC,
 *       without looking at the mask bit — then, only if Remote IRR was set, clear it and re-service the
 *       pin if it is unmasked with {@code irr} set; the 10000th successive re-service in a row is
 *       delayed by 10 ms of virtual time ({@code SUCCESSIVE_IRQ_MAX_COUNT},
 *       {@code delayed_ioapic_service_timer}).</li>
 *   <li>{@code ioapic_set_irq} (QEMU's own devices): a level pin sets {@code irr} and services unless
 *       Remote IRR is set, a low level clears {@code irr}; an edge is ignored while the pin is masked.</li>
 * </ul>
 *
 * <p>Not modelled: interrupt remapping (the IEC notifier), ExtINT (the PIC), migration
 * ({@code post_load}), the ISA IRQ 0 → GSI 2 override of {@code ioapic_set_irq}.
 */
final class QemuIoApic extends AbstractUserspaceIoApic {

    static final int SUCCESSIVE_IRQ_MAX_COUNT = 10_000;
    /** {@code NANOSECONDS_PER_SECOND / 100}. */
    static final long DELAYED_SERVICE_NS = 10_000_000L;

    // hw/intc/ioapic_internal.h, besides the 82093AA layout
    /** {@code IOAPIC_LVT_DEST_IDX_SHIFT}: QEMU reads 16 bits from bit 48 (the remappable format's index). */
    static final int DEST_IDX_SHIFT = 48;
    static final long RO_BITS = REMOTE_IRR | DELIVERY_STATUS;
    /** {@code IOAPIC_RW_BITS = ~IOAPIC_RO_BITS}. */
    static final long RW_BITS = ~RO_BITS;
    // hw/i386/apic-msidef.h
    static final long APIC_DEFAULT_ADDRESS = 0xfee00000L;
    static final int MSI_ADDR_DEST_IDX_SHIFT = 4;
    static final int MSI_ADDR_DEST_MODE_SHIFT = 2;

    private final int version;
    private final KvmAccel accel;
    private final int[] irqEoi = new int[PINS];
    private final Work delayedService;
    private Vm vm;
    private int ioregsel;
    private int id;
    private int irr;

    /** Makes QEMU's IO-APIC ({@code -machine kernel-irqchip=split}) of one run. */
    static final class Factory {
        QemuIoApic create(Sim sim, String name, int version, long exitHandlingNs, KvmAccel accel) {
            return new QemuIoApic(sim, name, version, exitHandlingNs, accel);
        }
    }

    QemuIoApic(Sim sim, String name, int version, long exitHandlingNs, KvmAccel accel) {
        super(sim, name, exitHandlingNs); // ioapic_reset_common: every entry masked
        if (version != 0x11 && version != 0x20) {
            throw new IllegalArgumentException("IOAPIC only supports version 0x11 or 0x20 (default: 0x20).");
        }
        this.version = version;
        this.accel = accel;
        this.delayedService = sim.work(name + " delayed_ioapic_service", DELAYED_SERVICE_NS, this::service);
    }

    /**
     * The machine's KVM state is ready: target/i386/kvm/kvm.c {@code kvm_arch_init_irq_routing}
     * reserves one MSI route per pin ({@code kvm_irqchip_add_msi_route} with no device: address and
     * data 0), which GSIs 0..23 keep until the guest unmasks an entry.
     */
    void realize(Vm vm) {
        this.vm = vm;
        for (int gsi = 0; gsi < PINS; gsi++) {
            int r = vm.setMsiRoute(gsi, 0, 0);
            if (r < 0) {
                throw new IllegalStateException("KVM_SET_GSI_ROUTING for GSI " + gsi + " failed with " + r);
            }
        }
    }

    // ---------------------------------------------------------------- UserspaceIoApic

    @Override
    public int version() {
        return version;
    }

    @Override
    public boolean irr(int pin) {
        return (irr & (1 << pin)) != 0;
    }

    /** {@code ioapic_mem_read} (32-bit accesses). */
    @Override
    public int mmioRead(int offset) {
        switch (offset & 0xff) {
            case IOREGSEL:
                return ioregsel;
            case IOWIN:
                switch (ioregsel) {
                    case REG_ID:
                    case REG_ARBITRATION_ID:
                        return id << 24;
                    case REG_VERSION:
                        return version | ((PINS - 1) << 16);
                    default:
                        int index = (ioregsel - REG_REDTBL_BASE) >> 1;
                        if (index >= 0 && index < PINS) {
                            return entryDword(index, (ioregsel & 1) != 0);
                        }
                        return 0;
                }
            default:
                return 0;
        }
    }

    /** {@code ioapic_mem_write} (32-bit accesses). */
    @Override
    public void mmioWrite(int offset, int value) {
        switch (offset & 0xff) {
            case IOREGSEL:
                ioregsel = value & 0xff; // s->ioregsel is a uint8_t
                break;
            case IOWIN:
                writeWindow(value);
                break;
            case IOEOI:
                if (version == 0x20) { // "Explicit EOI is only supported for IOAPIC version 0x20"
                    eoiBroadcast(value & 0xff);
                }
                break;
            default:
                break;
        }
    }

    /** {@code KVM_EXIT_IOAPIC_EOI}: target/i386/kvm/kvm.c {@code kvm_arch_handle_exit} → {@code ioapic_eoi_broadcast}. */
    @Override
    public void eoi(int vector) {
        eoiBroadcast(vector);
    }

    // ---------------------------------------------------------------- hw/intc/ioapic.c

    private void writeWindow(long val) {
        switch (ioregsel) {
            case REG_ID:
                id = (int) ((val >> 24) & 0x0f);
                return;
            case REG_VERSION:
            case REG_ARBITRATION_ID:
                return;
            default:
                break;
        }
        int index = (ioregsel - REG_REDTBL_BASE) >> 1;
        if (index < 0 || index >= PINS) {
            return;
        }
        long before = entry(index);
        long roBits = before & RO_BITS;
        long e = withDword(before, (ioregsel & 1) != 0, (int) val);
        e = (e & RW_BITS) | roBits;
        irqEoi[index] = 0;
        if (!level(e)) {
            e &= ~REMOTE_IRR; // ioapic_fix_edge_remote_irr
        }
        setEntry(index, e, "ioapic_mem_write");
        updateKvmRoutes();
        service();
    }

    /** {@code ioapic_update_kvm_routes}: an MSI route per unmasked entry ({@code ioapic_entry_parse}). */
    private void updateKvmRoutes() {
        for (int pin = 0; pin < PINS; pin++) {
            long e = entry(pin);
            if (!masked(e)) {
                long destIdx = (e >>> DEST_IDX_SHIFT) & 0xffff;
                long address = APIC_DEFAULT_ADDRESS | (destIdx << MSI_ADDR_DEST_IDX_SHIFT)
                        | (((e >>> DEST_MODE_SHIFT) & 1) << MSI_ADDR_DEST_MODE_SHIFT);
                int data = (int) ((e & VECTOR_MASK) | (e & TRIGGER_LEVEL) | (((e >>> DELIVERY_MODE_SHIFT) & 7) << 8));
                vm.setMsiRoute(pin, address, data);
            }
        }
    }

    /** {@code ioapic_service} with {@code kvm_irqchip_is_split()}. */
    private void service() {
        for (int pin = 0; pin < PINS; pin++) {
            int mask = 1 << pin;
            if ((irr & mask) == 0 || masked(entry(pin))) {
                continue;
            }
            boolean level = level(entry(pin));
            if (!level) {
                setIrr(pin, false, "ioapic_service (edge)");
            } else {
                boolean coalesce = (entry(pin) & REMOTE_IRR) != 0;
                setEntry(pin, entry(pin) | REMOTE_IRR, "ioapic_service");
                if (coalesce) {
                    continue; // "the guest should be still working on previous one"
                }
            }
            vm.irqLine(pin, true);
            if (!level) {
                vm.irqLine(pin, false);
            }
        }
    }

    /** {@code ioapic_eoi_broadcast}. */
    private void eoiBroadcast(int vector) {
        for (int pin = 0; pin < PINS; pin++) {
            long e = entry(pin);
            if ((e & VECTOR_MASK) != vector || !level(e)) {
                continue;
            }
            accel.resampleFdNotify(pin); // before, and whatever, the mask and Remote IRR
            if ((e & REMOTE_IRR) == 0) {
                continue;
            }
            setEntry(pin, e & ~REMOTE_IRR, "ioapic_eoi_broadcast");
            if (!masked(e) && (irr & (1 << pin)) != 0) {
                if (++irqEoi[pin] >= SUCCESSIVE_IRQ_MAX_COUNT) {
                    irqEoi[pin] = 0;
                    delayedService.schedule(DELAYED_SERVICE_NS); // timer_mod_anticipate
                    message("qemu.ioapic_eoi_delayed_reassert", "pin " + pin + ": " + SUCCESSIVE_IRQ_MAX_COUNT
                            + " successive EOIs, re-service delayed 10 ms");
                } else {
                    service();
                }
            } else {
                irqEoi[pin] = 0;
            }
        }
    }

    /** {@code ioapic_set_irq}: a line of one of QEMU's own devices (not an irqfd's). */
    void setIrq(int pin, boolean lineLevel) {
        long e = entry(pin);
        if (level(e)) {
            if (lineLevel) {
                setIrr(pin, true, "ioapic_set_irq");
                if ((e & REMOTE_IRR) == 0) {
                    service();
                }
            } else {
                setIrr(pin, false, "ioapic_set_irq");
            }
        } else if (lineLevel && !masked(e)) {
            setIrr(pin, true, "ioapic_set_irq");
            service();
        }
    }

    // ---------------------------------------------------------------- state changes

    private void setIrr(int pin, boolean value, String cause) {
        boolean old = (irr & (1 << pin)) != 0;
        irr = value ? irr | (1 << pin) : irr & ~(1 << pin);
        if (old != value) {
            emit(pin, "irr", old, value, cause);
        }
    }
}
