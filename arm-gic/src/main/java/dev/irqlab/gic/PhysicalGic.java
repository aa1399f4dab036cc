package dev.irqlab.gic;

import com.google.inject.Inject;
import com.google.inject.assistedinject.Assisted;
import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.controller.PinState;
import dev.irqlab.api.controller.Registers;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.gic.arch.Gic;
import dev.irqlab.gic.arch.GicDriver;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.gic.linux.LinuxGicChip;

/**
 * The host's GICv2 or GICv3 as the physical-controller role sees it: the hardware ({@link Gic}) with
 * the host kernel's GIC driver over its registers ({@link LinuxGicChip} as the plugin's module binds it).
 */
public final class PhysicalGic implements PhysicalInterruptController {

    private final Gic gic;
    private final GicDriver chip;

    /** Makes the host's GIC with a run's values; the plugin's Guice module supplies the hardware and the driver. */
    interface Factory {
        PhysicalGic create(Sim sim, String name, @Assisted("cpus") int cpuCount, @Assisted("spis") int spiCount,
                           @Assisted("eoiMode") int eoiMode);
    }

    /**
     * @param hardware the architecture's GIC of the plugin's version
     * @param driver   the host kernel's GIC driver (Linux's)
     * @param eoiMode  0 or 1: the EOImode Linux programs (1 when booted at EL2, {@code supports_deactivate_key})
     */
    @Inject
    PhysicalGic(Gic.Factory hardware, GicDriver.Factory driver, @Assisted Sim sim, @Assisted String name,
                @Assisted("cpus") int cpuCount, @Assisted("spis") int spiCount, @Assisted("eoiMode") int eoiMode) {
        this(hardware.create(sim, name, cpuCount, spiCount, eoiMode), driver, eoiMode);
    }

    /** The hardware with Linux's driver, outside an injector (tests). */
    public PhysicalGic(GicVersion version, Sim sim, String name, int cpuCount, int spiCount, int eoiMode) {
        this(new Gic(version, sim, name, cpuCount, spiCount, eoiMode), LinuxGicChip::new, eoiMode);
    }

    private PhysicalGic(Gic gic, GicDriver.Factory driver, int eoiMode) {
        this.gic = gic;
        this.chip = driver.create(gic.access(), eoiMode);
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
