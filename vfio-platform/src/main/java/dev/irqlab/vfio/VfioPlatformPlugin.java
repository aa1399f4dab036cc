package dev.irqlab.vfio;

import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.MessageKey;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.plugin.AbstractIrqlabPlugin;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plugin "vfio-platform": the forwarder of drivers/vfio/platform. Upstream it is built for ARM only
 * (Kconfig {@code VFIO_PLATFORM depends on ARM || ARM64 || COMPILE_TEST}); the model itself works
 * over any host kernel, so it declares no architecture restriction.
 */
public final class VfioPlatformPlugin extends AbstractIrqlabPlugin {

    public static final String NAME = "vfio-platform";

    private static final List<MessageKey> MESSAGES = List.of(new MessageKey("vfio.request_irq_failed",
            "VFIO_DEVICE_SET_IRQS could not request the host irq",
            "drivers/vfio/platform/vfio_platform_irq.c: vfio_set_trigger"));

    public VfioPlatformPlugin() {
        super(NAME, "vfio-platform: the host driver of a passed-through platform device's interrupts (automasked level, eventfds)",
                new Capabilities(Map.of(Role.FORWARDER, Set.of(NAME)), Set.of(), Set.of(), Set.of()),
                MESSAGES);
    }

    /**
     * The component graph: a device's interrupt side ({@link VfioPlatformDevice}) and each of its irqs
     * ({@link VfioPlatformIrq}), from part factories that take a run's values.
     */
    @Override
    protected void configure() {
        bind(VfioPlatformDevice.Factory.class);
        bind(VfioPlatformIrq.Factory.class);
        bindFactory(ForwarderFactory.class, NAME, VfioPlatformForwarderFactory.class);
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }
}
