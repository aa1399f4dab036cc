package dev.irqlab.kvm;

import dev.irqlab.api.controller.ExitSink;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.TraceName;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the virtual controller reports exits: each is charged to the vCPU running guest code (vCPU 0
 * if a controller reports one outside any guest work) or to the vCPU it names (a kick, a maintenance
 * interrupt, an idle exit), costs that vCPU the configured time, is counted, and is traced as
 * {@code VmExit} on {@code <vm>.vcpuN}.
 */
final class VmExits implements ExitSink {

    private final Sim sim;
    private final String vmName;
    private final VcpuExecutor vcpus;
    private static final ExitCause[] CAUSES = ExitCause.values();
    /** Exits per cause, by ordinal. */
    private final long[] counts = new long[CAUSES.length];
    /** {@link KvmConfig#exitCost} per cause, by ordinal (the config has one for every cause). */
    private final long[] costs = new long[CAUSES.length];
    /** The trace component per vCPU, {@code vmName + ".vcpu" + n}, built on first use. */
    private TraceName[] vcpuComponents = new TraceName[0];

    VmExits(Sim sim, String vmName, VcpuExecutor vcpus, KvmConfig config) {
        this.sim = sim;
        this.vmName = vmName;
        this.vcpus = vcpus;
        for (ExitCause c : CAUSES) {
            costs[c.ordinal()] = config.exitCost(c);
        }
    }

    @Override
    public void exit(ExitCause cause, String detail) {
        exit(cause, detail, 0);
    }

    /** Traced with {@code boot} set. */
    @Override
    public void bootExit(ExitCause cause, String detail) {
        charge(Math.max(vcpus.currentCpu(), 0), cause, detail, 0, true);
    }

    @Override
    public void exitToVmm(ExitCause cause, String detail, long vmmNs) {
        exit(cause, detail, vmmNs);
    }

    /** Charged to {@code vcpu} itself, not to the vCPU running guest code now. */
    @Override
    public void exit(int vcpu, ExitCause cause, String detail) {
        charge(vcpu, cause, detail, 0, false);
    }

    /** {@link ExitSink#kick}: an exit only for a vCPU in guest mode ({@link VcpuExecutor#inGuestMode}). */
    @Override
    public boolean kick(int vcpu, String detail) {
        if (!vcpus.inGuestMode(vcpu)) {
            return false;
        }
        charge(vcpu, ExitCause.EXTERNAL_INTERRUPT, detail, 0, false);
        return true;
    }

    @Override
    public int runningVcpu() {
        return vcpus.currentCpu();
    }

    /** Charged to the running vCPU as {@link #exit(ExitCause, String)} / {@link #bootExit} are. */
    @Override
    public int runningExit(ExitCause cause, String detail, boolean boot) {
        int running = vcpus.currentCpu();
        charge(Math.max(running, 0), cause, detail, 0, boot);
        return running;
    }

    /** An exit whose handling costs {@code extraNs} more than the configured cost (a return to the VMM). */
    void exit(ExitCause cause, String detail, long extraNs) {
        charge(Math.max(vcpus.currentCpu(), 0), cause, detail, extraNs, false);
    }

    private void charge(int vcpu, ExitCause cause, String detail, long extraNs, boolean boot) {
        int c = cause.ordinal();
        long cost = costs[c] + extraNs;
        counts[c]++;
        long now = sim.now();
        vcpus.charge(vcpu, now, cost);
        sim.trace().vmExit(now, component(vcpu), cause, detail, cost, boot);
    }

    /** The vCPU's component ("vm0.vcpu0") as the run's trace numbers it, asked for once per vCPU. */
    private TraceName component(int vcpu) {
        TraceName[] known = vcpuComponents;
        TraceName c = vcpu < known.length ? known[vcpu] : null;
        return c != null ? c : newComponent(vcpu);
    }

    /** {@link #component}'s first time for {@code vcpu}: kept out of the exit's path. */
    private TraceName newComponent(int vcpu) {
        if (vcpu >= vcpuComponents.length) {
            vcpuComponents = Arrays.copyOf(vcpuComponents, vcpu + 1);
        }
        TraceName c = sim.trace().name(vmName + ".vcpu" + vcpu);
        vcpuComponents[vcpu] = c;
        return c;
    }

    /** Exits per cause, only the causes that occurred. */
    Map<ExitCause, Long> counts() {
        EnumMap<ExitCause, Long> m = new EnumMap<>(ExitCause.class);
        for (ExitCause c : CAUSES) {
            if (counts[c.ordinal()] > 0) {
                m.put(c, counts[c.ordinal()]);
            }
        }
        return Collections.unmodifiableMap(m);
    }
}
