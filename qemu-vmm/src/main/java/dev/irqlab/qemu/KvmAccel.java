package dev.irqlab.qemu;

import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.sim.EventFd;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The part of QEMU's accel/kvm/kvm-all.c (QEMU 5.1 and later, unchanged to 10.x) that binds irqfds
 * for devices: {@code kvm_irqchip_add_irqfd_notifier_gsi} → {@code kvm_irqchip_assign_irqfd}, and,
 * with the split irqchip, the user-space list of resamplefds ({@code kvm_resample_fd_list}).
 *
 * <p>With {@code kernel-irqchip=on} a resample notifier becomes {@code KVM_IRQFD_FLAG_RESAMPLE}. With
 * {@code kernel-irqchip=split} KVM would refuse that ({@code kvm_arch_irqfd_allowed}), so QEMU binds a
 * plain irqfd and keeps the resamplefd in its list ({@code kvm_resample_fd_insert}, at the head); its
 * IO-APIC's EOI broadcast signals the first entry of the pin's GSI ({@code kvm_resample_fd_notify}):
 * "This is hackery because IOAPIC is mostly bypassed (except EOI broadcasts) when irqfd is used."
 */
final class KvmAccel {

    private record ResampleFd(int gsi, EventFd resampleEvent) {
    }

    private final boolean splitIrqchip;
    private final Deque<ResampleFd> resampleFds = new ArrayDeque<>();

    KvmAccel(boolean splitIrqchip) {
        this.splitIrqchip = splitIrqchip;
    }

    boolean splitIrqchip() {
        return splitIrqchip;
    }

    /** {@code kvm_irqchip_add_irqfd_notifier_gsi(s, event, resample, virq)}: the {@code KVM_IRQFD} result. */
    int addIrqfdNotifierGsi(Vm vm, EventFd event, EventFd resample, int virq) {
        if (resample != null && splitIrqchip) {
            resampleFds.addFirst(new ResampleFd(virq, resample)); // QLIST_INSERT_HEAD
            return vm.irqfd(event, virq, null);
        }
        return vm.irqfd(event, virq, resample);
    }

    /** {@code kvm_resample_fd_notify}: signal the first resamplefd registered for the GSI, if any. */
    void resampleFdNotify(int gsi) {
        for (ResampleFd rfd : resampleFds) {
            if (rfd.gsi() == gsi) {
                rfd.resampleEvent().signal();
                return;
            }
        }
    }
}
