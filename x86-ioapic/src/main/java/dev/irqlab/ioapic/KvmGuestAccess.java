package dev.irqlab.ioapic;

import dev.irqlab.api.controller.ExitSink;
import dev.irqlab.api.hypervisor.ExitCause;

/**
 * The guest Linux driver's accesses to a KVM guest's IO-APIC, in-kernel ({@link KvmIoApic}) or split
 * ({@link KvmSplitIrqchip}): the IO-APIC page through its window (the exits the window reports), and
 * the local APIC's x2APIC MSRs, which exit or not as KVM virtualizes them.
 */
final class KvmGuestAccess extends WindowAccess {

    private final ApicBus apics;
    private final ExitSink exits;
    private final boolean apicv;

    KvmGuestAccess(IoApicRegisters.Window window, IoApicInfo info, ApicBus apics, ExitSink exits, boolean apicv) {
        super(window, info, apics);
        this.apics = apics;
        this.exits = exits;
        this.apicv = apicv;
    }

    /** {@code apic_retrigger_irq}: an x2APIC ICR write (WRMSR), which exits without IPI virtualization. */
    @Override
    public void sendIpi(int cpu, int vector) {
        exits.exit(ExitCause.SYSREG, "ICR");
        apics.apic(cpu).acceptIrq(RedirectionEntry.DELIVERY_FIXED, vector, false);
    }

    /**
     * {@code apic_read(APIC_TMR + ...)}: an x2APIC RDMSR, virtualized with APICv (APIC-register
     * virtualization), otherwise intercepted and emulated ({@code kvm_x2apic_msr_read}).
     */
    @Override
    public int readTmrWord(int cpu, int vector) {
        if (!apicv) {
            exits.exit(ExitCause.SYSREG, "TMR");
        }
        return super.readTmrWord(cpu, vector);
    }
}
