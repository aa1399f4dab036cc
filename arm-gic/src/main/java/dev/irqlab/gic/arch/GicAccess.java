package dev.irqlab.gic.arch;

/**
 * The GIC registers software touches, one access per method, so that one driver model (Linux's
 * irq-gic.c / irq-gic-v3.c, {@code dev.irqlab.gic.linux}) runs against the physical GIC (host) and
 * against KVM's emulated distributor and the virtual CPU interface (guest), where each distributor
 * access is a VM exit and the CPU interface is not trapped.
 */
public interface GicAccess {

    GicVersion version();

    /**
     * The interrupt lines the driver reads from GICD_TYPER at probe: 32 x (ITLinesNumber + 1), at
     * most 1020 (irq-gic-v3.c {@code GICD_TYPER_SPIS}, irq-gic.c {@code __gic_init_bases}).
     */
    int lines();

    /** Whether the INTID is an implemented SPI (from GICD_TYPER, read once at probe: no access at use). */
    boolean isSpi(int intid);

    /** A read of the bit register holding {@code intid}: that INTID's bit. */
    boolean readBit(BitRegister register, int intid);

    /** A write of {@code intid}'s bit, alone, to the bit register holding it. */
    void writeBit(BitRegister register, int intid);

    /** A GICD_ICFGR write setting {@code intid}'s Int_config[1] (true = edge-triggered). */
    void writeConfig(int intid, boolean edge);

    /** A read of the GICD_ICFGR register holding {@code intid}: its Int_config[1] (true = edge-triggered). */
    boolean readConfig(int intid);

    /** A GICD_CTLR read (the RWP poll of irq-gic-v3.c {@code gic_do_wait_for_rwp}): the value read. */
    long readCtlr();

    /**
     * The routing register write for {@code intid} toward {@code cpu}: GICv2 the GICD_ITARGETSR byte
     * of CPU interface {@code cpu} (IHI 0048B 4.3.12), GICv3 GICD_IROUTER with {@code cpu}'s affinity,
     * IRM = 0 (IHI 0069 12.9.22; the model gives CPU n affinity Aff0 = n).
     */
    void writeRoute(int intid, int cpu);

    /** A GICD_CTLR write (irq-gic.c / irq-gic-v3.c {@code gic_dist_init}: disable, then enable). */
    void writeCtlr(long value);

    /**
     * A whole distributor register written at once, register {@code index} of {@code family}
     * (GICD_ICFGR2 is {@code ICFGR}, 2; its name, {@link DistributorRegisters.Family#name(int)}, is
     * the access's): the loops of irq-gic-common.c {@code gic_dist_config} and {@code gic_dist_init}.
     */
    void writeRegister(DistributorRegisters.Family family, int index, long value);

    /**
     * Registers {@code first..end-1} of {@code family}, each written whole with {@code value}, in
     * ascending order: one loop of irq-gic-v3.c / irq-gic.c {@code gic_dist_init} or irq-gic-common.c
     * {@code gic_dist_config}. The same accesses as {@link #writeRegister} of each in turn, and by
     * default made so; a vGIC takes the run at once ({@link GicRegisters.DistributorGate#writeRun}).
     */
    default void writeRegisters(DistributorRegisters.Family family, int first, int end, long value) {
        for (int i = first; i < end; i++) {
            writeRegister(family, i, value);
        }
    }

    /**
     * A whole distributor register read, register {@code index} of {@code family}. GICD_ITARGETSR0..7
     * (GICv2, the banked targets of SGIs and PPIs) read the reading CPU interface's bit in every byte
     * (IHI 0048B 4.3.12).
     */
    long readRegister(DistributorRegisters.Family family, int index);

    /** GICC_IAR / ICC_IAR1_EL1 read on {@code cpu}: the INTID, or {@code InterruptController.SPURIOUS}. */
    int iar(int cpu);

    /** GICC_EOIR / ICC_EOIR1_EL1 write on {@code cpu}. */
    void eoir(int cpu, int intid);

    /** GICC_DIR / ICC_DIR_EL1 write on {@code cpu}. */
    void dir(int cpu, int intid);

    /**
     * The EOI mode the CPU interface is programmed with (GICC_CTLR.EOImodeNS / ICC_CTLR_EL1.EOImode;
     * Linux keeps it in {@code supports_deactivate_key}, so reading it costs no access).
     */
    int eoiMode(int cpu);

    /** The CPU the kernel handles {@code intid} on: where its {@code irq_eoi} writes the CPU interface. */
    int cpuFor(int intid);
}
