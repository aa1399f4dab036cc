package dev.irqlab.gic.arch;

/**
 * The distributor's one-bit-per-INTID registers (IHI 0048B 4.3.5-4.3.10, IHI 0069 12.9): set-enable,
 * clear-enable, set-pending, clear-pending, set-active, clear-active. Writes are write-1-to-act;
 * reads of the set and clear forms return the same state.
 */
public enum BitRegister {
    ISENABLER("GICD_ISENABLER"), ICENABLER("GICD_ICENABLER"),
    ISPENDR("GICD_ISPENDR"), ICPENDR("GICD_ICPENDR"),
    ISACTIVER("GICD_ISACTIVER"), ICACTIVER("GICD_ICACTIVER");

    private final String prefix;

    BitRegister(String prefix) {
        this.prefix = prefix;
    }

    /** "GICD_ISENABLER": the name without the register index. */
    public String prefix() {
        return prefix;
    }

    /** The name of the register holding {@code intid}'s bit ("GICD_ICENABLER1" for INTID 40), built once. */
    public String register(int intid) {
        return family().name(intid / 32);
    }

    private DistributorRegisters.Family family() {
        return switch (this) {
            case ISENABLER -> DistributorRegisters.Family.ISENABLER;
            case ICENABLER -> DistributorRegisters.Family.ICENABLER;
            case ISPENDR -> DistributorRegisters.Family.ISPENDR;
            case ICPENDR -> DistributorRegisters.Family.ICPENDR;
            case ISACTIVER -> DistributorRegisters.Family.ISACTIVER;
            case ICACTIVER -> DistributorRegisters.Family.ICACTIVER;
        };
    }
}
