package dev.irqlab.gic.arch;

import dev.irqlab.gic.arch.DistributorRegisters.Family;
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
    private final DistributorRegisters registers;
    private final GicRegisters.CpuSide cpu;
    private final GicRegisters.DistributorGate gate;
    private final IntUnaryOperator cpuFor;
    /** The CPU performing accesses ({@code -1}: none in particular): a GICv2 GICD_ITARGETSR0..7 read's. */
    private final java.util.function.IntSupplier accessingCpu;

    /**
     * @param cpuFor       the CPU an INTID is handled on
     * @param accessingCpu the CPU performing distributor accesses now (the gate finds it itself for its
     *                     exit: {@link GicRegisters.DistributorGate#enter(String)})
     */
    public DistributorAccess(GicVersion version, SpiRegisterTarget dist, GicRegisters.CpuSide cpu,
                             GicRegisters.DistributorGate gate, IntUnaryOperator cpuFor,
                             java.util.function.IntSupplier accessingCpu) {
        this.version = version;
        this.dist = dist;
        this.registers = new DistributorRegisters(version, dist);
        this.cpu = cpu;
        this.gate = gate;
        this.cpuFor = cpuFor;
        this.accessingCpu = accessingCpu;
    }

    @Override
    public GicVersion version() {
        return version;
    }

    /** KVM's GICD_TYPER (vgic-mmio-v3.c / vgic-mmio-v2.c {@code vgic_mmio_read_*_misc}): (nr_irqs >> 5) - 1. */
    @Override
    public int lines() {
        return Math.min(1020, ((dist.lastIntid() + 1) >> 5) << 5);
    }

    @Override
    public boolean isSpi(int intid) {
        return intid >= 32 && intid <= dist.lastIntid();
    }

    @Override
    public boolean readBit(BitRegister register, int intid) {
        int entered = gate.enter(registerNames.readCause(register.register(intid)));
        boolean v = switch (register) {
            case ISPENDR, ICPENDR -> dist.pendingForRead(intid);
            case ISACTIVER, ICACTIVER -> dist.active(intid);
            case ISENABLER, ICENABLER -> dist.enabled(intid);
        };
        gate.leave(entered);
        return v;
    }

    @Override
    public void writeBit(BitRegister register, int intid) {
        String r = register.register(intid);
        int entered = gate.enter(r);
        switch (register) {
            case ISENABLER -> dist.writeEnable(intid, true, r);
            case ICENABLER -> dist.writeEnable(intid, false, r);
            case ISPENDR -> dist.writePending(intid, true, r);
            case ICPENDR -> dist.writePending(intid, false, r);
            case ISACTIVER -> dist.writeActive(intid, true, r);
            case ICACTIVER -> dist.writeActive(intid, false, r);
        }
        gate.leave(entered);
    }

    @Override
    public void writeConfig(int intid, boolean edge) {
        String r = Family.ICFGR.name(intid / 16);
        int entered = gate.enter(r);
        dist.writeConfig(intid, edge, r);
        gate.leave(entered);
    }

    @Override
    public boolean readConfig(int intid) {
        int entered = gate.enter(registerNames.readCause(Family.ICFGR.name(intid / 16)));
        boolean v = dist.edge(intid);
        gate.leave(entered);
        return v;
    }

    @Override
    public long readCtlr() {
        int entered = gate.enter(CTLR_READ);
        long v = dist.ctlrForRead();
        gate.leave(entered);
        return v;
    }

    @Override
    public void writeRoute(int intid, int target) {
        String r;
        long value;
        if (version == GicVersion.V2) {
            r = Family.ITARGETSR.name(intid / 4);
            value = 1L << target;
        } else {
            r = Family.IROUTER.name(intid);
            value = target;
        }
        int entered = gate.enter(r);
        dist.writeRoute(intid, value, r);
        gate.leave(entered);
    }

    @Override
    public void writeCtlr(long value) {
        int entered = gate.enter(DistributorRegisters.CTLR);
        dist.writeCtlr(value);
        gate.leave(entered);
    }

    @Override
    public void writeRegister(Family family, int index, long value) {
        String r = family.name(index);
        int entered = gate.enter(r);
        registers.write(family, index, value, r);
        gate.leave(entered);
    }

    /** The gate's run if it takes one ({@link GicRegisters.DistributorGate#writeRun}), else each register in turn. */
    @Override
    public void writeRegisters(Family family, int first, int end, long value) {
        if (gate.writeRun(family, first, end, value)) {
            return;
        }
        for (int i = first; i < end; i++) {
            writeRegister(family, i, value);
        }
    }

    @Override
    public long readRegister(Family family, int index) {
        int entered = gate.enter(registerNames.readCause(family.name(index)));
        long v;
        if (version == GicVersion.V2 && family == Family.ITARGETSR && index <= 7) {
            // IHI 0048B 4.3.12: each byte of GICD_ITARGETSR0..7 reads the reading CPU interface
            v = 0x01010101L << Math.max(accessingCpu.getAsInt(), 0);
        } else {
            v = registers.read(family, index);
        }
        gate.leave(entered);
        return v;
    }

    private static final String CTLR_READ = DistributorRegisters.CTLR + " read";

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
