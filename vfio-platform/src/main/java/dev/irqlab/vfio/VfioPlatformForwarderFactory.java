package dev.irqlab.vfio;

import com.google.inject.Inject;
import dev.irqlab.api.forwarder.Forwarder;
import dev.irqlab.api.forwarder.ForwarderContext;
import dev.irqlab.api.plugin.ForwarderFactory;

/** Builds a {@link VfioPlatformDevice}: {@code vfio_platform_probe_common} → {@code vfio_platform_irq_init}. No configuration keys. */
public final class VfioPlatformForwarderFactory implements ForwarderFactory {

    private final VfioPlatformDevice.Factory devices;

    @Inject
    VfioPlatformForwarderFactory(VfioPlatformDevice.Factory devices) {
        this.devices = devices;
    }

    @Override
    public Forwarder create(ForwarderContext context) {
        return devices.create(context);
    }

    @Override
    public String summary() {
        return "vfio-platform's host interrupt handling: automasked level irqs, trigger and unmask eventfds";
    }

    @Override
    public String source() {
        return "drivers/vfio/platform/vfio_platform_irq.c";
    }
}
