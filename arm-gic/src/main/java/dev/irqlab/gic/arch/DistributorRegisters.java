package dev.irqlab.gic.arch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes the manual's distributor register names ("GICD_ISENABLER1", "GICD_IPRIORITYR10",
 * "GICD_ITARGETSR8", "GICD_IROUTER40") into per-INTID operations on a {@link SpiRegisterTarget}.
 * Offsets and layouts: IHI 0048B 4.3 (GICv2 distributor) and IHI 0069 12.9 (GICv3); only the SPI
 * part is modelled: bits for INTIDs below 32 read as zero and ignore writes (SGIs and PPIs live in
 * the banked registers / the redistributor and are outside the model).
 */
public final class DistributorRegisters {

    /** One register family: the name prefix and how many INTIDs one register covers. */
    private enum Family {
        ISENABLER("GICD_ISENABLER", 32), ICENABLER("GICD_ICENABLER", 32),
        ISPENDR("GICD_ISPENDR", 32), ICPENDR("GICD_ICPENDR", 32),
        ISACTIVER("GICD_ISACTIVER", 32), ICACTIVER("GICD_ICACTIVER", 32),
        IPRIORITYR("GICD_IPRIORITYR", 4), ICFGR("GICD_ICFGR", 16),
        ITARGETSR("GICD_ITARGETSR", 4), IROUTER("GICD_IROUTER", 1), IGROUPR("GICD_IGROUPR", 32);

        final String prefix;
        final int perRegister;

        Family(String prefix, int perRegister) {
            this.prefix = prefix;
            this.perRegister = perRegister;
        }
    }

    /** A decoded name: family and register index n. */
    private record Decoded(Family family, int index) {
        int firstIntid() {
            return index * family.perRegister;
        }
    }

    static final String CTLR = "GICD_CTLR";

    private final GicVersion version;
    private final SpiRegisterTarget target;

    public DistributorRegisters(GicVersion version, SpiRegisterTarget target) {
        this.version = version;
        this.target = target;
    }

    private List<Family> families() {
        List<Family> fs = new ArrayList<>(List.of(Family.ISENABLER, Family.ICENABLER, Family.ISPENDR,
                Family.ICPENDR, Family.ISACTIVER, Family.ICACTIVER, Family.IPRIORITYR, Family.ICFGR));
        fs.add(version == GicVersion.V2 ? Family.ITARGETSR : Family.IROUTER);
        fs.add(Family.IGROUPR);
        return fs;
    }

    /** Every register name, GICD_CTLR first. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(CTLR);
        for (Family f : families()) {
            for (int n = 32 / f.perRegister; n <= target.lastIntid() / f.perRegister; n++) {
                names.add(f.prefix + n);
            }
        }
        return names;
    }

    /** A short description of the names, for error messages. */
    String summary() {
        StringBuilder sb = new StringBuilder(CTLR);
        for (Family f : families()) {
            sb.append(", ").append(f.prefix).append('<').append(32 / f.perRegister).append("..")
                    .append(target.lastIntid() / f.perRegister).append('>');
        }
        return sb.toString();
    }

    public boolean accepts(String register) {
        return CTLR.equals(register) || decode(register).isPresent();
    }

    private Optional<Decoded> decode(String register) {
        for (Family f : families()) {
            if (register.startsWith(f.prefix)) {
                String rest = register.substring(f.prefix.length());
                if (rest.isEmpty() || !rest.chars().allMatch(Character::isDigit) || rest.length() > 6) {
                    continue;
                }
                int n = Integer.parseInt(rest);
                if (n >= 32 / f.perRegister && n <= target.lastIntid() / f.perRegister) {
                    return Optional.of(new Decoded(f, n));
                }
            }
        }
        return Optional.empty();
    }

    /** The families whose access traps in KVM as a write that changes state (all GICD_ writes do). */
    public long read(String register) {
        if (CTLR.equals(register)) {
            return target.ctlrForRead();
        }
        Decoded d = decode(register).orElseThrow();
        long value = 0;
        int first = d.firstIntid();
        switch (d.family) {
            case ISENABLER, ICENABLER -> value = bits(first, target::enabled);
            case ISPENDR, ICPENDR -> value = bits(first, target::pendingForRead);
            case ISACTIVER, ICACTIVER -> value = bits(first, target::active);
            case IPRIORITYR -> {
                for (int i = 0; i < 4 && first + i <= target.lastIntid(); i++) {
                    value |= (long) (target.priority(first + i) & 0xff) << (8 * i);
                }
            }
            case ICFGR -> {
                for (int i = 0; i < 16; i++) {
                    int intid = first + i;
                    if (intid >= 32 && intid <= target.lastIntid() && target.edge(intid)) {
                        value |= 2L << (2 * i);
                    }
                }
            }
            case ITARGETSR -> {
                for (int i = 0; i < 4 && first + i <= target.lastIntid(); i++) {
                    value |= (target.route(first + i) & 0xff) << (8 * i);
                }
            }
            case IROUTER -> value = target.route(first);
            case IGROUPR -> value = bits(first, intid -> target.group(intid, version));
            default -> throw new IllegalStateException("unhandled family " + d.family);
        }
        return value;
    }

    public void write(String register, long value) {
        if (CTLR.equals(register)) {
            target.writeCtlr(value);
            return;
        }
        Decoded d = decode(register).orElseThrow();
        int first = d.firstIntid();
        switch (d.family) {
            case ISENABLER -> forSetBits(first, value, intid -> target.writeEnable(intid, true, register));
            case ICENABLER -> forSetBits(first, value, intid -> target.writeEnable(intid, false, register));
            case ISPENDR -> forSetBits(first, value, intid -> target.writePending(intid, true, register));
            case ICPENDR -> forSetBits(first, value, intid -> target.writePending(intid, false, register));
            case ISACTIVER -> forSetBits(first, value, intid -> target.writeActive(intid, true, register));
            case ICACTIVER -> forSetBits(first, value, intid -> target.writeActive(intid, false, register));
            case IPRIORITYR -> {
                for (int i = 0; i < 4 && first + i <= target.lastIntid(); i++) {
                    target.writePriority(first + i, (int) (value >>> (8 * i)) & 0xff, register);
                }
            }
            case ICFGR -> {
                // IHI 0048B 4.3.13: Int_config[1] of each 2-bit field: 0 level-sensitive, 1 edge-triggered.
                for (int i = 0; i < 16; i++) {
                    int intid = first + i;
                    if (intid >= 32 && intid <= target.lastIntid()) {
                        target.writeConfig(intid, ((value >>> (2 * i + 1)) & 1) != 0, register);
                    }
                }
            }
            case ITARGETSR -> {
                for (int i = 0; i < 4 && first + i <= target.lastIntid(); i++) {
                    target.writeRoute(first + i, (value >>> (8 * i)) & 0xff, register);
                }
            }
            case IROUTER -> target.writeRoute(first, value, register);
            case IGROUPR -> {
                // every bit is written, 0 or 1 (not write-1-to-act)
                for (int i = 0; i < 32; i++) {
                    int intid = first + i;
                    if (intid >= 32 && intid <= target.lastIntid()) {
                        target.writeGroup(intid, ((value >>> i) & 1) != 0, register);
                    }
                }
            }
            default -> throw new IllegalStateException("unhandled family " + d.family);
        }
    }

    private long bits(int first, java.util.function.IntPredicate p) {
        long value = 0;
        for (int i = 0; i < 32; i++) {
            int intid = first + i;
            if (intid >= 32 && intid <= target.lastIntid() && p.test(intid)) {
                value |= 1L << i;
            }
        }
        return value;
    }

    private void forSetBits(int first, long value, java.util.function.IntConsumer action) {
        for (int i = 0; i < 32; i++) {
            int intid = first + i;
            if (((value >>> i) & 1) != 0 && intid >= 32 && intid <= target.lastIntid()) {
                action.accept(intid);
            }
        }
    }

    /** The register name holding INTID's bit in a bit family ("GICD_ICENABLER1" for INTID 40). */
    static String bitRegister(String prefix, int intid) {
        return prefix + (intid / 32);
    }

    /** The mask of INTID's bit in its bit register. */
    public static long bitMask(int intid) {
        return 1L << (intid % 32);
    }
}
