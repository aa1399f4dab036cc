package dev.irqlab.gic.arch;

/**
 * The per-interrupt state a distributor exposes through its GICD_* registers. Implemented by the
 * physical {@link Distributor} and by KVM's emulated distributor ({@code kvm.VgicMmio}), so that
 * the register decoding ({@link DistributorRegisters}) is written once.
 *
 * <p>Bit registers are write-1-to-act (IHI 0048B 4.3.5-4.3.10, IHI 0069 12.9): only the INTIDs whose
 * bit is set in the written value are passed to the setters.
 */
public interface SpiRegisterTarget {

    /** Highest INTID implemented (32 + number of SPIs - 1). */
    int lastIntid();

    boolean distributorEnabled();

    /** The value a GICD_CTLR read returns. */
    long ctlrForRead();

    /** A GICD_CTLR write (the distributor enable is bit 0 on GICv2, bit 1, EnableGrp1A, on GICv3). */
    void writeCtlr(long value);

    boolean enabled(int intid);

    /** GICD_ISENABLER (true) / GICD_ICENABLER (false) for one INTID. */
    void writeEnable(int intid, boolean set, String register);

    /** Value a GICD_ISPENDR read returns for the INTID. */
    boolean pendingForRead(int intid);

    /** GICD_ISPENDR (true) / GICD_ICPENDR (false). */
    void writePending(int intid, boolean set, String register);

    boolean active(int intid);

    /** GICD_ISACTIVER (true) / GICD_ICACTIVER (false). */
    void writeActive(int intid, boolean set, String register);

    int priority(int intid);

    /** GICD_IPRIORITYR byte. */
    void writePriority(int intid, int priority, String register);

    /** GICD_ICFGR Int_config[1]: true = edge-triggered, false = level-sensitive. */
    boolean edge(int intid);

    void writeConfig(int intid, boolean edge, String register);

    /**
     * GICD_IGROUPR bit: true = group 1. The default, for a distributor that does not keep groups,
     * is the group a Linux kernel puts every SPI in: 1 on GICv3 (irq-gic-v3.c {@code gic_dist_init}
     * writes ~0), 0 on GICv2 (irq-gic.c leaves the reset value).
     */
    default boolean group(int intid, GicVersion version) {
        return version == GicVersion.V3;
    }

    /** A GICD_IGROUPR write of one INTID's bit; the default keeps no groups and ignores it. */
    default void writeGroup(int intid, boolean group1, String register) {
    }

    /**
     * A whole write-1-to-act bit register of {@code family} (32 INTIDs from {@code first}, a multiple of
     * 32): each set bit's INTID, ascending, to its setter. The INTIDs outside the SPIs are skipped.
     */
    default void writeSetBits(DistributorRegisters.Family family, int first, long value, String register) {
        int last = lastIntid(); // fixed once the distributor has its SPIs
        for (int i = 0; i < 32; i++) {
            int intid = first + i;
            if (((value >>> i) & 1) != 0 && intid >= 32 && intid <= last) {
                switch (family) {
                    case ISENABLER -> writeEnable(intid, true, register);
                    case ICENABLER -> writeEnable(intid, false, register);
                    case ISPENDR -> writePending(intid, true, register);
                    case ICPENDR -> writePending(intid, false, register);
                    case ISACTIVER -> writeActive(intid, true, register);
                    case ICACTIVER -> writeActive(intid, false, register);
                    default -> throw new IllegalStateException("no bit family " + family);
                }
            }
        }
    }

    /** A whole GICD_IPRIORITYR (the 4 bytes of the INTIDs from {@code first}), byte by byte. */
    default void writePriorities(int first, long value, String register) {
        for (int i = 0; i < 4 && first + i <= lastIntid(); i++) {
            writePriority(first + i, (int) (value >>> (8 * i)) & 0xff, register);
        }
    }

    /**
     * A whole GICD_ICFGR (the 16 INTIDs from {@code first}): IHI 0048B 4.3.13, Int_config[1] of each
     * 2-bit field, 0 level-sensitive, 1 edge-triggered.
     */
    default void writeConfigs(int first, long value, String register) {
        for (int i = 0; i < 16; i++) {
            int intid = first + i;
            if (intid >= 32 && intid <= lastIntid()) {
                writeConfig(intid, ((value >>> (2 * i + 1)) & 1) != 0, register);
            }
        }
    }

    /** A whole GICD_IGROUPR (the 32 INTIDs from {@code first}): every bit is written, 0 or 1 (not write-1-to-act). */
    default void writeGroups(int first, long value, String register) {
        for (int i = 0; i < 32; i++) {
            int intid = first + i;
            if (intid >= 32 && intid <= lastIntid()) {
                writeGroup(intid, ((value >>> i) & 1) != 0, register);
            }
        }
    }

    /** GICD_ITARGETSR byte (v2) or GICD_IROUTER value (v3). */
    long route(int intid);

    void writeRoute(int intid, long value, String register);
}
