package dev.irqlab.api.hypervisor;

import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.kernel.CpuExecutor;
import dev.irqlab.api.sim.EventFd;
import java.util.function.IntFunction;

/**
 * One virtual machine: vCPUs, an in-kernel virtual interrupt controller, GSI routing and irqfds.
 *
 * <p>Protocol: the runtime creates the guest kernel on {@link #irqchip()} and {@link #executor()},
 * then calls {@link #attachGuest} so the controller's CPU outputs reach the guest's interrupt entry
 * through the vCPUs. A VMM then registers irqfds. Return values are the ioctl's: 0 or a negative
 * errno.
 */
public interface Vm {

    String name();

    int vcpus();

    /** The in-kernel virtual interrupt controller. */
    VirtualInterruptController irqchip();

    /** Runs guest code on the vCPUs (postponed while a vCPU is busy in an exit). */
    CpuExecutor executor();

    /**
     * The VMM starts the VM: it initialises the in-kernel irqchip ({@link
     * dev.irqlab.api.controller.VirtualInterruptController#init}) and runs the vCPUs. Called once, after
     * {@link #attachGuest} and the VMM's irqfd set-up.
     */
    void start();

    /** Connects the vCPUs' interrupt inputs to the guest kernel's entry, {@code guestCpu.apply(vcpu)}. */
    void attachGuest(IntFunction<CpuIrqLine> guestCpu);

    /**
     * {@code KVM_IRQFD}: inject on {@code gsi} whenever {@code fd} is signalled. With a non-null
     * {@code resampleFd} ({@code KVM_IRQFD_FLAG_RESAMPLE}) the line is held asserted until the guest
     * acknowledges, then de-asserted and {@code resampleFd} signalled. {@code -EBUSY} if {@code fd}
     * is already bound to an irqfd of this VM; {@code -EAGAIN} until the in-kernel irqchip is
     * initialised ({@link VirtualInterruptController#initialized()}).
     */
    int irqfd(EventFd fd, int gsi, EventFd resampleFd);

    /** {@code KVM_IRQFD} with {@code KVM_IRQFD_FLAG_DEASSIGN}. */
    int irqfdDeassign(EventFd fd, int gsi);

    /** {@code KVM_IRQ_LINE} from user space (source {@code KVM_USERSPACE_IRQ_SOURCE_ID}). */
    int irqLine(int gsi, boolean level);

    /**
     * {@code KVM_SET_GSI_ROUTING} changing one GSI to a {@code KVM_IRQ_ROUTING_MSI} entry (x86 MSI
     * address and data; arch/x86/kvm/irq.c {@code kvm_set_routing_entry}): what a VMM with a user-space
     * IO-APIC does for each pin. 0, or {@code -EINVAL} where the models keep no MSI routes (an
     * irqchip whose GSIs are its pins).
     */
    default int setMsiRoute(int gsi, long address, int data) {
        return -dev.irqlab.api.Errno.EINVAL;
    }

    /**
     * {@code KVM_RUN} returns to the VMM on the vCPU running guest code (vCPU 0 outside guest code):
     * the exit is counted and traced like any other, and costs that vCPU the hypervisor's cost for
     * {@code cause} plus {@code vmmNs}, the VMM's own handling before it re-enters (QEMU: an access
     * to a device region it did not map, {@code KVM_EXIT_MMIO} handled by {@code vfio_region_read}).
     */
    void exitToVmm(ExitCause cause, String detail, long vmmNs);

    /** Exits counted so far, by cause. */
    java.util.Map<ExitCause, Long> exitCounts();
}
