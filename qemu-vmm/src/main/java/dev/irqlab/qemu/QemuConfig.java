package dev.irqlab.qemu;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ConfigType;
import java.util.List;

/**
 * The "qemu" VMM's configuration: the scenario's {@code vmm:} keys besides {@code vm-start}.
 *
 * @param forceUnmaskAtStart one {@code VFIO_IRQ_SET_ACTION_UNMASK} per maskable irq when the VM
 *                           starts: Micah Morton's workaround for a first interrupt the VM missed,
 *                           which leaves the host line automasked
 * @param vmName             the VM's component name (QEMU {@code -name})
 */
record QemuConfig(boolean forceUnmaskAtStart, String vmName) {

    static final String FORCE_UNMASK_AT_START = "force-unmask-at-start";
    static final String VM_NAME = "vm-name";

    static List<ConfigKey> schema() {
        return List.of(
                ConfigKey.flag(FORCE_UNMASK_AT_START, false, "one forced VFIO unmask (VFIO_IRQ_SET_ACTION_UNMASK) "
                        + "per maskable irq when the VM starts: the workaround for a first interrupt missed by the VM")
                        .withSource("drivers/vfio/platform/vfio_platform_irq.c: vfio_platform_set_irq_unmask"),
                new ConfigKey(VM_NAME, ConfigType.STRING, "vm0", "the VM's name in the trace (QEMU -name)",
                        List.of(), 0, 0));
    }

    static QemuConfig from(Config config) {
        return new QemuConfig(config.flag(FORCE_UNMASK_AT_START), config.text(VM_NAME));
    }
}
