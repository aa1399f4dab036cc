package dev.irqlab.cloudhypervisor;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ConfigType;
import java.util.List;

/**
 * The "cloud-hypervisor" VMM's configuration: the scenario's {@code vmm:} keys besides {@code vm-start}.
 *
 * @param vmName          the VM's component name in the trace
 * @param trapBars        {@code x_exclude_mmap_bars} for the assigned functions' BARs: every guest
 *                        access exits to cloud-hypervisor ({@code read_bar}/{@code write_bar}), which
 *                        unmasks INTx at VFIO after it; false: the BARs are mmap'd into the guest
 * @param userspaceExitNs cloud-hypervisor's handling of one exit to it (an IO-APIC access, a trapped
 *                        BAR access), on top of the hypervisor's exit cost
 * @param firmwareBoot    the guest boots through UEFI firmware and reads the ACPI tables ({@code boot:
 *                        firmware}); false: a direct kernel boot, the guest reads the device tree (arm64;
 *                        an x86 guest reads ACPI tables either way)
 */
record ChConfig(String vmName, boolean trapBars, long userspaceExitNs, boolean firmwareBoot) {

    static final String VM_NAME = "vm-name";
    static final String TRAP_BARS = "trap-bars";
    static final String USERSPACE_EXIT_COST = "userspace-exit-cost";
    static final String BOOT = "boot";
    static final List<String> BOOTS = List.of("kernel", "firmware");

    static List<ConfigKey> schema() {
        return List.of(
                new ConfigKey(VM_NAME, ConfigType.STRING, "vm0", "the VM's name in the trace", List.of(), 0, 0),
                ConfigKey.flag(TRAP_BARS, false, "the assigned functions' BARs trap (--device ...,"
                        + "x_exclude_mmap_bars=...; also what happens when a BAR cannot be mmap'd): every guest "
                        + "access exits to cloud-hypervisor, which unmasks INTx at VFIO after it (its only INTx "
                        + "EOI); false: the BARs are mmap'd and nothing ever unmasks INTx")
                        .withSource("cloud-hypervisor pci/src/vfio.rs: map_mmio_regions, read_bar, write_bar"),
                ConfigKey.duration(USERSPACE_EXIT_COST, 5_000, "cloud-hypervisor's handling of one exit to it (an "
                        + "IO-APIC access, a trapped BAR access), on top of the hypervisor's exit cost (assumed, "
                        + "not measured)")
                        .withSource("cloud-hypervisor vmm/src/cpu.rs: Vcpu::run"),
                ConfigKey.choice(BOOT, "kernel", BOOTS, "how the guest boots: kernel (--kernel with a kernel "
                        + "image: on arm64 the guest reads cloud-hypervisor's device tree, which routes no PCI INTx) or "
                        + "firmware (UEFI firmware such as CLOUDHV_EFI.fd: the guest reads its ACPI tables, whose _PRT "
                        + "routes INTA); an x86 guest reads ACPI tables either way")
                        .withSource("cloud-hypervisor arch/src/aarch64/fdt.rs: create_pci_nodes; vmm/src/pci_segment.rs: "
                                + "_PRT; vmm/src/vm.rs: create_acpi_tables"));
    }

    static ChConfig from(Config config) {
        String boot = config.text(BOOT);
        if (!BOOTS.contains(boot)) {
            throw new IllegalArgumentException("configuration key '" + BOOT + "' is '" + boot + "'; allowed: " + BOOTS);
        }
        return new ChConfig(config.text(VM_NAME), config.flag(TRAP_BARS), config.durationNs(USERSPACE_EXIT_COST),
                boot.equals("firmware"));
    }
}
