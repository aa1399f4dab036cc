package dev.irqlab.qemu;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ConfigType;
import java.util.List;

/**
 * The "qemu" VMM's configuration: the scenario's {@code vmm:} keys besides {@code vm-start}.
 *
 * @param forceUnmaskAtStart   one {@code VFIO_IRQ_SET_ACTION_UNMASK} per maskable irq when the VM
 *                             starts: Micah Morton's workaround for a first interrupt the VM missed,
 *                             which leaves the host line automasked
 * @param vmName               the VM's component name (QEMU {@code -name})
 * @param systemResetNs        when QEMU's {@code qemu_system_reset} runs after the devices are wired
 *                             (hw/core/machine.c {@code qdev_machine_creation_done}); 0: at once
 * @param irqfd                vfio-platform's {@code x-irqfd} property: false makes every irq use the
 *                             user-space injection ({@code vfio_start_eventfd_injection})
 * @param mmapTimeoutNs        vfio-platform's {@code mmap-timeout-ms}: how long after an injection the
 *                             slow path stays before the fast path is tried again
 * @param eventfdHandlerNs     from the trigger eventfd's signal to QEMU's {@code KVM_IRQ_LINE}
 * @param regionAccessNs       QEMU's handling of one trapped access to the device's region, on top
 *                             of the hypervisor's exit cost
 * @param splitIrqchip         {@code -machine kernel-irqchip=split}: KVM keeps the local APICs, QEMU
 *                             emulates the IO-APIC ({@link QemuIoApic}); x86 only
 * @param ioapicVersion        the user-space IO-APIC's {@code version} property (0x20 or 0x11)
 * @param userspaceExitNs      QEMU's handling of one exit that {@code KVM_RUN} returns for (an IO-APIC
 *                             access, {@code KVM_EXIT_IOAPIC_EOI}), on top of the hypervisor's exit cost
 * @param kvmIntx              vfio-pci's INTx through KVM (irqfd + resamplefd); false is
 *                             {@code x-no-kvm-intx=on}: QEMU's main loop takes INTx
 *                             ({@link VfioPciIntxSlowPath})
 * @param intxMmapTimeoutNs    vfio-pci's {@code x-intx-mmap-timeout-ms}: how long after an INTx the BARs
 *                             stay trapped before QEMU maps them again; 0: never again
 */
record QemuConfig(boolean forceUnmaskAtStart, String vmName, long systemResetNs, boolean irqfd, long mmapTimeoutNs,
                  long eventfdHandlerNs, long regionAccessNs, boolean splitIrqchip, int ioapicVersion,
                  long userspaceExitNs, boolean kvmIntx, long intxMmapTimeoutNs) {

    static final String FORCE_UNMASK_AT_START = "force-unmask-at-start";
    static final String VM_NAME = "vm-name";
    static final String SYSTEM_RESET = "system-reset";
    static final String IRQFD = "irqfd";
    static final String MMAP_TIMEOUT = "mmap-timeout";
    static final String EVENTFD_HANDLER_LATENCY = "eventfd-handler-latency";
    static final String REGION_ACCESS_COST = "region-access-cost";
    static final String KERNEL_IRQCHIP = "kernel-irqchip";
    static final String IOAPIC_VERSION = "ioapic-version";
    static final String USERSPACE_EXIT_COST = "userspace-exit-cost";
    static final String KVM_INTX = "kvm-intx";
    static final String INTX_MMAP_TIMEOUT = "intx-mmap-timeout";

    static List<ConfigKey> schema() {
        return List.of(
                ConfigKey.flag(FORCE_UNMASK_AT_START, false, "one forced VFIO unmask (VFIO_IRQ_SET_ACTION_UNMASK) "
                        + "per maskable irq when the VM starts: the workaround for a first interrupt missed by the VM")
                        .withSource("drivers/vfio/platform/vfio_platform_irq.c: vfio_platform_set_irq_unmask"),
                new ConfigKey(VM_NAME, ConfigType.STRING, "vm0", "the VM's name in the trace (QEMU -name)",
                        List.of(), 0, 0),
                ConfigKey.duration(SYSTEM_RESET, 0, "when qemu_system_reset runs after the devices are wired "
                        + "(qdev_machine_creation_done; it puts QEMU's reset GIC state into KVM, line levels 0); "
                        + "0 = at once; not after vm-start")
                        .withSource("QEMU hw/core/machine.c: qdev_machine_creation_done; hw/intc/arm_gicv3_kvm.c: "
                                + "kvm_arm_gicv3_put"),
                ConfigKey.flag(IRQFD, true, "vfio-platform x-irqfd: false = user-space injection "
                        + "(vfio_start_eventfd_injection), as when KVM_IRQFD fails")
                        .withSource("QEMU hw/vfio/platform.c: vfio_start_irqfd_injection"),
                ConfigKey.duration(MMAP_TIMEOUT, 1_100_000_000L, "vfio-platform mmap-timeout-ms (default 1100 ms): "
                        + "the slow path's length after an injection; 0 = never restore the fast path")
                        .withSource("QEMU hw/vfio/platform.c: vfio_intp_mmap_enable"),
                ConfigKey.duration(EVENTFD_HANDLER_LATENCY, 10_000, "trigger eventfd signalled -> QEMU's main "
                        + "loop runs vfio_intp_interrupt / vfio_intx_interrupt and raises the line (assumed: one "
                        + "host thread wake-up and an ioctl; not measured)")
                        .withSource("QEMU hw/vfio/platform.c: vfio_intp_interrupt; hw/vfio/pci.c: vfio_intx_interrupt"),
                ConfigKey.duration(REGION_ACCESS_COST, 8_000, "QEMU's handling of one trapped access to a vfio "
                        + "region (KVM_EXIT_MMIO to user space, vfio_region_read/write, KVM_RUN again), on top of "
                        + "the hypervisor's MMIO exit cost (assumed, not measured)")
                        .withSource("QEMU hw/vfio/region.c: vfio_region_read, vfio_region_write"),
                ConfigKey.choice(KERNEL_IRQCHIP, "on", List.of("on", "split"), "-machine kernel-irqchip: on = the "
                        + "whole irqchip in KVM; split = KVM_CAP_SPLIT_IRQCHIP, KVM keeps the local APICs and QEMU "
                        + "emulates the IO-APIC (x86 only)")
                        .withSource("QEMU accel/kvm/kvm-all.c: kvm_irqchip_create; target/i386/kvm/kvm.c: "
                                + "kvm_arch_irqchip_create, kvm_arch_init_irq_routing"),
                ConfigKey.choice(IOAPIC_VERSION, "0x20", List.of("0x20", "0x11"), "the user-space IO-APIC's version "
                        + "property (kernel-irqchip=split): 0x20 has the EOI register at offset 0x40")
                        .withSource("QEMU hw/intc/ioapic.c: ioapic_realize, IOAPIC_VER_DEF"),
                ConfigKey.duration(USERSPACE_EXIT_COST, 5_000, "QEMU's handling of one exit KVM_RUN returns for "
                        + "with kernel-irqchip=split (an IO-APIC access, KVM_EXIT_IOAPIC_EOI): the return to user "
                        + "space, the dispatch, KVM_RUN again; on top of the hypervisor's exit cost (assumed, not "
                        + "measured)")
                        .withSource("QEMU accel/kvm/kvm-all.c: kvm_cpu_exec; target/i386/kvm/kvm.c: kvm_arch_handle_exit"),
                ConfigKey.flag(KVM_INTX, true, "vfio-pci INTx through KVM (irqfd + resamplefd, "
                        + "vfio_intx_enable_kvm); false = x-no-kvm-intx=on: QEMU's main loop reads the INTx eventfd "
                        + "(vfio_intx_interrupt), raises the line itself, traps the BARs and takes the next BAR access "
                        + "for the EOI (vfio_pci_intx_eoi)")
                        .withSource("QEMU hw/vfio/pci.c: vfio_intx_enable_kvm, vfio_intx_interrupt, vfio_pci_intx_eoi"),
                ConfigKey.duration(INTX_MMAP_TIMEOUT, 1_100_000_000L, "vfio-pci x-intx-mmap-timeout-ms (default "
                        + "1100 ms): how long after an INTx through QEMU the BARs stay trapped; 0 = never map them "
                        + "again").withSource("QEMU hw/vfio/pci.c: vfio_intx_mmap_enable"));
    }

    static QemuConfig from(Config config) {
        return new QemuConfig(config.flag(FORCE_UNMASK_AT_START), config.text(VM_NAME),
                config.durationNs(SYSTEM_RESET), config.flag(IRQFD), config.durationNs(MMAP_TIMEOUT),
                config.durationNs(EVENTFD_HANDLER_LATENCY), config.durationNs(REGION_ACCESS_COST),
                config.text(KERNEL_IRQCHIP).equals("split"), Integer.decode(config.text(IOAPIC_VERSION)),
                config.durationNs(USERSPACE_EXIT_COST), config.flag(KVM_INTX), config.durationNs(INTX_MMAP_TIMEOUT));
    }
}
