package dev.irqlab.gic;

import com.google.inject.Inject;
import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.controller.PinState;
import dev.irqlab.api.controller.Registers;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.pci.PciHostBridge;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.gic.arch.Gic;
import dev.irqlab.gic.arch.GicDriver;
import dev.irqlab.gic.arch.GicSpi;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.gic.linux.LinuxGicChip;
import java.util.List;
import java.util.Optional;

/**
 * The host's GICv2 or GICv3 as the physical-controller role sees it: the hardware ({@link Gic}) with
 * the host kernel's GIC driver over its registers ({@link LinuxGicChip} as the plugin's module binds it).
 */
public final class PhysicalGic implements PhysicalInterruptController {

    private final Gic gic;
    private final GicDriver chip;
    private final Optional<PciHostBridge> pciHostBridge;

    /** Makes the host's GIC with a run's values; the plugin's Guice module supplies the hardware and the driver. */
    static final class Factory {
        private final Gic.Factory hardware;
        private final GicDriver.Factory driver;

        @Inject
        Factory(Gic.Factory hardware, GicDriver.Factory driver) {
            this.hardware = hardware;
            this.driver = driver;
        }

        /**
         * @param eoiMode    0 or 1: the EOImode Linux programs (1 when booted at EL2, {@code supports_deactivate_key})
         * @param hostBridge {@link #hostBridge} of the configuration's SPIs, found once per configuration
         */
        PhysicalGic create(Sim sim, String name, int cpuCount, int spiCount, int eoiMode,
                           Optional<PciHostBridge> hostBridge) {
            return new PhysicalGic(hardware.create(sim, name, cpuCount, spiCount, eoiMode), driver, eoiMode,
                    hostBridge);
        }
    }

    /** The hardware with Linux's driver, outside an injector (tests). */
    public PhysicalGic(GicVersion version, Sim sim, String name, int cpuCount, int spiCount, int eoiMode) {
        this(version, sim, name, cpuCount, spiCount, eoiMode, GicConfig.DEFAULT_PCI_INTX_SPI_BASE);
    }

    /** As above, with the host bridge's first SPI (tests). */
    public PhysicalGic(GicVersion version, Sim sim, String name, int cpuCount, int spiCount, int eoiMode,
                       int pciSpiBase) {
        this(new Gic(version, sim, name, cpuCount, spiCount, eoiMode), LinuxGicChip::new, eoiMode,
                hostBridge(spiCount, pciSpiBase));
    }

    private PhysicalGic(Gic gic, GicDriver.Factory driver, int eoiMode, Optional<PciHostBridge> pciHostBridge) {
        this.gic = gic;
        this.chip = driver.create(gic.access(), eoiMode);
        this.pciHostBridge = pciHostBridge;
    }

    /**
     * The host PCI bridge whose interrupt-map starts at SPI {@code pciSpiBase} (INTA of slot 0): present
     * when its four SPIs are among the {@code spiCount}. Immutable: the runs of one configuration share it.
     */
    static Optional<PciHostBridge> hostBridge(int spiCount, int pciSpiBase) {
        // drivers/pci/of.c of_irq_parse_and_map_pci (Linux 6.17): the interrupt-map entry of the
        // swizzled pin; a GIC SPI is level-high (a GIC cannot take an active-low level)
        return pciSpiBase + 3 < spiCount
                ? Optional.of(new PciHostBridge(List.of(pciSpiBase, pciSpiBase + 1, pciSpiBase + 2, pciSpiBase + 3),
                Trigger.LEVEL_HIGH, "arm64 host bridge interrupt-map: INTA..D of slot 0 -> SPIs " + pciSpiBase + ".."
                + (pciSpiBase + 3) + ", level-high (config pci-intx-spi-base; drivers/pci/of.c: of_irq_parse_and_map_pci)"))
                : Optional.empty();
    }

    @Override
    public Optional<PciHostBridge> pciHostBridge() {
        return pciHostBridge;
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

    /** The distributor state of SPI {@code intid}, as values. */
    public GicSpi spi(int intid) {
        return gic.spi(intid);
    }

    @Override
    public Registers registers() {
        return gic.registers();
    }
}
