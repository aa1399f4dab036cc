package dev.irqlab.gic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Spi;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ControllerContext;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VirtualControllerContext;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.tck.PluginBindings;
import dev.irqlab.tck.SimHarness;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Plugin wiring, capabilities, configuration keys and their defaults. */
class GicPluginTest {

    static Map<String, Object> defaults(List<ConfigKey> schema) {
        return schema.stream().collect(Collectors.toMap(ConfigKey::name, ConfigKey::defaultValue));
    }

    @Test
    void physicalConfigDefaultsAndKeyNames() {
        var schema = GicFactories.physical(GicVersion.V3).schema();
        assertEquals(Map.of("eoi-mode", "1", "spis", 988L, "pci-intx-spi-base", 8L), defaults(schema));
        assertEquals(List.of("0", "1"), schema.get(0).choices());
    }

    @Test
    void virtualConfigDefaultsAndKeyNames() {
        var schema = GicFactories.virtual(GicVersion.V3).schema();
        assertEquals(Map.of("kvm-version", "linux-6.19", "eoi-mode", "0", "list-registers", 4L, "mask-notifiers", false,
                "resample-on-enable-order", "clear-before-notify", "resample-on-enable-window", 0L),
                defaults(schema));
    }

    @Test
    void bothPluginsAreFoundAndBindTheirFactories() {
        Map<String, IrqlabPlugin> plugins = new HashMap<>();
        ServiceLoader.load(IrqlabPlugin.class).forEach(p -> plugins.put(p.name(), p));
        assertEquals(Set.of("gicv2", "gicv3"), plugins.keySet());
        for (GicVersion v : GicVersion.values()) {
            IrqlabPlugin p = plugins.get(v.physicalName());
            assertEquals(Spi.VERSION, p.spiVersion());
            assertEquals(Set.of(v.physicalName()), p.capabilities().names(Role.PHYSICAL_CONTROLLER));
            assertEquals(Set.of(v.virtualName()), p.capabilities().names(Role.VIRTUAL_CONTROLLER));
            assertEquals(Set.of("arm64"), p.capabilities().architectures());
            assertTrue(p.capabilities().fixes().contains("vgic-resample-on-enable"));
            Map<String, PhysicalControllerFactory> phys = PluginBindings.factories(p, PhysicalControllerFactory.class);
            Map<String, VirtualControllerFactory> virt = PluginBindings.factories(p, VirtualControllerFactory.class);
            assertTrue(phys.containsKey(v.physicalName()));
            assertTrue(virt.containsKey(v.virtualName()));
        }
    }

    @Test
    void factoriesBuildFromDefaultsAndActOnFixes() {
        SimHarness h = new SimHarness();
        var pf = GicFactories.physical(GicVersion.V3);
        var ctl = pf.create(new ControllerContext(h.sim(), "host.gicv3", 2, Config.defaults(pf.schema()), Set.of()));
        assertEquals("GICv3", ctl.chip().name());
        assertEquals(0, ctl.chip().setForwardedToVcpu(40, true), "EOImode 1 by default: gic_eoimode1_chip");
        var vf = GicFactories.virtual(GicVersion.V3);
        VirtualInterruptController plain = vf.create(new VirtualControllerContext(h.sim(), "vm0.vgic-v3", 1,
                Config.defaults(vf.schema()), Set.of(), (c, d) -> { }));
        assertFalse(plain.hasMaskNotifiers());
        VirtualInterruptController fixed = vf.create(new VirtualControllerContext(h.sim(), "vm0.vgic-v3", 1,
                Config.defaults(vf.schema()), Set.of("irqfd-mask-notifier"), (c, d) -> { }));
        assertTrue(fixed.hasMaskNotifiers());
    }

    @Test
    void badEoiModeIsRefusedNamingKeyAndChoices() {
        SimHarness h = new SimHarness();
        var pf = GicFactories.physical(GicVersion.V2);
        Map<String, Object> values = new HashMap<>(defaults(pf.schema()));
        values.put("eoi-mode", "2");
        var e = assertThrows(IllegalArgumentException.class,
                () -> pf.create(new ControllerContext(h.sim(), "host.gicv2", 1, Config.of(values), Set.of())));
        assertTrue(e.getMessage().contains("eoi-mode") && e.getMessage().contains("0, 1"), e.getMessage());
    }

    @Test
    void refusedConfigurationNamesEachRunsComponentEveryTime() {
        SimHarness h = new SimHarness();
        var pf = GicFactories.physical(GicVersion.V3);
        Map<String, Object> host = new HashMap<>(defaults(pf.schema()));
        host.put("spis", 0L);
        Config badHost = Config.of(host);
        for (String name : List.of("host.gicv3", "host.other")) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> pf.create(new ControllerContext(h.sim(), name, 1, badHost, Set.of())));
            assertEquals(name + ": configuration key 'spis' is 0; allowed values: 1..988", e.getMessage());
        }
        var vf = GicFactories.virtual(GicVersion.V3);
        Map<String, Object> vm = new HashMap<>(defaults(vf.schema()));
        vm.put("list-registers", 17L);
        Config badVm = Config.of(vm);
        for (String name : List.of("vm0.vgic-v3", "vm1.vgic-v3")) {
            var e = assertThrows(IllegalArgumentException.class, () -> vf.create(new VirtualControllerContext(
                    h.sim(), name, 1, badVm, Set.of(), (c, d) -> { })));
            assertEquals(name + ": configuration key 'list-registers' is 17; allowed values: 1..16", e.getMessage());
        }
    }
}
