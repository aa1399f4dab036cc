package dev.irqlab.kvm;

import java.util.List;

/**
 * How an irqfd joins its eventfd's wait queue, by kernel version (virt/kvm/eventfd.c
 * {@code irqfd_ptable_queue_proc} / {@code kvm_irqfd_register}, {@code irqfd_wakeup}); the
 * hypervisor's {@code kvm-version}.
 */
enum IrqfdWaitQueue {
    /**
     * Up to Linux 5.10: {@code add_wait_queue}, a plain entry at the tail; {@code irqfd_wakeup}
     * answers 0, so every other waiter of the eventfd is woken too. {@code -EBUSY} only for a second
     * irqfd of the same VM on the eventfd.
     */
    LINUX_5_10("linux-5.10"),
    /**
     * Linux 5.11 (kvm/eventfd: "Use priority waitqueue to catch events before userspace") to 6.16:
     * {@code add_wait_queue_priority}, an exclusive entry at the head; {@code irqfd_wakeup} answers 1
     * for {@code EPOLLIN}, so waiters behind it are not woken. {@code -EBUSY} only within the VM.
     */
    LINUX_5_11("linux-5.11"),
    /**
     * Linux 6.17 ("KVM: Disallow binding multiple irqfds to an eventfd with a priority waiter"):
     * {@code add_wait_queue_priority_exclusive} refuses with {@code -EBUSY} when the eventfd already
     * has a priority waiter — an irqfd of any VM; the per-VM check stays behind it.
     */
    LINUX_6_17("linux-6.17");

    static final List<String> NAMES = List.of(LINUX_5_10.label, LINUX_5_11.label, LINUX_6_17.label);
    /** The newest modelled version. */
    static final IrqfdWaitQueue DEFAULT = LINUX_6_17;

    final String label;

    IrqfdWaitQueue(String label) {
        this.label = label;
    }

    static IrqfdWaitQueue of(String label) {
        for (IrqfdWaitQueue v : values()) {
            if (v.label.equals(label)) {
                return v;
            }
        }
        throw new IllegalArgumentException("kvm-version '" + label + "'; allowed: " + NAMES);
    }
}
