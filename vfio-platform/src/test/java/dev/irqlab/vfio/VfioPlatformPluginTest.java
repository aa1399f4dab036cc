package dev.irqlab.vfio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.tck.PluginBindings;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VfioPlatformPluginTest {

    @Test
    @DisplayName("plugin vfio-platform binds ForwarderFactory vfio-platform, has no config keys, is found by ServiceLoader")
    void declarationAndBinding() {
        VfioPlatformPlugin plugin = new VfioPlatformPlugin();
        assertEquals("vfio-platform", plugin.name());
        assertEquals(Spi.VERSION, plugin.spiVersion());
        assertEquals(Set.of("vfio-platform"), plugin.capabilities().names(Role.FORWARDER));
        Map<String, ForwarderFactory> factories = PluginBindings.factories(plugin, ForwarderFactory.class);
        assertTrue(factories.get("vfio-platform") instanceof VfioPlatformForwarderFactory);
        assertTrue(factories.get("vfio-platform").schema().isEmpty());
        assertTrue(ServiceLoader.load(IrqlabPlugin.class).stream().anyMatch(p -> p.type() == VfioPlatformPlugin.class));
    }
}
