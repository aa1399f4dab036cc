package dev.irqlab.gic;

import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.controller.PinState;
import dev.irqlab.api.controller.Registers;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.gic.arch.Gic;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.gic.linux.LinuxGicChip;

/**
 * The host's GICv2 or GICv3 as the physical-controller role sees it: the hardware ({@link Gic}) with
 * Linux's GIC driver ({@link LinuxGicChip}) over its registers.
 */
public final class PhysicalGic implements PhysicalInterruptController {

    private final Gic gic;
    private final LinuxGicChip chip;

    /**
     * @param eoiMode 0 or 1: the EOImode Linux programs (1 when booted at EL2, {@code supports_deactivate_key})
     */
    public PhysicalGic(GicVersion version, Sim sim, String name, int cpuCount, int spiCount, int eoiMode) {
        this.gic = new Gic(version, sim, name, cpuCount, spiCount, eoiMode);
        this.chip = new LinuxGicChip(gic.access(), eoiMode);
    }

    public GicVersion version() {
        return gic.version();
    }

    @Override
    public String name() {
        return gic.name();
    }

    @Override
    public IrqChip chip() {
        return chip;
    }

    /** Linux's driver, for the forwarded-to-vCPU query. */
    public LinuxGicChip gicChip() {
        return chip;
    }

    @Override
    public void connectCpu(int cpu, CpuIrqLine line) {
        gic.connectCpu(cpu, line);
    }

    @Override
    public int hwirqForLine(int line) {
        return gic.hwirqForLine(line);
    }

    @Override
    public LineSink input(int hwirq) {
        return gic.input(hwirq);
    }

    /** The CPU-interface part of Linux's {@code gic_handle_irq} ({@link LinuxGicChip#acknowledge}). */
    @Override
    public int acknowledge(int cpu) {
        return chip.acknowledge(cpu);
    }

    @Override
    public void deactivateFromVcpu(int hwirq) {
        gic.deactivateFromGuest(hwirq);
    }

    @Override
    public PinState state(int hwirq) {
        return gic.state(hwirq);
    }

    @Override
    public Registers registers() {
        return gic.registers();
    }
}
