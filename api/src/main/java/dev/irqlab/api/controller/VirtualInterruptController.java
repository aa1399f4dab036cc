package dev.irqlab.api.controller;

import dev.irqlab.api.Errno;
import java.util.function.ToIntBiFunction;

/**
 * A virtual interrupt controller inside the hypervisor (KVM's vGIC, KVM's IO-APIC): the guest
 * kernel drives it through {@link #chip()} and {@link #acknowledge}, the hypervisor through the
 * methods below.
 *
 * <p>Pins are the KVM irqchip pins an irqfd's GSI routes to (vGIC: SPI number = INTID - 32;
 * IO-APIC: pin). The guest kernel sees hwirqs ({@link #hwirqForPin}).
 *
 * <p>Protocol: the hypervisor registers ack and mask notifiers and the resampler hook before the
 * run; {@link #setIrq} is {@code kvm_set_irq} for one irq source; {@link #vcpuEntry} and
 * {@link #vcpuExit} bracket every stretch of guest execution on a vCPU (vGIC: flush and fold the
 * list registers).
 */
public interface VirtualInterruptController extends InterruptController {

    /** Number of pins. */
    int pins();

    /** The guest hwirq of a pin (vGIC: pin + 32). */
    int hwirqForPin(int pin);

    /**
     * {@code kvm_set_irq} for one source: sets that source's level on the pin; the pin's level is
     * the OR over sources where the architecture keeps per-source state (x86
     * {@code __kvm_irq_line_state}). Returns {@code < 0} if ignored, 0 if coalesced, {@code > 0}
     * if delivered.
     */
    int setIrq(int pin, int sourceId, boolean level);

    /**
     * Whether {@link #setIrq} may be called from the event fd wake-up itself
     * ({@code kvm_arch_set_irq_inatomic}: arm64 SPIs yes; x86 IO-APIC pins no, injection goes
     * through a work item).
     *
     * <p>The answer decides which irq source a hypervisor raises the pin from, so it constrains
     * {@link #setIrq}'s per-source state. KVM's atomic path (virt/kvm/eventfd.c {@code irqfd_wakeup})
     * injects level 1 from {@code KVM_USERSPACE_IRQ_SOURCE_ID}, for a plain irqfd and for a resample
     * irqfd alike, and never lowers it; the work item ({@code irqfd_inject}) injects a resample irqfd
     * from {@code KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID}. {@code irqfd_resampler_ack} lowers the resample
     * source only. So a controller that answers true must keep one level per pin whatever the source
     * (arm64 {@code vgic_irqfd_set_irq} ignores the source id), or the resampler could never lower an
     * irqfd's line; a controller that keeps a level per source (x86 {@code __kvm_irq_line_state})
     * must answer false. The contract kit checks both sides: {@code VirtualControllerContract} (the
     * controller), {@code HypervisorContract} (the sources a hypervisor uses on each path).
     */
    boolean injectsInAtomicContext();

    /** The controller's ack and mask notifier lists ({@code struct kvm}'s, here per controller). */
    IrqNotifiers notifiers();

    /** {@code kvm_register_irq_ack_notifier}. */
    default void addAckNotifier(int pin, AckNotifier notifier) {
        notifiers().addAckNotifier(pin, notifier);
    }

    /** {@code kvm_unregister_irq_ack_notifier}. */
    default void removeAckNotifier(int pin, AckNotifier notifier) {
        notifiers().removeAckNotifier(pin, notifier);
    }

    /** Whether this controller fires mask notifiers (x86 IO-APIC: yes; upstream vGIC: no). */
    boolean hasMaskNotifiers();

    /** {@code kvm_register_irq_mask_notifier}; only when {@link #hasMaskNotifiers()}. */
    default void addMaskNotifier(int pin, MaskNotifier notifier) {
        if (!hasMaskNotifiers()) {
            throw new UnsupportedOperationException(name() + " fires no mask notifiers");
        }
        notifiers().addMaskNotifier(pin, notifier);
    }

    /** {@code kvm_irq_is_masked}-like query: is the pin masked by the guest right now. */
    boolean isMasked(int pin);

    /** Installs {@code kvm_notify_irqfd_resampler} for fixes that need it. */
    void setResamplerHook(ResamplerHook hook);

    /**
     * The VMM's final initialisation of the controller when the VM starts, before the first
     * {@code KVM_RUN} (arm64: {@code KVM_DEV_ARM_VGIC_CTRL_INIT} -> {@code vgic_init}). A controller
     * that needs none ignores it. Until then {@link #setIrq} may fail the way the real one does.
     */
    default void init() {
    }

    /**
     * {@code KVM_SET_DEVICE_ATTR} with {@code KVM_DEV_ARM_VGIC_GRP_NR_IRQS}: the VMM setting the number
     * of interrupts (SGIs and PPIs included) before {@link #init}; without it KVM's default applies
     * (vgic-init.c {@code vgic_init}). 0, a negative errno as the real one returns it, or
     * {@code -ENXIO} where the controller has no such attribute (only the vGIC has it).
     */
    default int setNrIrqs(int nrIrqs) {
        return -Errno.ENXIO;
    }

    /**
     * {@code kvm_arch_intc_initialized}: whether the irqchip is ready for irqfds (arm64
     * {@code vgic_initialized}, set by {@link #init}; architectures without an override, x86 among
     * them, are ready once created). Until then virt/kvm/eventfd.c {@code kvm_irqfd_assign} refuses
     * {@code KVM_IRQFD} with {@code -EAGAIN}.
     */
    default boolean initialized() {
        return true;
    }

    /**
     * {@code KVM_SET_DEVICE_ATTR} with {@code KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO}, the VMM writing the
     * line level of a pin from user space (vgic-mmio.c {@code vgic_write_irq_line_level_info}: the
     * level is set whatever the pin's configuration, a 1 queues the interrupt); QEMU does it when it
     * puts its GIC state into KVM, at every system reset ({@code kvm_arm_gicv3_put}). 0, or
     * {@code -ENXIO} where the controller has no such attribute (only the GICv3 vGIC has it,
     * vgic-kvm-device.c {@code vgic_v3_set_attr}).
     */
    default int writeLineLevelInfo(int pin, boolean level) {
        return -Errno.ENXIO;
    }

    /**
     * {@code KVM_SET_DEVICE_ATTR} with {@code KVM_DEV_ARM_VGIC_GRP_DIST_REGS} on {@code GICD_ISPENDR}:
     * the VMM writing a pin's pending state from user space, which, unlike a guest's write, also
     * clears (vgic-mmio-v3.c {@code vgic_v3_uaccess_write_pending}: {@code pending_latch} = the bit;
     * a 1 queues). QEMU writes its pending bitmap this way in {@code kvm_arm_gicv3_put}. 0, or
     * {@code -ENXIO} where not modelled (only the GICv3 vGIC has this write).
     */
    default int uaccessWritePending(int pin, boolean pending) {
        return -Errno.ENXIO;
    }

    /**
     * {@link #writeLineLevelInfo} as KVM's ABI takes it, 32 pins a call: the attribute names a vINTID
     * that is a multiple of 32 and the value is a bitmap, bit n the level of vINTID + n; interrupts past
     * the last are ignored; a vINTID not a multiple of 32 is {@code -EINVAL}
     * (Documentation/virt/kvm/devices/arm-vgic-v3.rst, {@code VGIC_LEVEL_INFO_LINE_LEVEL}; vgic-mmio.c
     * {@code vgic_write_irq_line_level_info} walks the 32 in order). QEMU's
     * {@code kvm_gic_put_line_level_bmp} writes its levels so. {@code firstPin} is the pin of that
     * vINTID (pin n is SPI vINTID 32 + n). Default: {@link #writeLineLevelInfo} per pin, the first error
     * returned.
     */
    default int writeLineLevelInfoBits(int firstPin, int levels) {
        return eachPinOf32(firstPin, levels, this::writeLineLevelInfo);
    }

    /**
     * {@link #uaccessWritePending} of a whole 32-bit {@code GICD_ISPENDR}, as user space writes the
     * register: bit n the pending state of pin {@code firstPin + n} ({@code firstPin} a multiple of 32;
     * vgic-mmio-v3.c {@code vgic_v3_uaccess_write_pending} walks the register's bits in order). QEMU's
     * {@code kvm_dist_putbmp} writes its pending bitmap so. Default: {@link #uaccessWritePending} per
     * pin, the first error returned.
     */
    default int uaccessWritePendingBits(int firstPin, int bits) {
        return eachPinOf32(firstPin, bits, this::uaccessWritePending);
    }

    /** The 32 pins from {@code firstPin} (a multiple of 32) in order, each given its bit; the first error. */
    private int eachPinOf32(int firstPin, int bits, ToIntBiFunction<Integer, Boolean> write) {
        if (firstPin < 0 || firstPin % 32 != 0) {
            return -Errno.EINVAL;
        }
        for (int i = 0; i < 32 && firstPin + i < pins(); i++) {
            int r = write.applyAsInt(firstPin + i, ((bits >>> i) & 1) != 0);
            if (r < 0) {
                return r;
            }
        }
        return 0;
    }

    /**
     * {@code KVM_SET_DEVICE_ATTR} with {@code KVM_DEV_ARM_VGIC_GRP_DIST_REGS}: the VMM writing a
     * distributor register, by the manual's name, from user space (vgic-kvm-device.c
     * {@code vgic_v3_attr_regs_access} / {@code vgic_v2_attr_regs_access} -> {@code vgic_uaccess}; no
     * exit). QEMU writes its whole reset state this way at every system reset ({@code kvm_arm_gicv3_put},
     * {@code kvm_arm_gic_put}). 0, {@code -ENXIO} where the controller does not model that register
     * from user space (pending state: {@link #uaccessWritePending}).
     */
    default int uaccessWriteRegister(String register, long value) {
        return -Errno.ENXIO;
    }

    /**
     * A vCPU is about to run guest code (vGIC {@code kvm_vgic_flush_hwstate}). For a controller that
     * {@link #runsInGuestMode runs in guest mode}: the vCPU enters guest mode (from its first run, or
     * woken from a halt), once per stretch; else before each piece of guest work.
     */
    default void vcpuEntry(int vcpu) {
    }

    /**
     * A vCPU stopped running guest code (vGIC {@code kvm_vgic_sync_hwstate}). For a controller that
     * {@link #runsInGuestMode runs in guest mode}: the vCPU left guest mode to halt (a trapped WFI);
     * else after each piece of guest work.
     */
    default void vcpuExit(int vcpu) {
    }

    /**
     * Whether the hypervisor runs this controller's vCPUs as KVM's run loop does (arm64 arm.c
     * {@code kvm_arch_vcpu_ioctl_run}): a vCPU stays in guest mode ({@code IN_GUEST_MODE}) from its
     * entry until it idles, across the pieces of guest work it runs; the controller makes its own exits
     * (traps, maintenance interrupts, {@link ExitSink#kick kicks}) and re-entries, and sees
     * {@link #vcpuEntry}/{@link #vcpuExit} only around the stretch; the guest's idle loop halts the vCPU
     * with an exit ({@code kvm_vcpu_halt}). False (the default): every piece of guest work is bracketed
     * by entry and exit and idling costs nothing (the x86 controllers: their {@code vcpu_enter_guest}
     * loop, HLT exits and posted interrupts are not modelled).
     */
    default boolean runsInGuestMode() {
        return false;
    }

    /**
     * x86 {@code irqchip_full}: the IO-APIC is in the kernel with the local APICs. arch/x86/kvm/irq.c
     * {@code kvm_arch_irqfd_allowed} refuses a {@code KVM_IRQFD_FLAG_RESAMPLE} irqfd with
     * {@code -EINVAL} otherwise (the split irqchip: no in-kernel ack notifier ever runs). True for
     * every controller but the split irqchip's local APICs.
     */
    default boolean irqchipFull() {
        return true;
    }

    /**
     * {@code KVM_SET_GSI_ROUTING} with a {@code KVM_IRQ_ROUTING_MSI} entry on {@code gsi} (see
     * {@link dev.irqlab.api.hypervisor.Vm#setMsiRoute}); {@link #setIrq} on that GSI then delivers the
     * message ({@code kvm_set_msi}). 0, or {@code -EINVAL} where the controller's GSIs are its pins.
     */
    default int setMsiRoute(int gsi, long address, int data) {
        return -Errno.EINVAL;
    }

    /**
     * The GSIs the hypervisor's routing table may hold for this controller ({@link #setIrq} takes
     * {@code 0..gsis()-1}): its pins where the routing is the default identity table; more where a VMM
     * may add MSI routes above the pins (the split irqchip: {@code KVM_MAX_IRQ_ROUTES}).
     */
    default int gsis() {
        return pins();
    }

    /**
     * {@code kvm_vgic_map_phys_irq}: link a pin to a physical interrupt so guest deactivation
     * deactivates it (GIC HW bit). 0, or {@code -ENOSYS} where the architecture has no such thing.
     */
    default int mapPhysIrq(int pin, PhysicalInterruptController host, int hostHwirq) {
        return -Errno.ENOSYS;
    }
}
