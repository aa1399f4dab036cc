package dev.irqlab.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.api.plugin.GuestDriverFactory;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.SystemSleepFactory;
import dev.irqlab.tck.PluginBindings;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GuestLinuxPluginTest {

    @Test
    @DisplayName("found by ServiceLoader as 'guest-linux' with the current SPI version")
    void serviceLoader() {
        IrqlabPlugin p = ServiceLoader.load(IrqlabPlugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals("guest-linux")).findFirst().orElseThrow();
        assertTrue(p instanceof GuestLinuxPlugin);
        assertEquals(Spi.VERSION, p.spiVersion());
    }

    @Test
    @DisplayName("the factory bindings hold exactly the names the capabilities declare (docs/architecture.md table + unclaimed)")
    void bindingsMatchCapabilities() {
        GuestLinuxPlugin p = new GuestLinuxPlugin();
        Map<String, DeviceFactory> devices = PluginBindings.factories(p, DeviceFactory.class);
        Map<String, GuestDriverFactory> drivers = PluginBindings.factories(p, GuestDriverFactory.class);
        Map<String, SystemSleepFactory> sleeps = PluginBindings.factories(p, SystemSleepFactory.class);
        assertEquals(Set.of("level-status", "edge-pulse", "elan-i2c", "cros-ec"), devices.keySet());
        assertEquals(Set.of("level-fasteoi", "edge", "elan_i2c", "cros_ec", "missing", "unclaimed"), drivers.keySet());
        assertEquals(Set.of("linux"), sleeps.keySet());
        assertEquals(devices.keySet(), p.capabilities().names(Role.DEVICE));
        assertEquals(drivers.keySet(), p.capabilities().names(Role.GUEST_DRIVER));
        assertEquals(sleeps.keySet(), p.capabilities().names(Role.SYSTEM_SLEEP));
    }
}
