package dev.irqlab.gic.arch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Decodes the manual's distributor register names ("GICD_ISENABLER1", "GICD_IPRIORITYR10",
 * "GICD_ITARGETSR8", "GICD_IROUTER40") into per-INTID operations on a {@link SpiRegisterTarget}.
 * Offsets and layouts: IHI 0048B 4.3 (GICv2 distributor) and IHI 0069 12.9 (GICv3); only the SPI
 * part is modelled: bits for INTIDs below 32 read as zero and ignore writes (SGIs and PPIs live in
 * the banked registers / the redistributor and are outside the model).
 */
public final class DistributorRegisters {

    /**
     * One register family: the name prefix and how many INTIDs one register covers. A driver names a
     * register by its family and index ({@link GicAccess#writeRegister}), found without a look-up.
     */
    public enum Family {
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

        /** How many INTIDs one register covers: register n holds INTIDs n * perRegister and up. */
        public int perRegister() {
            return perRegister;
        }

        /** Register {@code index}'s name ("GICD_ICFGR2"): for INTIDs up to 1019 the same String every time. */
        public String name(int index) {
            String[] names = NAMES[ordinal()];
            return index >= 0 && index < names.length ? names[index] : prefix + index;
        }
    }

    /** The highest SPI INTID of any GIC (IHI 0069 2.2.1: SPIs 32-1019). */
    private static final int MAX_INTID = 1019;
    private static final List<Family> V2_FAMILIES = List.of(Family.ISENABLER, Family.ICENABLER, Family.ISPENDR,
            Family.ICPENDR, Family.ISACTIVER, Family.ICACTIVER, Family.IPRIORITYR, Family.ICFGR, Family.ITARGETSR,
            Family.IGROUPR);
    private static final List<Family> V3_FAMILIES = List.of(Family.ISENABLER, Family.ICENABLER, Family.ISPENDR,
            Family.ICPENDR, Family.ISACTIVER, Family.ICACTIVER, Family.IPRIORITYR, Family.ICFGR, Family.IROUTER,
            Family.IGROUPR);
    private static final List<Family> FAMILIES = List.of(Family.values());
    /**
     * Per family (by ordinal), every register name up to INTID {@value #MAX_INTID}, {@code prefix + n}:
     * one String per register for every GIC, built once, never changed (private: no array escapes).
     */
    private static final String[][] NAMES = FAMILIES.stream().map(f -> {
        String[] n = new String[MAX_INTID / f.perRegister + 1];
        for (int i = 0; i < n.length; i++) {
            n[i] = f.prefix + i;
        }
        return n;
    }).toArray(String[][]::new);
    /** A decoded index has at most 6 digits. */
    private static final int INDEX_BITS = 20;
    private static final int INDEX_MASK = (1 << INDEX_BITS) - 1;
    /**
     * The family and index of every name of {@link #NAMES}, {@link #packed}. A read-only view of
     * a {@code HashMap}, never changed: its look-up compares the same String by reference, where
     * {@code Map.copyOf}'s open addressing compared characters along the long runs that the
     * consecutive hash codes of "GICD_IROUTER32", "GICD_IROUTER33", ... form (most of a guest's boot).
     */
    private static final Map<String, Integer> CANONICAL = canonical();

    private static Map<String, Integer> canonical() {
        Map<String, Integer> m = new HashMap<>();
        for (Family f : FAMILIES) {
            String[] names = NAMES[f.ordinal()];
            for (int i = 0; i < names.length; i++) {
                m.put(names[i], packed(f, i));
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * Per family (by ordinal), {@link #NAMES}' trace causes {@code name + " write"} and {@code name + " read"}:
     * built once, never changed (private: no array escapes), so that no run builds one.
     */
    private static final String[][] WRITE_CAUSES = suffixed(" write");
    private static final String[][] READ_CAUSES = suffixed(" read");

    private static String[][] suffixed(String suffix) {
        String[][] out = new String[NAMES.length][];
        for (int f = 0; f < NAMES.length; f++) {
            out[f] = new String[NAMES[f].length];
            for (int i = 0; i < out[f].length; i++) {
                out[f][i] = NAMES[f][i] + suffix;
            }
        }
        return out;
    }

    /** {@code register + " write"} for a register of {@link #NAMES}, built once; null for any other name. */
    static String knownWriteCause(String register) {
        Integer known = CANONICAL.get(register);
        return known == null ? null : WRITE_CAUSES[known >>> INDEX_BITS][known & INDEX_MASK];
    }

    /** {@code register + " read"} for a register of {@link #NAMES}, built once; null for any other name. */
    static String knownReadCause(String register) {
        Integer known = CANONICAL.get(register);
        return known == null ? null : READ_CAUSES[known >>> INDEX_BITS][known & INDEX_MASK];
    }

    private static int packed(Family f, int index) {
        return f.ordinal() << INDEX_BITS | index;
    }

    /**
     * The name of register {@code index} of the family named {@code prefix} ("GICD_ICFGR", 2 gives
     * "GICD_ICFGR2"): for the registers of INTIDs up to 1019 the same String every time, built once.
     */
    @SuppressWarnings("ReferenceEquality") // a caller's constant prefix is the same String: found without comparing
    public static String name(String prefix, int index) {
        for (Family f : FAMILIES) {
            if (f.prefix == prefix) {
                return f.name(index);
            }
        }
        for (Family f : FAMILIES) {
            if (f.prefix.equals(prefix)) {
                return f.name(index);
            }
        }
        return prefix + index;
    }

    static final String CTLR = "GICD_CTLR";

    private final GicVersion version;
    private final SpiRegisterTarget target;

    public DistributorRegisters(GicVersion version, SpiRegisterTarget target) {
        this.version = version;
        this.target = target;
    }

    private List<Family> families() {
        return version == GicVersion.V2 ? V2_FAMILIES : V3_FAMILIES;
    }

    /** Every register name, GICD_CTLR first. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(CTLR);
        for (Family f : families()) {
            for (int n = 32 / f.perRegister; n <= target.lastIntid() / f.perRegister; n++) {
                names.add(name(f.prefix, n));
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
        return CTLR.equals(register) || decode(register) >= 0;
    }

    /**
     * The family and index of {@code register} ({@link #packed}), or -1 when it names no register of
     * this distributor: a prefix of this version's families followed by 1 to 6 digits, the index
     * within the SPIs' range. The names this class builds are found without parsing.
     */
    private int decode(String register) {
        Integer known = CANONICAL.get(register);
        if (known != null) {
            Family f = FAMILIES.get(known >>> INDEX_BITS);
            return hasFamily(f) && inRange(f, known & INDEX_MASK) ? known : -1;
        }
        for (Family f : families()) {
            if (register.startsWith(f.prefix)) {
                int n = digits(register, f.prefix.length());
                if (n >= 0 && inRange(f, n)) {
                    return packed(f, n);
                }
            }
        }
        return -1;
    }

    /** Whether {@link #families()} has {@code f}: GICv2 routes by GICD_ITARGETSR, GICv3 by GICD_IROUTER. */
    private boolean hasFamily(Family f) {
        return switch (f) {
            case ITARGETSR -> version == GicVersion.V2;
            case IROUTER -> version == GicVersion.V3;
            default -> true;
        };
    }

    private boolean inRange(Family f, int n) {
        return n >= 32 / f.perRegister && n <= target.lastIntid() / f.perRegister;
    }

    /** The number the 1 to 6 digits ({@link Character#isDigit}) from {@code from} to the end spell, or -1. */
    private static int digits(String s, int from) {
        int length = s.length() - from;
        if (length < 1 || length > 6) {
            return -1;
        }
        int n = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isDigit(c)) {
                return -1;
            }
            n = n * 10 + Character.digit(c, 10);
        }
        return n;
    }

    private int decodeOrThrow(String register) {
        int d = decode(register);
        if (d < 0) {
            throw noSuchRegister();
        }
        return d;
    }

    /** Register {@code index} of {@code family}, checked as {@link #decode} checks a name. */
    private void checkRegister(Family family, int index) {
        if (!hasFamily(family) || !inRange(family, index)) {
            throw noSuchRegister();
        }
    }

    private static NoSuchElementException noSuchRegister() {
        return new NoSuchElementException("No value present");
    }

    /** The families whose access traps in KVM as a write that changes state (all GICD_ writes do). */
    public long read(String register) {
        if (CTLR.equals(register)) {
            return target.ctlrForRead();
        }
        int d = decodeOrThrow(register);
        return read(FAMILIES.get(d >>> INDEX_BITS), d & INDEX_MASK);
    }

    /**
     * {@link #read(String)} of register {@code index} of {@code family}.
     *
     * @throws NoSuchElementException when this distributor has no such register
     */
    public long read(Family family, int index) {
        checkRegister(family, index);
        long value = 0;
        int first = index * family.perRegister;
        switch (family) {
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
            default -> throw new IllegalStateException("unhandled family " + family);
        }
        return value;
    }

    public void write(String register, long value) {
        if (CTLR.equals(register)) {
            target.writeCtlr(value);
            return;
        }
        int d = decodeOrThrow(register);
        write(FAMILIES.get(d >>> INDEX_BITS), d & INDEX_MASK, value, register);
    }

    /**
     * {@link #write(String, long)} when {@code register} names a register of {@code family} of this
     * distributor; false, and nothing written, when it does not. Decoded within the family, as
     * {@link #decode} would (no family's prefix starts another's, and the rest must be digits): no
     * look-up among every register name.
     */
    public boolean writeIn(Family family, String register, long value) {
        if (!hasFamily(family) || !register.startsWith(family.prefix)) {
            return false;
        }
        int n = digits(register, family.prefix.length());
        if (n < 0 || !inRange(family, n)) {
            return false;
        }
        write(family, n, value, register);
        return true;
    }

    /**
     * {@link #write(String, long)} of register {@code index} of {@code family}, named {@code register}
     * (as written; {@link Family#name(int)} for a driver's access): the cause the changes are traced with.
     *
     * @throws NoSuchElementException when this distributor has no such register
     */
    public void write(Family family, int index, long value, String register) {
        checkRegister(family, index);
        int first = index * family.perRegister;
        switch (family) {
            case ISENABLER, ICENABLER, ISPENDR, ICPENDR, ISACTIVER, ICACTIVER ->
                    target.writeSetBits(family, first, value, register);
            case IPRIORITYR -> target.writePriorities(first, value, register);
            case ICFGR -> target.writeConfigs(first, value, register);
            case ITARGETSR -> {
                for (int i = 0; i < 4 && first + i <= target.lastIntid(); i++) {
                    target.writeRoute(first + i, (value >>> (8 * i)) & 0xff, register);
                }
            }
            case IROUTER -> target.writeRoute(first, value, register);
            case IGROUPR -> target.writeGroups(first, value, register);
            default -> throw new IllegalStateException("unhandled family " + family);
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

    /** The mask of INTID's bit in its bit register. */
    public static long bitMask(int intid) {
        return 1L << (intid % 32);
    }
}
