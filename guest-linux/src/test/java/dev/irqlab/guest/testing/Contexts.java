package dev.irqlab.guest.testing;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.Configurable;
import dev.irqlab.api.sim.Sim;
import java.util.HashMap;
import java.util.Map;

/** Builds device and driver contexts over a factory's schema defaults with optional overrides. */
public final class Contexts {

    private Contexts() {
    }

    public static Config config(Configurable factory, Object... overrides) {
        Map<String, Object> values = new HashMap<>(Config.defaults(factory.schema()).values());
        for (int i = 0; i < overrides.length; i += 2) {
            values.put((String) overrides[i], overrides[i + 1]);
        }
        return Config.of(values);
    }

    public static DeviceContext device(Sim sim, String name, Trigger trigger, Configurable factory,
                                       Object... overrides) {
        return new DeviceContext(sim, name, trigger, config(factory, overrides));
    }

    public static GuestDriverContext driver(Sim sim, String name, IrqCore kernel, int irq, Device device,
                                            String flow, Configurable factory, Object... overrides) {
        return new GuestDriverContext(sim, name, kernel, irq, device, flow, config(factory, overrides));
    }
}
