package dev.irqlab.gic.arch;

import java.util.Arrays;
import java.util.Map;

/**
 * The SPI part of a physical GIC distributor (IHI 0048B chapter 4.3, IHI 0069 chapter 12.9):
 * the per-SPI state machines and their GICD_* registers. Signalling toward the CPU interfaces is
 * done by {@link PhysicalGic}, which {@link #onChange} notifies after every change.
 *
 * <p>Initial state as Linux's distributor init leaves it (irq-gic.c {@code gic_dist_init} /
 * irq-gic-v3.c {@code gic_dist_init} + irq-gic-common.c {@code gic_dist_config}): distributor
 * enabled, every SPI disabled and inactive, level-sensitive, priority {@code GICD_INT_DEF_PRI} 0xa0,
 * routed to the boot CPU 0.
 */
public final class Distributor implements SpiRegisterTarget {

    private final RegisterNames registerNames = new RegisterNames();

    /** {@code GICD_INT_DEF_PRI} (include/linux/irqchip/arm-gic-common.h). */
    public static final int DEFAULT_PRIORITY = 0xa0;

    private final GicVersion version;
    /**
     * The SPIs made so far, by INTID - 32 ({@link #spi}): as long as the highest one used, at most
     * {@link #spiCount}. A run uses a few of the up to 988 SPIs, and the array is built per run.
     */
    private SpiState[] spis = new SpiState[0];
    private final int spiCount;
    private final StateTrace trace;
    private final Runnable onChange;
    /**
     * INTID - 32 of every SPI that is enabled, pending and not active, a bit each (64 per word): the
     * only ones that can be signalled (IHI 0048B 3.2.2). Kept up to date by {@link #changed}, through
     * which every SPI mutation goes, so that the CPU interfaces need not scan all SPIs.
     */
    private final long[] candidates;
    /**
     * Per CPU and priority: how many candidates could be signalled to that CPU (routed to it, or 1 of
     * N), and per CPU the priorities that have any (a 256-bit set): the lowest is a bound below which
     * no candidate can be signalled there, so a CPU interface that would take none of its
     * candidates, or has none, is known without a walk (many SPIs pending at once).
     */
    private final int[][] candidatesAt;
    private final long[][] prioritiesPresent;
    /** Per CPU, the lowest priority of {@link #prioritiesPresent}, 256 for none: kept by {@link #count}. */
    private final int[] lowestPresent;
    /** How many candidates are 1 of N ({@link #oneOfN}), counted under every CPU. */
    private int oneOfNCandidates;
    private final int cpuCount;
    private boolean enabled = true;
    /** GICD_CTLR as read back; initially what Linux's gic_dist_init writes. */
    private long ctlr;

    static final long CTLR_V2_ENABLE = 1;
    static final long CTLR_V3_ENABLE_G1 = 1;
    static final long CTLR_V3_ENABLE_G1A = 1L << 1;
    static final long CTLR_V3_ARE_NS = 1L << 4;
    static final long CTLR_V3_BITS = CTLR_V3_ARE_NS | CTLR_V3_ENABLE_G1A | CTLR_V3_ENABLE_G1;
    static final long IROUTER_IRM = 1L << 31;

    Distributor(GicVersion version, int spiCount, int cpuCount, StateTrace trace, Runnable onChange) {
        this.version = version;
        this.cpuCount = cpuCount;
        // one row at a time: a two-dimensional allocation is a call into the VM in compiled code
        this.candidatesAt = new int[cpuCount][];
        this.prioritiesPresent = new long[cpuCount][];
        for (int c = 0; c < cpuCount; c++) {
            candidatesAt[c] = new int[256];
            prioritiesPresent[c] = new long[4];
        }
        this.lowestPresent = new int[cpuCount];
        Arrays.fill(lowestPresent, 256);
        this.trace = trace;
        this.onChange = onChange;
        this.spiCount = spiCount;
        this.candidates = new long[(spiCount + 63) / 64];
        this.ctlr = version == GicVersion.V2 ? CTLR_V2_ENABLE : CTLR_V3_BITS;
    }

    /** As {@code VgicMmio}: the cause's text only for a trace that reads state changes. */
    private String writeCause(String register) {
        return trace.detail() ? registerNames.writeCause(register) : null;
    }

    boolean isSpi(int intid) {
        return intid >= 32 && intid <= lastIntid();
    }

    SpiState spi(int intid) {
        if (!isSpi(intid)) {
            throw new IllegalArgumentException("INTID " + intid + " is not an SPI of this GIC (32.." + lastIntid() + ")");
        }
        int i = intid - 32;
        if (i >= spis.length) {
            spis = Arrays.copyOf(spis, Math.min(spiCount, Math.max(i + 1, 2 * spis.length)));
        }
        SpiState s = spis[i];
        if (s == null) {
            // v2: ITARGETSR = CPU interface 0's bit; v3: IROUTER = affinity of CPU 0, IRM = 0. Made on first
            // use: a run touches a few of the up to 988 SPIs.
            s = new SpiState(intid, DEFAULT_PRIORITY, version == GicVersion.V2 ? 1L : 0L);
            spis[i] = s;
        }
        return s;
    }

    /**
     * The first SPI at or after {@code intid} that is enabled, pending and not active, or null:
     * walking from 32 visits them in ascending INTID order.
     */
    SpiState nextCandidate(int intid) {
        int from = Math.max(0, intid - 32);
        int w = from >>> 6;
        if (w >= candidates.length) {
            return null;
        }
        long word = candidates[w] & (-1L << from); // the shift count is taken mod 64: bits from `from` up
        while (word == 0) {
            if (++w == candidates.length) {
                return null;
            }
            word = candidates[w];
        }
        return spis[w * 64 + Long.numberOfTrailingZeros(word)];
    }

    /**
     * After a change to one SPI (its fields changed by the caller since {@code before}, its
     * {@link SpiState#traced} value): traces the change and re-evaluates the CPU outputs when it may
     * have changed them ({@link #record}). Every SPI mutation ends here or in {@link #record}.
     */
    void changed(SpiState s, int before, String cause) {
        if (record(s, before, cause)) {
            onChange.run();
        }
    }

    /**
     * Traces a change to one SPI and keeps the candidates up to date; whether they changed: whether
     * the SPI became or stopped being a candidate, or a candidate's priority or routing changed. A CPU
     * output is a function of the candidates, their priorities and routes, the distributor enable and
     * each CPU interface's priority mask and running priority (IHI 0069 "Interrupt prioritization",
     * the highest priority pending interrupt of ICC_HPPIR1_EL1): after a change that leaves the
     * candidates as they were, the outputs are what the last evaluation made them.
     */
    boolean record(SpiState s, int before, String cause) {
        int intid = s.intid;
        if (trace.detail()) {
            trace.changed(intid, SpiState.TRACED, before, s.traced(), cause);
        }
        boolean candidate = s.enabled && s.pending() && !s.active;
        boolean counted = s.countedPriority >= 0;
        if (!candidate && !counted) {
            return false;
        }
        long targets = candidate ? targets(s, cpuCount) : 0;
        boolean oneOfN = candidate && oneOfN(s);
        if (candidate && counted && s.countedPriority == s.priority && s.countedTargets == targets
                && s.countedOneOfN == oneOfN) {
            return false;
        }
        int i = intid - 32;
        if (candidate) {
            candidates[i >>> 6] |= 1L << i;
        } else {
            candidates[i >>> 6] &= ~(1L << i);
        }
        if (counted) {
            count(s.countedTargets, s.countedPriority, -1);
            s.countedPriority = -1;
            if (s.countedOneOfN) {
                oneOfNCandidates--;
            }
        }
        if (candidate) {
            s.countedTargets = targets;
            s.countedPriority = s.priority;
            s.countedOneOfN = oneOfN;
            count(targets, s.priority, 1);
            if (oneOfN) {
                oneOfNCandidates++;
            }
        }
        return true;
    }

    /**
     * {@link SpiState#traced} before a change, for {@link #changed} after it; 0 when the trace reads no
     * state changes, which then emits nothing and needs no bits.
     */
    int tracedBefore(SpiState s) {
        return trace.detail() ? s.traced() : 0;
    }

    private void count(long cpus, int priority, int delta) {
        for (long m = cpus; m != 0; m &= m - 1) {
            int cpu = Long.numberOfTrailingZeros(m);
            int n = candidatesAt[cpu][priority] += delta;
            if (n == 0) {
                prioritiesPresent[cpu][priority >>> 6] &= ~(1L << priority);
                if (priority == lowestPresent[cpu]) {
                    lowestPresent[cpu] = lowestIn(prioritiesPresent[cpu]);
                }
            } else if (n == 1 && delta > 0) {
                prioritiesPresent[cpu][priority >>> 6] |= 1L << priority;
                lowestPresent[cpu] = Math.min(lowestPresent[cpu], priority);
            }
        }
    }

    /** The lowest priority of a 256-bit set, 256 when it is empty. */
    private static int lowestIn(long[] present) {
        for (int w = 0; w < present.length; w++) {
            if (present[w] != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(present[w]);
            }
        }
        return 256;
    }

    /**
     * The lowest priority value (the most urgent) of the candidates that could be signalled to
     * {@code cpu}, or 256 when there is none: no SPI of a lower value can be signalled there.
     */
    int lowestCandidatePriority(int cpu) {
        if (cpuCount > 64) {
            return 0; // routes are 64-bit masks here: no bound
        }
        return lowestPresent[cpu];
    }

    /**
     * Whether {@link #lowestCandidatePriority} is the priority of a candidate signalled to the CPU
     * when its interface admits it: every candidate is counted under the CPUs it is routed to, so it
     * is unless a 1-of-N candidate, counted under every CPU and signalled to one, is among them.
     */
    boolean boundIsRouted() {
        return oneOfNCandidates == 0 && cpuCount <= 64;
    }

    /**
     * The input wire. Level-sensitive: the line is sampled continuously, pending follows it.
     * Edge-triggered: a rising edge sets the latch (IHI 0048B 3.2.4), also while disabled or active.
     */
    void setLine(int intid, boolean high) {
        SpiState s = spi(intid);
        if (s.line == high) {
            return;
        }
        int before = tracedBefore(s);
        if (high && s.edge) {
            s.latch = true;
        }
        s.line = high;
        changed(s, before, high ? "line asserted" : "line deasserted");
    }

    /** Which CPUs an SPI is routed to (bit mask over CPU numbers). */
    long targets(SpiState s, int cpus) {
        long all = cpus >= 64 ? -1L : (1L << cpus) - 1;
        if (version == GicVersion.V2) {
            return s.route & 0xff & all; // IHI 0048B 4.3.12: CPU targets bit field
        }
        if (oneOfN(s)) {
            return all; // IHI 0069 12.9.22 IRM = 1: every participating PE may be the one (Gic#oneOfN)
        }
        int aff0 = (int) (s.route & 0xff); // model: CPU n has affinity Aff0 = n
        return aff0 < cpus ? 1L << aff0 : 0;
    }

    @Override
    public int lastIntid() {
        return 31 + spiCount;
    }

    @Override
    public boolean distributorEnabled() {
        return enabled;
    }

    /**
     * GICD_CTLR: GICv2 bit 0 Enable (IHI 0048B 4.3.1). GICv3 as Linux's gic_dist_init programs it from
     * the Non-secure side: ARE_NS (bit 4), EnableGrp1A (bit 1, the enable of the Non-secure Group 1
     * interrupts Linux uses) and bit 0 read back as written (IHI 0069 12.9.4, irq-gic-v3.c
     * GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A | GICD_CTLR_ENABLE_G1). RWP (bit 31) reads 0: writes take
     * effect at once.
     */
    @Override
    public long ctlrForRead() {
        return ctlr;
    }

    @Override
    public void writeCtlr(long value) {
        ctlr = value & (version == GicVersion.V2 ? CTLR_V2_ENABLE : CTLR_V3_BITS);
        enabled = (ctlr & (version == GicVersion.V2 ? CTLR_V2_ENABLE : CTLR_V3_ENABLE_G1A)) != 0;
        onChange.run();
    }

    /**
     * IHI 0069 12.9.22 GICD_IROUTER.IRM = 1: the SPI goes to one participating PE (1 of N); which one
     * is IMPLEMENTATION DEFINED.
     */
    boolean oneOfN(SpiState s) {
        return version == GicVersion.V3 && (s.route & IROUTER_IRM) != 0;
    }

    @Override
    public boolean enabled(int intid) {
        return spi(intid).enabled;
    }

    /** IHI 0048B 4.3.5/4.3.6: enabling or disabling keeps pending and active state. */
    @Override
    public void writeEnable(int intid, boolean set, String register) {
        SpiState s = spi(intid);
        int before = tracedBefore(s);
        s.enabled = set;
        changed(s, before, writeCause(register));
    }

    @Override
    public boolean pendingForRead(int intid) {
        return spi(intid).pending();
    }

    /**
     * IHI 0048B 4.3.7/4.3.8: ISPENDR latches pending; ICPENDR clears the latch, but a level-sensitive
     * SPI whose line is still asserted stays pending.
     */
    @Override
    public void writePending(int intid, boolean set, String register) {
        SpiState s = spi(intid);
        int before = tracedBefore(s);
        s.latch = set;
        changed(s, before, writeCause(register));
    }

    @Override
    public boolean active(int intid) {
        return spi(intid).active;
    }

    /** IHI 0048B 4.3.9/4.3.10: ISACTIVER / ICACTIVER set or clear the active state directly. */
    @Override
    public void writeActive(int intid, boolean set, String register) {
        SpiState s = spi(intid);
        int before = tracedBefore(s);
        s.active = set;
        if (!set) {
            s.activeCpu = -1;
        }
        changed(s, before, writeCause(register));
    }

    @Override
    public int priority(int intid) {
        return spi(intid).priority;
    }

    @Override
    public void writePriority(int intid, int priority, String register) {
        SpiState s = spi(intid);
        int before = tracedBefore(s);
        s.priority = priority & 0xff;
        changed(s, before, writeCause(register));
    }

    @Override
    public boolean edge(int intid) {
        return spi(intid).edge;
    }

    /** IHI 0048B 4.3.13: changing Int_config of an SPI; the latch is kept, the line is re-read. */
    @Override
    public void writeConfig(int intid, boolean edge, String register) {
        SpiState s = spi(intid);
        int before = tracedBefore(s);
        s.edge = edge;
        changed(s, before, writeCause(register));
    }

    @Override
    public long route(int intid) {
        return spi(intid).route;
    }

    @Override
    public void writeRoute(int intid, long value, String register) {
        SpiState s = spi(intid);
        int before = tracedBefore(s);
        s.route = value;
        changed(s, before, writeCause(register));
    }

    /** The fields of {@code s} by register name, as text. */
    Map<String, String> fields(GicSpi s) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("state", s.state().label());
        m.put("GICD_ISENABLER", StateTrace.bit(s.enabled()));
        m.put("GICD_ISPENDR", StateTrace.bit(s.pending()));
        m.put("GICD_ISACTIVER", StateTrace.bit(s.active()));
        m.put("latch", StateTrace.bit(s.latch()));
        m.put("line", StateTrace.bit(s.line()));
        m.put("GICD_ICFGR", s.edge() ? "edge" : "level");
        m.put("GICD_IPRIORITYR", String.format("0x%02x", s.priority()));
        m.put(version.routingRegister(), "0x" + Long.toHexString(s.route()));
        return m;
    }
}
