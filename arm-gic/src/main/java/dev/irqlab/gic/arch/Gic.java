package dev.irqlab.gic.arch;

import com.google.inject.Inject;
import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.PinState;
import dev.irqlab.api.controller.Registers;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.sim.Sim;

/**
 * A physical GICv2 or GICv3: the {@link Distributor} (SPIs) and one {@link CpuInterface} per CPU
 * with its nIRQ output. Signalling is synchronous: every change re-evaluates each CPU's output
 * (IHI 0048B 3.2.2 "interrupt prioritization": a CPU interface signals the highest-priority pending,
 * enabled, not active interrupt routed to it whose priority is above its priority mask and running
 * priority). Software reaches it through {@link #access()} and {@link #registers()}.
 */
public final class Gic {

    private final GicVersion version;
    private final String name;
    private final StateTrace trace;
    private final Distributor distributor;
    private final CpuInterface[] cpus;
    private final CpuIrqLine[] lines;
    private final boolean[] asserted;
    private final GicRegisters registers;
    private final GicAccess access;

    /** Makes a GIC of the version the plugin's Guice module binds, with a run's values. */
    public static final class Factory {
        private final GicVersion version;

        @Inject
        Factory(GicVersion version) {
            this.version = version;
        }

        public Gic create(Sim sim, String name, int cpuCount, int spiCount, int eoiMode) {
            return new Gic(version, sim, name, cpuCount, spiCount, eoiMode);
        }
    }

    /**
     * @param eoiMode 0 or 1: the EOImode software programs into every CPU interface
     */
    public Gic(GicVersion version, Sim sim, String name, int cpuCount, int spiCount, int eoiMode) {
        if (cpuCount < 1 || (version == GicVersion.V2 && cpuCount > 8)) {
            throw new IllegalArgumentException(name + ": " + cpuCount + " CPUs; " + version.physicalName()
                    + " supports 1.." + (version == GicVersion.V2 ? 8 : "any"));
        }
        this.version = version;
        this.name = name;
        this.trace = new StateTrace(sim, name);
        this.cpus = new CpuInterface[cpuCount];
        this.lines = new CpuIrqLine[cpuCount];
        this.asserted = new boolean[cpuCount];
        for (int c = 0; c < cpuCount; c++) {
            cpus[c] = new CpuInterface(c, eoiMode);
        }
        this.distributor = new Distributor(version, spiCount, cpuCount, trace, this::update);
        GicRegisters.CpuSide cpuSide = new GicRegisters.CpuSide() {
            @Override
            public int iar(int cpu) {
                return Gic.this.iar(cpu);
            }

            @Override
            public void eoir(int cpu, int intid) {
                Gic.this.eoir(cpu, intid);
            }

            @Override
            public void dir(int cpu, int intid) {
                Gic.this.dir(cpu, intid);
            }

            @Override
            public int rpr(int cpu) {
                return cpu(cpu).runningPriority();
            }

            @Override
            public int pmr(int cpu) {
                return cpu(cpu).pmr;
            }

            @Override
            public void setPmr(int cpu, int pmr) {
                cpu(cpu).pmr = pmr;
                update();
            }

            @Override
            public int eoiMode(int cpu) {
                return cpu(cpu).eoiMode;
            }

            @Override
            public void setEoiMode(int cpu, int mode) {
                cpu(cpu).eoiMode = mode;
            }
        };
        GicRegisters.DistributorGate direct = GicRegisters.DistributorGate.DIRECT;
        this.registers = new GicRegisters(version, new DistributorRegisters(version, distributor), cpuSide, direct);
        this.access = new DistributorAccess(version, distributor, cpuSide, direct,
                intid -> distributor.isSpi(intid) ? Math.max(0, distributor.spi(intid).activeCpu) : 0, () -> -1);
    }

    public GicVersion version() {
        return version;
    }

    public String name() {
        return name;
    }

    /** Register access for software (Linux's GIC driver): every access reaches the hardware directly. */
    public GicAccess access() {
        return access;
    }

    public Registers registers() {
        return registers;
    }

    CpuInterface cpu(int cpu) {
        if (cpu < 0 || cpu >= cpus.length) {
            throw new IllegalArgumentException(name + ": no CPU " + cpu + " (0.." + (cpus.length - 1) + ")");
        }
        return cpus[cpu];
    }

    public void connectCpu(int cpu, CpuIrqLine line) {
        cpu(cpu);
        lines[cpu] = line;
        asserted[cpu] = false;
        update();
    }

    /** SPI n of a device-tree {@code <GIC_SPI n ...>} is INTID 32 + n. */
    public int hwirqForLine(int line) {
        return line >= 0 && line + 32 <= distributor.lastIntid() ? line + 32 : -1;
    }

    public LineSink input(int hwirq) {
        distributor.spi(hwirq);
        return high -> distributor.setLine(hwirq, high);
    }

    /** GICC_IAR / ICC_IAR1_EL1 read: the INTID, or {@link InterruptController#SPURIOUS} for 1023. */
    int iar(int cpu) {
        CpuInterface ci = cpu(cpu);
        SpiState best = null;
        int bound = distributor.lowestCandidatePriority(cpu);
        if (distributor.distributorEnabled() && bound < 256 && ci.admits(bound)) {
            // Only enabled, pending, inactive SPIs can be signalled; ascending INTID, so on equal
            // priority the lowest INTID wins: one at the bound cannot be bettered.
            for (SpiState s = distributor.nextCandidate(32); s != null; s = distributor.nextCandidate(s.intid + 1)) {
                if (signalsTo(s, ci) && (best == null || s.priority < best.priority)) {
                    best = s;
                    if (s.priority == bound) {
                        break;
                    }
                }
            }
        }
        if (best == null) {
            return InterruptController.SPURIOUS;
        }
        SpiState chosen = best;
        // IHI 0048B 3.2.4: acknowledge moves pending -> active (or active+pending while a level line
        // stays asserted); an edge or ISPENDR latch is consumed.
        int before = distributor.tracedBefore(chosen);
        chosen.active = true;
        chosen.activeCpu = cpu;
        chosen.latch = false;
        // The running priority first, so that the outputs are evaluated once, on the state after the
        // acknowledge: taking a candidate away under the old running priority can only lower an
        // output that the new, higher one lowers as well.
        ci.pushActive(chosen.intid, chosen.priority);
        distributor.changed(chosen, before, version.iarRead());
        return chosen.intid;
    }

    /** GICC_EOIR / ICC_EOIR1_EL1 write: priority drop, plus deactivation in EOImode 0. */
    void eoir(int cpu, int intid) {
        CpuInterface ci = cpu(cpu);
        if (!ci.hasActivePriority(intid)) {
            trace.message("gic.eoi_unknown", version.eoir() + " write of INTID " + intid
                    + " that has no active priority on CPU " + cpu + " (ignored)");
        } else if (!ci.dropPriority(intid)) {
            trace.message("gic.eoi_out_of_order", version.eoir() + " write of INTID " + intid
                    + " out of order on CPU " + cpu + " (UNPREDICTABLE; priority dropped)");
        }
        if (ci.eoiMode == 0) {
            deactivate(intid, version.eoirWrite());
        }
        // once, on the state after the priority drop and the deactivation
        update();
    }

    /** GICC_DIR / ICC_DIR_EL1 write: deactivation in EOImode 1. */
    void dir(int cpu, int intid) {
        CpuInterface ci = cpu(cpu);
        if (ci.eoiMode == 0) {
            trace.message("gic.dir_in_eoimode0", version.dir() + " write while EOImode is 0 (UNPREDICTABLE; ignored)");
            return;
        }
        if (deactivate(intid, version.dirWrite())) {
            update();
        }
    }

    /** Deactivates an SPI; whether the CPU outputs need evaluating ({@link Distributor#record}). */
    private boolean deactivate(int intid, String cause) {
        if (!distributor.isSpi(intid)) {
            trace.message("gic.deactivate_unknown", cause + " for INTID " + intid + " which is not an SPI (ignored)");
            return false;
        }
        SpiState s = distributor.spi(intid);
        int before = distributor.tracedBefore(s);
        s.active = false;
        s.activeCpu = -1;
        return distributor.record(s, before, cause);
    }

    /**
     * The deactivation a guest performs through a list register with the HW bit: the virtual CPU
     * interface deactivates the physical INTID in the distributor (IHI 0069 4.1.1 / 11.2 "ICH_LR HW").
     */
    public void deactivateFromGuest(int intid) {
        if (deactivate(intid, "guest deactivation (ICH_LR.HW)")) {
            update();
        }
    }

    private boolean signalsTo(SpiState s, CpuInterface ci) {
        if (!s.enabled || !s.pending() || s.active || !ci.admits(s.priority)) {
            return false;
        }
        if (distributor.oneOfN(s)) {
            return oneOfN(s) == ci.cpu;
        }
        return (distributor.targets(s, cpus.length) & (1L << ci.cpu)) != 0;
    }

    /**
     * IHI 0069 12.9.22 (IRM = 1) and 4.1.2: a 1-of-N SPI is signalled to one PE only; the choice is
     * IMPLEMENTATION DEFINED. The model picks the lowest-numbered CPU whose interface would take it
     * (priority mask and running priority), or none.
     */
    private int oneOfN(SpiState s) {
        for (CpuInterface ci : cpus) {
            if (ci.admits(s.priority)) {
                return ci.cpu;
            }
        }
        return -1;
    }

    /** Re-evaluates every CPU's interrupt output. */
    private void update() {
        boolean exact = distributor.boundIsRouted();
        for (CpuInterface ci : cpus) {
            boolean want = false;
            int bound = distributor.lowestCandidatePriority(ci.cpu);
            // no candidate below the bound: when the interface would not take one at the bound, it
            // takes none; when the bound is a candidate routed to it, it takes that one
            if (distributor.distributorEnabled() && bound < 256 && ci.admits(bound)) {
                want = exact || anySignalledTo(ci);
            }
            if (want != asserted[ci.cpu]) {
                asserted[ci.cpu] = want;
                CpuIrqLine line = lines[ci.cpu];
                if (line != null) {
                    line.set(want);
                }
            }
        }
    }

    /** Whether a candidate is signalled to {@code ci}: a walk, in ascending INTID order. */
    private boolean anySignalledTo(CpuInterface ci) {
        for (SpiState s = distributor.nextCandidate(32); s != null; s = distributor.nextCandidate(s.intid + 1)) {
            if (signalsTo(s, ci)) {
                return true;
            }
        }
        return false;
    }

    /** The distributor state of SPI {@code intid}, as values. */
    public GicSpi spi(int intid) {
        return distributor.spi(intid).snapshot();
    }

    public PinState state(int hwirq) {
        GicSpi s = spi(hwirq);
        String summary = s.state().label() + (s.enabled() ? "" : " disabled");
        return new GicPinState(summary, distributor.fields(s));
    }
}
