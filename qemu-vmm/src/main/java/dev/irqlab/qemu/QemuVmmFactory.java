package dev.irqlab.qemu;

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

/** Factory "qemu". */
public final class QemuVmmFactory implements VmmFactory {

    private final QemuVmm.Factory vmms;
    /** Each configuration parsed once: a parsed scenario's runs share it. */
    private final ParsedConfigs<QemuConfig> configs = new ParsedConfigs<>(QemuConfig::from);

    @Inject
    QemuVmmFactory(QemuVmm.Factory vmms) {
        this.vmms = vmms;
    }

    @Override
    public List<ConfigKey> schema() {
        return QemuConfig.schema();
    }

    @Override
    public Vmm create(VmmContext context) {
        return vmms.create(context, configs.of(context.config()));
    }

    /**
     * Two tables: {@code -machine kernel-irqchip=on}, the default (every architecture), and
     * {@code kernel-irqchip=split}, QEMU's own IO-APIC (hw/intc/ioapic.c), which exists on x86 only
     * ({@code kvm_arch_irqchip_create}: {@code KVM_CAP_SPLIT_IRQCHIP}).
     */
    @Override
    public List<MatrixPreset> matrixPresets() {
        return List.of(MatrixPreset.defaults("kernel"),
                new MatrixPreset("split", Map.of(QemuConfig.KERNEL_IRQCHIP, "split"), List.of(AbstractVmm.X86_IRQCHIP)));
    }

    @Override
    public String summary() {
        return "QEMU as the VMM: creates the VM, wires each vfio-platform device's interrupts, starts the VM";
    }

    @Override
    public String source() {
        return "QEMU hw/vfio/platform.c: vfio_start_irqfd_injection; hw/arm/virt.c";
    }
}
