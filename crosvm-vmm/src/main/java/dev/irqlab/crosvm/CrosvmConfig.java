package dev.irqlab.crosvm;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ConfigType;
import java.util.List;

/**
 * The "crosvm" VMM's configuration: the scenario's {@code vmm:} keys besides {@code vm-start}.
 *
 * @param vmName            the VM's component name in the trace
 * @param splitIrqchip      {@code --irqchip split}: KVM keeps the local APICs, crosvm emulates the
 *                          IO-APIC ({@link CrosvmIoapic}); x86 only
 * @param identityGsis      the IO-APIC's output GSIs: false = allocated above the 24 pins (crosvm
 *                          today), true = GSI n for pin n (crosvm built with the {@code direct}
 *                          feature, 2022-02 to 2023-07)
 * @param irqHandlerNs      from a device's irq event (the vfio trigger eventfd) to crosvm's irq
 *                          handler thread servicing it on the IO-APIC
 * @param userspaceExitNs   crosvm's handling of one exit {@code KVM_RUN} returns for with the split
 *                          irqchip (an IO-APIC access, {@code KVM_EXIT_IOAPIC_EOI})
 */
record CrosvmConfig(String vmName, boolean splitIrqchip, boolean identityGsis, long irqHandlerNs,
                    long userspaceExitNs) {

    static final String VM_NAME = "vm-name";
    static final String IRQCHIP = "irqchip";
    static final String IOAPIC_GSIS = "ioapic-gsis";
    static final String IRQ_HANDLER_LATENCY = "irq-handler-latency";
    static final String USERSPACE_EXIT_COST = "userspace-exit-cost";

    static List<ConfigKey> schema() {
        return List.of(
                new ConfigKey(VM_NAME, ConfigType.STRING, "vm0", "the VM's name in the trace", List.of(), 0, 0),
                ConfigKey.choice(IRQCHIP, "kernel", List.of("kernel", "split"), "--irqchip: kernel = the whole "
                        + "irqchip in KVM (KvmKernelIrqChip); split = KVM_CAP_SPLIT_IRQCHIP with 24 pins, KVM keeps "
                        + "the local APICs and crosvm emulates the IO-APIC (KvmSplitIrqChip, x86 only)")
                        .withSource("crosvm src/crosvm/sys/linux.rs: create_vm (IrqChipKind); "
                                + "devices/src/irqchip/kvm/x86_64.rs: KvmSplitIrqChip::new"),
                ConfigKey.choice(IOAPIC_GSIS, "allocated", List.of("allocated", "identity"), "the GSIs of the "
                        + "split irqchip's IO-APIC outputs: allocated = crosvm today, one GSI per pin from the "
                        + "system allocator when the guest first programs it, all above the 24 reserved pins "
                        + "(finalize_devices), so KVM never reports their EOIs; identity = GSI n for pin n, as "
                        + "crosvm built with the direct feature did from 2968e1b6c (2022-02) to fa704304a (2023-07)")
                        .withSource("crosvm devices/src/irqchip/ioapic.rs: setup_msi; devices/src/irqchip/kvm/"
                                + "x86_64.rs: finalize_devices; 2968e1b6c init_direct_gsi"),
                ConfigKey.duration(IRQ_HANDLER_LATENCY, 10_000, "a device's irq event signalled -> crosvm's irq "
                        + "handler thread wakes and services the IO-APIC pin (assumed: one host thread wake-up; "
                        + "not measured)")
                        .withSource("crosvm devices/src/irqchip/kvm/x86_64.rs: service_irq_event"),
                ConfigKey.duration(USERSPACE_EXIT_COST, 5_000, "crosvm's handling of one exit KVM_RUN returns for "
                        + "with the split irqchip (an IO-APIC access, KVM_EXIT_IOAPIC_EOI), on top of the "
                        + "hypervisor's exit cost (assumed, not measured)")
                        .withSource("crosvm src/crosvm/sys/linux/vcpu.rs: vcpu_loop"));
    }

    static CrosvmConfig from(Config config) {
        return new CrosvmConfig(config.text(VM_NAME), config.text(IRQCHIP).equals("split"),
                config.text(IOAPIC_GSIS).equals("identity"), config.durationNs(IRQ_HANDLER_LATENCY),
                config.durationNs(USERSPACE_EXIT_COST));
    }
}
