package dev.irqlab.cloudhypervisor;

import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.vmm.core.AbstractUserspaceIoApic;

/**
 * cloud-hypervisor's user-space IO-APIC (devices/src/ioapic.rs, an 82093AA of version 0x11) with the
 * MSI interrupt group it drives (vmm/src/interrupt.rs {@code MsiInterruptGroup},
 * {@code InterruptRoute}), cloud-hypervisor main of 2026-08.
 *
 * <p>Rules, each as cloud-hypervisor has it:
 * <ul>
 *   <li>{@code Ioapic::new}: every entry masked; one route per pin, each with its irqfd created at
 *       once ({@code InterruptRoute::new}: "VFIO need[s] the fd at device initialization time via
 *       notifier()") and no GSI.</li>
 *   <li>{@code ioapic_write} of a redirection dword: the high dword replaced; the low dword keeps
 *       delivery status and Remote IRR ({@code 0xffff_ffff_0000_5000}); then {@code update_entry}
 *       builds the MSI message and calls the group's {@code update}: an unmasked entry gets a GSI on
 *       its first unmask ({@code allocate_gsi}, from the GSI allocator, which starts after the 24
 *       IO-APIC irqs: 24 and up), its route is set ({@code KVM_SET_GSI_ROUTING} with the unmasked
 *       routes only) and its irqfd registered ({@code KVM_IRQFD}); a masked entry with a GSI has its
 *       irqfd unregistered first ({@code route.disable}: {@code KVM_IRQFD} deassign) and its route left
 *       out of the table. A signal that arrives while the irqfd is unregistered stays in the eventfd;
 *       the next registration injects it ({@code kvm_irqfd_assign}).</li>
 *   <li>{@code end_of_interrupt(vector)}: clears Remote IRR of the level entries of the vector,
 *       nothing else (no resample, no re-service).</li>
 *   <li>{@code service_irq} (cloud-hypervisor's own legacy devices): trigger the route's irqfd, set
 *       Remote IRR for a level entry — whatever the mask and Remote IRR say.</li>
 * </ul>
 * Reads and writes of any other offset (the EOI register of 0x20 IO-APICs included) are refused
 * with an error log; not modelled: snapshots, the IOAPIC id register's uses.
 */
final class ChIoapic extends AbstractUserspaceIoApic implements ChInterruptController {

    static final int VERSION_ID = 0x0017_0011; // IOAPIC_VERSION_ID
    /** X86_64_IRQ_BASE + (24 - X86_64_IRQ_BASE): the allocator's first GSI (vm-allocator/src/gsi.rs). */
    static final int FIRST_GSI = PINS;
    static final long APIC_ADDRESS = 0xfee0_0000L;

    /** {@code InterruptRoute}: the pin's irqfd, its GSI once allocated, whether it is registered. */
    private static final class Route {
        final EventFd irqFd;
        int gsi = -1;
        boolean registered;

        Route(EventFd irqFd) {
            this.irqFd = irqFd;
        }
    }

    private final Route[] routes = new Route[PINS];
    private Vm vm;
    private int nextGsi = FIRST_GSI;
    private int regSel;
    private int idReg;

    /** Makes cloud-hypervisor's IO-APIC of one run. */
    static final class Factory {
        ChIoapic create(Sim sim, String name, long exitHandlingNs) {
            return new ChIoapic(sim, name, exitHandlingNs);
        }
    }

    ChIoapic(Sim sim, String name, long exitHandlingNs) {
        super(sim, name, exitHandlingNs); // [0x10000; NUM_IOAPIC_PINS]: every entry masked
        for (int pin = 0; pin < PINS; pin++) {
            routes[pin] = new Route(sim.eventFd(name + ".irqfd" + pin));
        }
    }

    void attach(Vm vm) {
        this.vm = vm;
    }

    /** {@code notifier(irq)}: the pin's irqfd, which VFIO signals directly for an INTx on this pin. */
    @Override
    public EventFd notifier(int pin) {
        return routes[pin].irqFd;
    }

    @Override
    public int legacyIrqs() {
        return PINS;
    }

    @Override
    public String irqKind() {
        return "IO-APIC pin";
    }

    /** The pin's GSI, -1 before its first unmask. */
    int gsi(int pin) {
        return routes[pin].gsi;
    }

    // ---------------------------------------------------------------- UserspaceIoApic

    @Override
    public int version() {
        return VERSION_ID & 0xff;
    }

    /** cloud-hypervisor keeps no line state: the irqfd's eventfd counter is what is pending. */
    @Override
    public boolean irr(int pin) {
        return routes[pin].irqFd.count() > 0;
    }

    @Override
    public int mmioRead(int offset) {
        switch (offset & 0xff) {
            case IOREGSEL:
                return regSel;
            case IOWIN:
                return ioapicRead();
            default:
                message("cloud_hypervisor.ioapic_bad_access", "IOAPIC: failed reading at offset " + offset);
                return 0;
        }
    }

    @Override
    public void mmioWrite(int offset, int value) {
        switch (offset & 0xff) {
            case IOREGSEL:
                regSel = value;
                break;
            case IOWIN:
                ioapicWrite(value);
                break;
            default:
                message("cloud_hypervisor.ioapic_bad_access", "IOAPIC: failed writing at offset " + offset);
                break;
        }
    }

    /** {@code KVM_EXIT_IOAPIC_EOI}: vmm/src/cpu.rs → {@code end_of_interrupt}. */
    @Override
    public void eoi(int vector) {
        for (int i = 0; i < PINS; i++) {
            long e = entry(i);
            if ((e & 0xff) == vector && (e & TRIGGER_LEVEL) != 0) {
                setEntry(i, e & ~REMOTE_IRR, "end_of_interrupt");
            }
        }
    }

    /** {@code service_irq}: trigger, then Remote IRR for a level entry, delivery status cleared. */
    void serviceIrq(int irq) {
        routes[irq].irqFd.signal();
        long e = entry(irq);
        if ((e & TRIGGER_LEVEL) != 0) {
            e |= REMOTE_IRR;
        }
        setEntry(irq, e & ~DELIVERY_STATUS, "service_irq");
    }

    // ---------------------------------------------------------------- devices/src/ioapic.rs

    private int ioapicRead() {
        switch (regSel & 0xff) {
            case REG_VERSION:
                return VERSION_ID;
            case REG_ID:
            case REG_ARBITRATION_ID:
                return (idReg & 0xf) << 24;
            default:
                int sel = regSel & 0xff;
                if (sel < REG_REDTBL_BASE || sel > REG_REDTBL_BASE + 2 * PINS - 1) {
                    return 0;
                }
                return entryDword((sel - REG_REDTBL_BASE) / 2, (sel & 1) != 0);
        }
    }

    private void ioapicWrite(int val) {
        int sel = regSel & 0xff;
        switch (sel) {
            case REG_VERSION:
                return;
            case REG_ID:
                idReg = (val >>> 24) & 0xf;
                return;
            default:
                break;
        }
        if (sel < REG_REDTBL_BASE || sel > REG_REDTBL_BASE + 2 * PINS - 1) {
            return;
        }
        int index = (sel - REG_REDTBL_BASE) / 2;
        long e = entry(index);
        if ((sel & 1) != 0) {
            e = withDword(e, true, val);
        } else {
            e = (e & 0xffff_ffff_0000_5000L) | (val & 0xffff_afffL); // keep delivery status, Remote IRR
        }
        setEntry(index, e, "ioapic_write");
        updateEntry(index);
    }

    /** {@code update_entry} → {@code MsiInterruptGroup::update(index, msi, masked, set_gsi = true)}. */
    private void updateEntry(int irq) {
        long e = entry(irq);
        Route route = routes[irq];
        boolean masked = (e & MASKED) != 0;
        long address = APIC_ADDRESS | ((e >>> 56) & 0xff) << 12 | 1L << 3 | ((e >>> 11) & 1) << 2;
        int data = (int) ((e & TRIGGER_LEVEL) | (e & REMOTE_IRR) | ((e >>> 8) & 7) << 8 | (e & 0xff));
        if (masked) {
            if (route.gsi < 0) {
                return; // "No update needed if masked and no GSI was ever allocated"
            }
            if (route.registered) { // route.disable: KVM_IRQFD deassign before KVM_SET_GSI_ROUTING (#3827)
                vm.irqfdDeassign(route.irqFd, route.gsi);
                route.registered = false;
            }
            return; // the masked route is left out of the table KVM gets
        }
        if (route.gsi < 0) {
            route.gsi = nextGsi++; // "Allocate a GSI when the interrupt vector is first unmasked"
            message("cloud_hypervisor.ioapic_allocate_gsi", "pin " + irq + ": GSI " + route.gsi + " (above the "
                    + PINS + " pins reserved with KVM_CAP_SPLIT_IRQCHIP: KVM will not report its EOIs)");
        }
        vm.setMsiRoute(route.gsi, address, data);
        if (!route.registered) { // route.enable, after KVM_SET_GSI_ROUTING
            vm.irqfd(route.irqFd, route.gsi, null);
            route.registered = true;
        }
    }
}
