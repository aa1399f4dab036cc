package dev.irqlab.crosvm;

import com.google.inject.Inject;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.sim.Work;
import dev.irqlab.api.vmm.VmmException;
import java.util.ArrayList;
import java.util.List;

/**
 * crosvm's {@code KvmSplitIrqChip} (devices/src/irqchip/kvm/x86_64.rs) with the main thread's side
 * of the IO-APIC's irq tube (vm_control {@code VmIrqRequest::execute}, src/crosvm/sys/linux.rs
 * {@code handle_irq_request}):
 * <ul>
 *   <li>{@code new}: {@code KVM_CAP_SPLIT_IRQCHIP} with 24 pins (the hypervisor's half), then the
 *       routing table: the default PIC/IO-APIC routes, which only crosvm keeps, and a dummy MSI route
 *       (address 0, data 0) on each of GSIs 0..23, which KVM gets.</li>
 *   <li>{@code register_level_irq_event} for a GSI below the pins: crosvm keeps the event itself (no
 *       {@code KVM_IRQFD}); its irq handler thread waits on it and {@code service_irq_event} reads it
 *       and raises the IO-APIC pin ({@code service_irq(pin, true)}), leaving it high for a level event
 *       (one with a resample event) until the IO-APIC's EOI lowers it.</li>
 *   <li>{@code finalize_devices}: every level event's resample event goes to its pin's list in the
 *       IO-APIC ({@code register_resample_events}); then the system allocator is moved past the pins
 *       ("Make sure all future irq numbers are beyond IO-APIC range").</li>
 *   <li>{@code AllocateOneMsi} (the IO-APIC's first route for a pin): the next GSI of the allocator
 *       — so 24 or above — bound to the output event with a plain {@code KVM_IRQFD}; {@code AddMsiRoute}:
 *       {@code KVM_SET_GSI_ROUTING} with the MSI routes.</li>
 * </ul>
 * With {@code ioapic-gsis: identity} (crosvm's {@code direct} feature until fa704304a),
 * {@code init_direct_gsi} instead binds pin n's output event to GSI n when the chip is created.
 */
final class CrosvmSplitIrqChip implements CrosvmIoapic.IrqTube {

    /** A device's irq event crosvm services on the IO-APIC ({@code IrqEvent}). */
    private record IrqEvent(int gsi, EventFd event, EventFd resample, Work handler) {
    }

    private final Sim sim;
    private final String component;
    private final CrosvmConfig config;
    private final CrosvmIoapic ioapic;
    private final List<IrqEvent> irqEvents = new ArrayList<>();
    private Vm vm;
    private int nextIrq;
    private boolean finalized;

    /** Makes crosvm's split irqchip of one run. */
    static final class Factory {
        private final CrosvmIoapic.Factory ioapics;

        @Inject
        Factory(CrosvmIoapic.Factory ioapics) {
            this.ioapics = ioapics;
        }

        CrosvmSplitIrqChip create(Sim sim, String component, CrosvmConfig config) {
            return new CrosvmSplitIrqChip(ioapics, sim, component, config);
        }
    }

    /** @param ioapics its IO-APIC, which gets this chip as its irq tube's main-thread side */
    CrosvmSplitIrqChip(CrosvmIoapic.Factory ioapics, Sim sim, String component, CrosvmConfig config) {
        this.sim = sim;
        this.component = component;
        this.config = config;
        this.ioapic = ioapics.create(sim, component + ".ioapic", config.userspaceExitNs(), this);
    }

    CrosvmIoapic ioapic() {
        return ioapic;
    }

    /** {@code KvmSplitIrqChip::new} once the VM exists: the routes KVM gets (and crosvm-direct's output irqfds). */
    void realize(Vm vm) {
        this.vm = vm;
        if (config.identityGsis()) {
            for (int pin = 0; pin < CrosvmIoapic.PINS; pin++) {
                EventFd out = sim.eventFd(ioapic.name() + ".out" + pin);
                check("KVM_IRQFD gsi " + pin, vm.irqfd(out, pin, null));
                ioapic.presetOutEvent(pin, pin, out);
            }
        }
        for (int gsi = 0; gsi < CrosvmIoapic.PINS; gsi++) {
            check("KVM_SET_GSI_ROUTING gsi " + gsi, vm.setMsiRoute(gsi, 0, 0)); // kvm_dummy_msi_routes
        }
    }

    /**
     * {@code register_level_irq_event}: below the pins, the event is crosvm's; its irq handler
     * thread services it ({@code service_irq_event}).
     */
    void registerLevelIrqEvent(int gsi, EventFd trigger, EventFd resample) {
        if (gsi < 0 || gsi >= CrosvmIoapic.PINS) {
            throw new VmmException("GSI " + gsi + " is no IO-APIC pin of crosvm's split irqchip (0.."
                    + (CrosvmIoapic.PINS - 1) + ")");
        }
        IrqEvent[] self = new IrqEvent[1];
        Work handler = sim.work(component + " service_irq_event gsi " + gsi, config.irqHandlerNs(),
                () -> serviceIrqEvent(self[0]));
        self[0] = new IrqEvent(gsi, trigger, resample, handler);
        irqEvents.add(self[0]);
        trigger.addWaiter(fd -> handler.schedule());
        if (trigger.count() > 0) {
            handler.schedule(); // the wait context reports an event already readable
        }
    }

    /** {@code service_irq_event}: read the event, raise the pin; an edge event (no resample) lowers it again. */
    private void serviceIrqEvent(IrqEvent evt) {
        if (evt.event().read() == 0) {
            return;
        }
        ioapic.serviceIrq(evt.gsi(), true);
        if (evt.resample() == null) {
            ioapic.serviceIrq(evt.gsi(), false);
        }
    }

    /** {@code finalize_devices}: resample events to the IO-APIC, the allocator past the pins. */
    void finalizeDevices() {
        if (finalized) {
            return;
        }
        finalized = true;
        List<List<EventFd>> resample = new ArrayList<>();
        for (int pin = 0; pin < CrosvmIoapic.PINS; pin++) {
            resample.add(new ArrayList<>());
        }
        for (IrqEvent evt : irqEvents) {
            if (evt.resample() != null) {
                resample.get(evt.gsi()).add(evt.resample());
            }
        }
        ioapic.registerResampleEvents(resample);
        nextIrq = CrosvmIoapic.PINS;
    }

    // ---------------------------------------------------------------- the irq tube's main-thread side

    @Override
    public int allocateOneMsi(int pin, EventFd irqfd) {
        int gsi = nextIrq++; // SystemAllocator::allocate_irq
        check("KVM_IRQFD gsi " + gsi, vm.irqfd(irqfd, gsi, null)); // register_edge_irq_event above the pins
        return gsi;
    }

    @Override
    public void addMsiRoute(int gsi, long address, int data) {
        check("KVM_SET_GSI_ROUTING gsi " + gsi, vm.setMsiRoute(gsi, address, data));
    }

    private static void check(String what, int r) {
        if (r < 0) {
            throw new IllegalStateException("crosvm: " + what + " failed with " + r);
        }
    }
}
