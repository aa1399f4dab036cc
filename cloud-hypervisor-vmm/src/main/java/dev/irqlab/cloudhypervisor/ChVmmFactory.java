package dev.irqlab.cloudhypervisor;

import com.google.inject.Inject;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.MatrixPreset;
import dev.irqlab.api.plugin.ParsedConfigs;
import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.vmm.core.AbstractVmm;
import java.util.List;
import java.util.Map;

/** Factory "cloud-hypervisor". */
public final class ChVmmFactory implements VmmFactory {

    private final ChVmm.Factory vmms;
    /** Each configuration parsed once: a parsed scenario's runs share it. */
    private final ParsedConfigs<ChConfig> configs = new ParsedConfigs<>(ChConfig::from);

    @Inject
    ChVmmFactory(ChVmm.Factory vmms) {
        this.vmms = vmms;
    }

    @Override
    public List<ConfigKey> schema() {
        return ChConfig.schema();
    }

    @Override
    public Vmm create(VmmContext context) {
        return vmms.create(context, configs.of(context.config()));
    }

    @Override
    public String summary() {
        return "cloud-hypervisor as the VMM: on x86 the split irqchip with its own IO-APIC, on arm64 KVM's GICv3; "
                + "vfio-pci INTx on the legacy interrupt's irqfd, no resamplefd, INTx unmasked after trapped BAR "
                + "accesses; on arm64 only a guest booted through firmware (ACPI) has a route to it";
    }

    @Override
    public String source() {
        return "cloud-hypervisor devices/src/ioapic.rs, devices/src/gic.rs, vmm/src/interrupt.rs, pci/src/vfio.rs, "
                + "arch/src/aarch64/fdt.rs, vmm/src/pci_segment.rs (main of 2026-08)";
    }

    @Override
    public boolean vfioPlatform() {
        return false;
    }

    @Override
    public boolean unmaskEventfd() {
        return false;
    }

    @Override
    public List<String> irqchips() {
        return List.of(AbstractVmm.X86_IRQCHIP, ChVmm.ARM64_IRQCHIP);
    }

    /**
     * Three tables: x86 (its defaults, the split irqchip: it has no other); arm64 with its default boot,
     * a direct kernel boot, where the guest has no INTx route and every row is refused with the reason
     * ({@link ChGic#intxUnrouted}); arm64 booted through firmware ({@code boot: firmware}, ACPI).
     */
    @Override
    public List<MatrixPreset> matrixPresets() {
        return List.of(new MatrixPreset("split", Map.of(), List.of(AbstractVmm.X86_IRQCHIP)),
                new MatrixPreset("gic", Map.of(ChConfig.BOOT, "kernel"), List.of(ChVmm.ARM64_IRQCHIP)),
                new MatrixPreset("gic-acpi", Map.of(ChConfig.BOOT, "firmware"), List.of(ChVmm.ARM64_IRQCHIP)));
    }
}
