package dev.irqlab.gic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqlab.api.controller.ExitSink;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.gic.arch.GicIrqState;
import dev.irqlab.gic.arch.LrContents;
import dev.irqlab.gic.kvm.Vgic;
import dev.irqlab.gic.kvm.VgicIrqState;
import dev.irqlab.tck.SimHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the vGIC tests record: the exits it reports, the ack notifications of pin {@link #PIN}. */
abstract class VgicFixture {

    static final int PIN = 8;
    static final int INTID = 40;

    /** An exit as the vGIC reported it; {@code boot}: through {@link ExitSink#bootExit}. */
    record Exit(ExitCause cause, String detail, boolean boot) {
        Exit(ExitCause cause, String detail) {
            this(cause, detail, false);
        }
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
        public void bootExit(ExitCause cause, String detail) {
            exits.add(new Exit(cause, detail, true));
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

    /** KVM's {@code struct vgic_irq} of {@link #INTID}. */
    VgicIrqState s() {
        return s(INTID);
    }

    VgicIrqState s(int intid) {
        return vgic.irqState(intid);
    }

    /** The State field of the list register of vCPU 0 that holds {@code intid}; null when none holds it. */
    GicIrqState lrOfVcpu0(int intid) {
        Optional<LrContents> lr = vgic.irqState(intid).lr();
        lr.ifPresent(l -> assertEquals(0, l.vcpu(), "held by a list register of vCPU 0"));
        return lr.map(LrContents::state).orElse(null);
    }
}
