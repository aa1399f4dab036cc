package dev.irqlab.gic.arch;

import dev.irqlab.api.controller.Registers;
import java.util.ArrayList;
import java.util.List;

/**
 * Register access by the manual's names for a physical GIC or a vGIC: the distributor's GICD_*
 * registers ({@link DistributorRegisters}) and the CPU interface (GICv2 GICC_IAR, GICC_EOIR, GICC_DIR,
 * GICC_RPR, GICC_PMR, GICC_CTLR; GICv3 ICC_IAR1_EL1, ICC_EOIR1_EL1, ICC_DIR_EL1, ICC_RPR_EL1,
 * ICC_PMR_EL1, ICC_CTLR_EL1). An IAR read returns 1023 when nothing is pending.
 */
public final class GicRegisters implements Registers {

    /** GICC_IAR / ICC_IAR1_EL1 value for "no pending interrupt" (IHI 0048B 3.2.5). */
    static final long SPURIOUS_INTID = 1023;

    /** The CPU interface side of a controller. */
    public interface CpuSide {
        /** Returns the INTID or {@code InterruptController.SPURIOUS}. */
        int iar(int cpu);

        void eoir(int cpu, int intid);

        void dir(int cpu, int intid);

        int rpr(int cpu);

        int pmr(int cpu);

        void setPmr(int cpu, int pmr);

        int eoiMode(int cpu);

        void setEoiMode(int cpu, int mode);
    }

    /**
     * Brackets a distributor access (a vGIC reports the MMIO exit and syncs its list registers here):
     * {@link #enter} before the access, {@link #leave} with its answer after it, so that an access
     * passes without a closure (a guest's boot makes hundreds).
     */
    public interface DistributorGate {
        /** The physical GIC's: nothing around an access. */
        DistributorGate DIRECT = new DistributorGate() {
            @Override
            public int enter(String detail, int cpu) {
                return -1;
            }

            @Override
            public int enter(String detail) {
                return -1;
            }

            @Override
            public void leave(int entered) {
            }
        };

        /** Before the access {@code detail} by {@code cpu}; the answer goes to {@link #leave}. */
        int enter(String detail, int cpu);

        /**
         * Before the access {@code detail} by the CPU performing accesses now, which the gate knows
         * (a vGIC: the vCPU running guest code), so that a guest's access asks for it once.
         */
        int enter(String detail);

        /** After the access; {@code entered} is what {@link #enter} answered. */
        void leave(int entered);

        /**
         * A run of whole-register writes by the CPU performing accesses now ({@link GicAccess#writeRegisters}):
         * true when the gate made them, each access as {@link #enter}, the write and {@link #leave}
         * would; false (the physical GIC's answer) when the caller is to make them one by one.
         */
        default boolean writeRun(DistributorRegisters.Family family, int first, int end, long value) {
            return false;
        }
    }

    private final GicVersion version;
    private final DistributorRegisters distributor;
    private final CpuSide cpuSide;
    private final DistributorGate gate;
    private final String ctlr;
    private final int eoiModeBit;

    public GicRegisters(GicVersion version, DistributorRegisters distributor, CpuSide cpuSide, DistributorGate gate) {
        this.version = version;
        this.distributor = distributor;
        this.cpuSide = cpuSide;
        this.gate = gate;
        // GICC_CTLR.EOImodeNS is bit 9 (IHI 0048B 4.4.1); ICC_CTLR_EL1.EOImode is bit 1 (IHI 0069 12.2.6).
        this.ctlr = version == GicVersion.V2 ? "GICC_CTLR" : "ICC_CTLR_EL1";
        this.eoiModeBit = version == GicVersion.V2 ? 9 : 1;
    }

    private List<String> cpuNames() {
        return List.of(version.iar(), version.eoir(), version.dir(), version.rpr(), version.pmr(), ctlr);
    }

    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>(distributor.names());
        names.addAll(cpuNames());
        return names;
    }

    private IllegalArgumentException unknown(String register) {
        return new IllegalArgumentException("no register '" + register + "' on this " + version.physicalName()
                + "; known: " + distributor.summary() + ", " + String.join(", ", cpuNames()));
    }

    @Override
    public long read(String register, int cpu) {
        if (distributor.accepts(register)) {
            int entered = gate.enter(register + " read", cpu);
            long v = distributor.read(register);
            gate.leave(entered);
            return v;
        }
        if (register.equals(version.iar())) {
            int intid = cpuSide.iar(cpu);
            return intid < 0 ? SPURIOUS_INTID : intid;
        }
        if (register.equals(version.rpr())) {
            return cpuSide.rpr(cpu);
        }
        if (register.equals(version.pmr())) {
            return cpuSide.pmr(cpu);
        }
        if (register.equals(ctlr)) {
            return (long) cpuSide.eoiMode(cpu) << eoiModeBit;
        }
        if (register.equals(version.eoir()) || register.equals(version.dir())) {
            return 0; // write-only (IHI 0048B 4.4.5 / 4.4.15): reads are UNKNOWN, modelled as 0
        }
        throw unknown(register);
    }

    @Override
    public void write(String register, int cpu, long value) {
        if (distributor.accepts(register)) {
            int entered = gate.enter(register, cpu);
            distributor.write(register, value);
            gate.leave(entered);
            return;
        }
        int intid = (int) (value & 0xffffff);
        if (register.equals(version.eoir())) {
            cpuSide.eoir(cpu, intid);
        } else if (register.equals(version.dir())) {
            cpuSide.dir(cpu, intid);
        } else if (register.equals(version.pmr())) {
            cpuSide.setPmr(cpu, (int) (value & 0xff));
        } else if (register.equals(ctlr)) {
            cpuSide.setEoiMode(cpu, (int) ((value >>> eoiModeBit) & 1));
        } else if (register.equals(version.iar()) || register.equals(version.rpr())) {
            return; // read-only: writes ignored
        } else {
            throw unknown(register);
        }
    }
}
