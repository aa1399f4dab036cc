package dev.irqlab.gic.arch;

/**
 * The two GIC architecture versions modelled, with the names each gives to the CPU interface
 * registers and to its Linux irqchip (IHI 0048B for GICv2, IHI 0069 for GICv3;
 * drivers/irqchip/irq-gic.c and irq-gic-v3.c).
 */
public enum GicVersion {
    /** GICv2: memory-mapped GICC_* CPU interface, SPI routing by GICD_ITARGETSR (IHI 0048B 4.3.12). */
    V2("gicv2", "vgic-v2", "GICC_IAR", "GICC_EOIR", "GICC_DIR", "GICC_RPR", "GICC_PMR", "GICD_ITARGETSR"),
    /** GICv3: ICC_* system registers, affinity routing by GICD_IROUTER (IHI 0069 12.9.22). */
    V3("gicv3", "vgic-v3", "ICC_IAR1_EL1", "ICC_EOIR1_EL1", "ICC_DIR_EL1", "ICC_RPR_EL1", "ICC_PMR_EL1",
            "GICD_IROUTER");

    private final String physicalName;
    private final String virtualName;
    private final String iar;
    private final String eoir;
    private final String dir;
    private final String rpr;
    private final String pmr;
    private final String routingRegister;
    /** Trace causes built once: "&lt;IAR&gt; read", "&lt;EOIR&gt; write", "&lt;DIR&gt; write". */
    private final String iarRead;
    private final String eoirWrite;
    private final String dirWrite;

    GicVersion(String physicalName, String virtualName, String iar, String eoir, String dir, String rpr, String pmr,
               String routingRegister) {
        this.physicalName = physicalName;
        this.virtualName = virtualName;
        this.iar = iar;
        this.eoir = eoir;
        this.dir = dir;
        this.rpr = rpr;
        this.pmr = pmr;
        this.routingRegister = routingRegister;
        this.iarRead = iar + " read";
        this.eoirWrite = eoir + " write";
        this.dirWrite = dir + " write";
    }

    /** {@code iar() + " read"}. */
    public String iarRead() {
        return iarRead;
    }

    /** {@code eoir() + " write"}. */
    public String eoirWrite() {
        return eoirWrite;
    }

    /** {@code dir() + " write"}. */
    public String dirWrite() {
        return dirWrite;
    }

    /** Factory and plugin name of the physical controller ("gicv3"). */
    public String physicalName() {
        return physicalName;
    }

    /** Factory name of KVM's vGIC model for this version ("vgic-v3"). */
    public String virtualName() {
        return virtualName;
    }

    public String iar() {
        return iar;
    }

    public String eoir() {
        return eoir;
    }

    public String dir() {
        return dir;
    }

    public String rpr() {
        return rpr;
    }

    public String pmr() {
        return pmr;
    }

    /** "GICD_ITARGETSR" (v2, one byte per INTID) or "GICD_IROUTER" (v3, one 64-bit register per INTID). */
    public String routingRegister() {
        return routingRegister;
    }

    /**
     * {@code irq_chip.name} of Linux's chip: irq-gic.c names its EOImode 1 chip "GICv2" (gic_chip_mode1) and
     * prints "GIC-0" for the mode 0 one; irq-gic-v3.c calls both "GICv3".
     */
    public String chipName(int eoiMode) {
        if (this == V3) {
            return "GICv3";
        }
        return eoiMode == 1 ? "GICv2" : "GIC";
    }
}
