package dev.irqlab.qemu;

import com.google.inject.Inject;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;
import java.util.List;

/** Factory "qemu". */
public final class QemuVmmFactory implements VmmFactory {

    private final QemuVmm.Factory vmms;

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
        return vmms.create(context, QemuConfig.from(context.config()));
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
