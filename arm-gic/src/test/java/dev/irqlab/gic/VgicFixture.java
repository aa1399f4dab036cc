package dev.irqlab.gic;

import dev.irqlab.api.controller.ExitSink;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.gic.kvm.Vgic;
import dev.irqlab.tck.SimHarness;
import java.util.ArrayList;
import java.util.List;

/** What the vGIC tests record: the exits it reports, the ack notifications of pin {@link #PIN}. */
abstract class VgicFixture {

    static final int PIN = 8;
    static final int INTID = 40;

    record Exit(ExitCause cause, String detail) {
    }

    final List<Exit> exits = new ArrayList<>();
    /** Per exit in {@link #exits}: the vCPU it was charged to, -1 for "the one running now". */
    final List<Integer> exitVcpus = new ArrayList<>();
    /**
     * What the hypervisor answers to a kick ({@code kvm_arch_vcpu_should_kick}): whether the kicked
     * vCPU is in guest mode; false plays one in the host handling an exit.
     */
    boolean kickedVcpuInGuestMode = true;
    final ExitSink sink = new ExitSink() {
        @Override
        public void exit(ExitCause cause, String detail) {
            exits.add(new Exit(cause, detail));
            exitVcpus.add(-1);
        }

        @Override
        public void exit(int vcpu, ExitCause cause, String detail) {
            exits.add(new Exit(cause, detail));
            exitVcpus.add(vcpu);
        }

        @Override
        public boolean kick(int vcpu, String detail) {
            if (kickedVcpuInGuestMode) {
                exit(vcpu, ExitCause.EXTERNAL_INTERRUPT, detail);
            }
            return kickedVcpuInGuestMode;
        }
    };
    final List<Integer> acks = new ArrayList<>();
    SimHarness h;
    Vgic vgic;

    long count(ExitCause c) {
        return exits.stream().filter(e -> e.cause == c).count();
    }
}
