package dev.irqlab.ioapic;

import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.Registers;

/**
 * What the host's IO-APIC ({@link PhysicalIoApic}), KVM's ({@link KvmIoApic}) and KVM's split
 * irqchip ({@link KvmSplitIrqchip}) share as interrupt controllers: the local APICs of the CPUs
 * their output goes to, Linux's {@code ioapic_chip} over the controller's accesses, and the
 * register window with the datasheet's names. Each controller builds its window and its driver
 * over its own state and hands them over with {@link #attach} at the end of its constructor.
 */
abstract class ApicController implements InterruptController {

    private final String name;
    /** The local APICs of the host's CPUs or of the VM's vCPUs. */
    final ApicBus apics;
    private IoApicRegisters registers;
    private LinuxIoApicChip chip;

    ApicController(String name, ApicBus apics) {
        this.name = name;
        this.apics = apics;
    }

    /** The register window and Linux's driver of this controller, built over the subclass's state. */
    final void attach(IoApicRegisters window, LinuxIoApicChip driver) {
        this.registers = window;
        this.chip = driver;
    }

    @Override
    public final String name() {
        return name;
    }

    /** Linux's {@code ioapic_chip} on this controller (in a guest, every access it makes a trap). */
    @Override
    public final IrqChip chip() {
        return chip;
    }

    @Override
    public final void connectCpu(int cpu, CpuIrqLine line) {
        apics.connect(cpu, line);
    }

    @Override
    public final Registers registers() {
        return registers;
    }

    /** The local APIC of a CPU (host) or vCPU (guest). */
    public final LocalApic localApic(int cpu) {
        return apics.apic(cpu);
    }
}
