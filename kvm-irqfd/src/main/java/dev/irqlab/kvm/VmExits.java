package dev.irqlab.kvm;

import dev.irqlab.api.controller.ExitSink;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.TraceEvent;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the virtual controller reports exits: each is charged to the vCPU running guest code (vCPU 0
 * if a controller reports one outside any guest work), costs that vCPU the configured time, is
 * counted, and is traced as {@code VmExit} on {@code <vm>.vcpuN}.
 */
final class VmExits implements ExitSink {

    private final Sim sim;
    private final String vmName;
    private final VcpuExecutor vcpus;
    private final KvmConfig config;
    private final EnumMap<ExitCause, Long> counts = new EnumMap<>(ExitCause.class);

    VmExits(Sim sim, String vmName, VcpuExecutor vcpus, KvmConfig config) {
        this.sim = sim;
        this.vmName = vmName;
        this.vcpus = vcpus;
        this.config = config;
    }

    @Override
    public void exit(ExitCause cause, String detail) {
        int vcpu = Math.max(vcpus.currentCpu(), 0);
        long cost = config.exitCost(cause);
        counts.merge(cause, 1L, Long::sum);
        vcpus.charge(vcpu, cost);
        sim.trace().emit(new TraceEvent.VmExit(sim.now(), vmName + ".vcpu" + vcpu, cause, detail, cost));
    }

    Map<ExitCause, Long> counts() {
        return Collections.unmodifiableMap(new EnumMap<>(counts));
    }
}
