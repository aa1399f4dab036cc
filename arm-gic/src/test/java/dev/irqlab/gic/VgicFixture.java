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
    };
    final List<Integer> acks = new ArrayList<>();
    SimHarness h;
    Vgic vgic;

    long count(ExitCause c) {
        return exits.stream().filter(e -> e.cause == c).count();
    }
}
