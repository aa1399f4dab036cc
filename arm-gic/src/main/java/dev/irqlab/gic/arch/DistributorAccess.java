package dev.irqlab.gic.arch;

import java.util.function.IntUnaryOperator;

/**
 * {@link GicAccess} over a distributor's register state ({@link SpiRegisterTarget}) and a CPU
 * interface ({@link GicRegisters.CpuSide}). Every distributor access passes the gate with its
 * register name (a vGIC reports the MMIO exit there); the CPU interface is reached directly.
 */
public final class DistributorAccess implements GicAccess {

    private final RegisterNames registerNames = new RegisterNames();
    private final GicVersion version;
    private final SpiRegisterTarget dist;
    private final GicRegisters.CpuSide cpu;
    private final GicRegisters.DistributorGate gate;
    private final IntUnaryOperator cpuFor;
    /** The CPU whose accesses pass the gate ({@code -1}: none in particular). */
    private final java.util.function.IntSupplier accessingCpu;

    /**
     * @param cpuFor       the CPU an INTID is handled on
     * @param accessingCpu the CPU performing distributor accesses now
     */
    public DistributorAccess(GicVersion version, SpiRegisterTarget dist, GicRegisters.CpuSide cpu,
                             GicRegisters.DistributorGate gate, IntUnaryOperator cpuFor,
                             java.util.function.IntSupplier accessingCpu) {
        this.version = version;
        this.dist = dist;
        this.cpu = cpu;
        this.gate = gate;
        this.cpuFor = cpuFor;
        this.accessingCpu = accessingCpu;
    }

    @Override
    public GicVersion version() {
        return version;
    }

    @Override
    public boolean isSpi(int intid) {
        return intid >= 32 && intid <= dist.lastIntid();
    }

    @Override
    public boolean readBit(BitRegister register, int intid) {
        boolean[] v = new boolean[1];
        gate.access(registerNames.readCause(registerNames.bitRegister(register.prefix(), intid)),
                accessingCpu.getAsInt(), () -> v[0] = switch (register) {
                    case ISPENDR, ICPENDR -> dist.pendingForRead(intid);
                    case ISACTIVER, ICACTIVER -> dist.active(intid);
                    case ISENABLER, ICENABLER -> dist.enabled(intid);
                });
        return v[0];
    }

    @Override
    public void writeBit(BitRegister register, int intid) {
        String r = registerNames.bitRegister(register.prefix(), intid);
        gate.access(r, accessingCpu.getAsInt(), () -> {
            switch (register) {
                case ISENABLER -> dist.writeEnable(intid, true, r);
                case ICENABLER -> dist.writeEnable(intid, false, r);
                case ISPENDR -> dist.writePending(intid, true, r);
                case ICPENDR -> dist.writePending(intid, false, r);
                case ISACTIVER -> dist.writeActive(intid, true, r);
                case ICACTIVER -> dist.writeActive(intid, false, r);
            }
        });
    }

    @Override
    public void writeConfig(int intid, boolean edge) {
        String r = "GICD_ICFGR" + (intid / 16);
        gate.access(r, accessingCpu.getAsInt(), () -> dist.writeConfig(intid, edge, r));
    }

    @Override
    public boolean readConfig(int intid) {
        boolean[] v = new boolean[1];
        gate.access(registerNames.readCause("GICD_ICFGR" + (intid / 16)), accessingCpu.getAsInt(),
                () -> v[0] = dist.edge(intid));
        return v[0];
    }

    @Override
    public long readCtlr() {
        long[] v = new long[1];
        gate.access(registerNames.readCause(DistributorRegisters.CTLR), accessingCpu.getAsInt(),
                () -> v[0] = dist.ctlrForRead());
        return v[0];
    }

    @Override
    public void writeRoute(int intid, int target) {
        String r;
        long value;
        if (version == GicVersion.V2) {
            r = "GICD_ITARGETSR" + (intid / 4);
            value = 1L << target;
        } else {
            r = "GICD_IROUTER" + intid;
            value = target;
        }
        gate.access(r, accessingCpu.getAsInt(), () -> dist.writeRoute(intid, value, r));
    }

    @Override
    public int iar(int c) {
        return cpu.iar(c);
    }

    @Override
    public void eoir(int c, int intid) {
        cpu.eoir(c, intid);
    }

    @Override
    public void dir(int c, int intid) {
        cpu.dir(c, intid);
    }

    @Override
    public int eoiMode(int c) {
        return cpu.eoiMode(c);
    }

    @Override
    public int cpuFor(int intid) {
        return cpuFor.applyAsInt(intid);
    }
}
