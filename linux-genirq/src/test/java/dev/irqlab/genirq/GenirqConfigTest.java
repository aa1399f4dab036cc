package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ConfigType;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.tck.PluginBindings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Pins the plugin's names, configuration keys and defaults. */
class GenirqConfigTest {

    @Test
    void schemaHasTheDocumentedKeysTypesAndDefaults() {
        List<ConfigKey> schema = KernelFixture.factory().schema();
        assertEquals(List.of("irq-entry", "thread-wakeup", "softirq-latency", "hz", "noirqdebug", "threadirqs",
                "preempt-rt", "init-irq", "irq-chip-ops", "hard-handler",
                "pm-debug-messages"), schema.stream().map(ConfigKey::name).toList());
        assertEquals(List.of(ConfigType.DURATION, ConfigType.DURATION, ConfigType.DURATION, ConfigType.INTEGER,
                ConfigType.BOOLEAN, ConfigType.BOOLEAN, ConfigType.BOOLEAN, ConfigType.DURATION,
                ConfigType.DURATION, ConfigType.DURATION, ConfigType.BOOLEAN),
                schema.stream().map(ConfigKey::type).toList());
        GenirqConfig d = GenirqConfig.defaults();
        assertEquals(1_000L, d.irqEntryNs());
        assertEquals(20_000L, d.threadWakeupNs());
        assertEquals(1_000L, d.softirqLatencyNs());
        assertEquals(250, d.hz());
        assertEquals(false, d.noirqdebug());
        assertEquals(false, d.threadirqs(), "threadirqs is a boot option, off by default");
        assertEquals(false, d.preemptRt());
        assertEquals(0L, d.initIrqNs(), "init_IRQ at the kernel's start");
        assertEquals(500L, d.chipOpsNs());
        assertEquals(2_000L, d.hardHandlerNs());
        assertEquals(false, d.pmDebugMessages(), "pm_debug_messages is a boot option, off by default");
    }

    @Test
    void anHzOutsideKconfigChoicesIsRefusedNamingTheKeyAndValues() {
        Map<String, Object> v = new HashMap<>(Config.defaults(GenirqConfig.schema()).values());
        v.put("hz", 200L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GenirqConfig.from(Config.of(v)));
        assertTrue(e.getMessage().contains("'hz'") && e.getMessage().contains("[100, 250, 300, 1000]"),
                e.getMessage());
    }

    @Test
    void jiffiesFollowHzInVirtualTime() {
        GenirqConfig c = GenirqConfig.defaults();
        assertEquals(0, c.jiffies(3_999_999L));
        assertEquals(1, c.jiffies(4_000_000L));
        assertEquals(25, c.jiffies(100_000_000L));
        assertEquals(250L * 3600, c.jiffies(3600L * 1_000_000_000L));
    }

    @Test
    void pluginLinuxIsFoundByServiceLoaderAndBindsKernelFactoryLinux() {
        IrqlabPlugin plugin = ServiceLoader.load(IrqlabPlugin.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("linux")).findFirst().orElseThrow();
        assertEquals(Spi.VERSION, plugin.spiVersion());
        assertEquals(java.util.Set.of("linux"), plugin.capabilities().names(Role.KERNEL));
        Map<String, KernelFactory> factories = PluginBindings.factories(plugin, KernelFactory.class);
        assertTrue(factories.get("linux") instanceof LinuxKernelFactory);
    }
}
