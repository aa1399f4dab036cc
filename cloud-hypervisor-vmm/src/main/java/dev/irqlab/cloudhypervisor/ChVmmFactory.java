package dev.irqlab.cloudhypervisor;

import com.google.inject.Inject;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.MatrixPreset;
import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.vmm.core.AbstractVmm;
import java.util.List;

/** Factory "cloud-hypervisor". */
public final class ChVmmFactory implements VmmFactory {

    private final ChVmm.Factory vmms;

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
        return vmms.create(context, ChConfig.from(context.config()));
    }

    @Override
    public String summary() {
        return "cloud-hypervisor as the VMM (x86): split irqchip with its own IO-APIC, vfio-pci INTx on the pin's "
                + "irqfd, no resamplefd, INTx unmasked after trapped BAR accesses";
    }

    @Override
    public String source() {
        return "cloud-hypervisor devices/src/ioapic.rs, vmm/src/interrupt.rs, pci/src/vfio.rs";
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
        return List.of(AbstractVmm.X86_IRQCHIP);
    }

    /** One table: its defaults, which are the split irqchip (it has no other). */
    @Override
    public List<MatrixPreset> matrixPresets() {
        return List.of(MatrixPreset.defaults("split"));
    }
}
