package dev.irqlab.crosvm;

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

/** Factory "crosvm". */
public final class CrosvmVmmFactory implements VmmFactory {

    private final CrosvmVmm.Factory vmms;
    /** Each configuration parsed once: a parsed scenario's runs share it. */
    private final ParsedConfigs<CrosvmConfig> configs = new ParsedConfigs<>(CrosvmConfig::from);

    @Inject
    CrosvmVmmFactory(CrosvmVmm.Factory vmms) {
        this.vmms = vmms;
    }

    @Override
    public List<ConfigKey> schema() {
        return CrosvmConfig.schema();
    }

    @Override
    public Vmm create(VmmContext context) {
        return vmms.create(context, configs.of(context.config()));
    }

    /**
     * One table, {@code --irqchip split} (x86 only: KvmSplitIrqChip), where crosvm's own IO-APIC decides;
     * with {@code --irqchip kernel} KVM does all of it and the rows are QEMU's kernel-irqchip rows.
     */
    @Override
    public List<MatrixPreset> matrixPresets() {
        return List.of(new MatrixPreset("split", Map.of(CrosvmConfig.IRQCHIP, "split"), List.of(AbstractVmm.X86_IRQCHIP)));
    }

    @Override
    public String summary() {
        return "crosvm as the VMM: creates the VM with the kernel or the split irqchip (its own IO-APIC), wires "
                + "vfio-platform irqs and vfio-pci INTx, starts the VM";
    }

    @Override
    public String source() {
        return "crosvm devices/src/irqchip/ioapic.rs, devices/src/irqchip/kvm/x86_64.rs, devices/src/pci/vfio_pci.rs";
    }
}
