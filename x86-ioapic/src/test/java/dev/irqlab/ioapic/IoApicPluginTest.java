package dev.irqlab.ioapic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ControllerContext;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VirtualControllerContext;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.tck.PluginBindings;
import dev.irqlab.tck.SimHarness;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Plugin entry point, bindings, and the configuration keys with their defaults. */
class IoApicPluginTest {

    /** The factories as the plugin's Guice module wires them. */
    private static final Injector INJECTOR = Guice.createInjector(new IoApicPlugin());

    @Test
    @DisplayName("found by ServiceLoader; name, SPI version, capabilities as documented")
    void capabilities() {
        IrqlabPlugin p = ServiceLoader.load(IrqlabPlugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals("ioapic")).findFirst().orElseThrow();
        assertEquals(Spi.VERSION, p.spiVersion());
        assertEquals(Set.of("ioapic"), p.capabilities().names(Role.PHYSICAL_CONTROLLER));
        assertEquals(Set.of("kvm-ioapic"), p.capabilities().names(Role.VIRTUAL_CONTROLLER));
        assertEquals(Set.of("x86"), p.capabilities().architectures());
        assertEquals(Set.of("ioapic-ack-pending", "resample-on-unmask"), p.capabilities().fixes());
        assertEquals(Set.of("mask-notifiers"), p.capabilities().features());
    }

    @Test
    @DisplayName("Guice binds the factories 'ioapic' and 'kvm-ioapic'")
    void bindings() {
        Map<String, PhysicalControllerFactory> phys = PluginBindings.factories(new IoApicPlugin(),
                PhysicalControllerFactory.class);
        Map<String, VirtualControllerFactory> virt = PluginBindings.factories(new IoApicPlugin(),
                VirtualControllerFactory.class);
        assertTrue(phys.get("ioapic") instanceof PhysicalIoApicFactory);
        assertTrue(virt.get("kvm-ioapic") instanceof KvmIoApicFactory);
    }

    @Test
    @DisplayName("config defaults: ioapic version=0x20; kvm-ioapic kvm-version=linux-6.15 (the newest modelled), "
            + "apicv=true, vector-hashing=true, kvm-flavour=mainline")
    void defaults() {
        Map<String, Object> phys = INJECTOR.getInstance(PhysicalIoApicFactory.class).schema().stream()
                .collect(Collectors.toMap(ConfigKey::name, ConfigKey::defaultValue));
        assertEquals(Map.of("version", "0x20"), phys);
        Map<String, Object> virt = INJECTOR.getInstance(KvmIoApicFactory.class).schema().stream()
                .collect(Collectors.toMap(ConfigKey::name, ConfigKey::defaultValue));
        assertEquals(Map.of("kvm-version", "linux-6.15", "apicv", true, "vector-hashing", true,
                "kvm-flavour", "mainline"), virt);
    }

    @Test
    @DisplayName("resample-on-unmask is on with the fix or kvm-version linux-6.3 or linux-6.15 (the default), off with "
            + "linux-6.2; "
            + "ack-pending only as a fix; the host kernel's HZ sets the storm delay")
    void fixSelection() {
        KvmIoApicFactory f = INJECTOR.getInstance(KvmIoApicFactory.class);
        SimHarness h = new SimHarness();
        Config defaults = Config.defaults(f.schema());
        Config v62 = Config.of(Map.of("kvm-version", "linux-6.2", "apicv", true,
                "vector-hashing", true, "kvm-flavour", "mainline"));
        KvmIoApic plain = (KvmIoApic) f.create(new VirtualControllerContext(h.sim(), "vm0.kvm-ioapic", 1, v62,
                Set.of(), (c, d) -> { }, null, 1000));
        assertFalse(plain.resampleOnUnmask());
        assertFalse(plain.ackPendingFix());
        assertEquals(10_000_000L, plain.eoiInjectDelayNs());
        KvmIoApic byDefault = (KvmIoApic) f.create(new VirtualControllerContext(h.sim(), "vm0.kvm-ioapic", 1, defaults,
                Set.of(), (c, d) -> { }));
        assertTrue(byDefault.resampleOnUnmask());
        assertEquals(8_000_000L, byDefault.eoiInjectDelayNs());
        assertTrue(byDefault.vectorHashing());
        KvmIoApic fixed = (KvmIoApic) f.create(new VirtualControllerContext(h.sim(), "vm0.kvm-ioapic", 1, defaults,
                Set.of("resample-on-unmask", "ioapic-ack-pending"), (c, d) -> { }));
        assertTrue(fixed.resampleOnUnmask());
        assertTrue(fixed.ackPendingFix());
        Config v63 = Config.of(Map.of("kvm-version", "linux-6.3", "apicv", true,
                "vector-hashing", true, "kvm-flavour", "mainline"));
        KvmIoApic six3 = (KvmIoApic) f.create(new VirtualControllerContext(h.sim(), "vm0.kvm-ioapic", 1, v63,
                Set.of(), (c, d) -> { }));
        assertTrue(six3.resampleOnUnmask());
        assertFalse(six3.eoiAtDelivery());
        Config pvm = Config.of(Map.of("kvm-version", "linux-6.3", "apicv", true,
                "vector-hashing", true, "kvm-flavour", "pvm"));
        KvmIoApic onPvm = (KvmIoApic) f.create(new VirtualControllerContext(h.sim(), "vm0.kvm-ioapic", 1, pvm,
                Set.of(), (c, d) -> { }));
        assertTrue(onPvm.eoiAtDelivery());
        assertEquals(java.util.Set.of("resample-on-unmask"), f.fixesMergedIn(defaults), "6.15 keeps 6.3's fix");
        assertEquals(java.util.Set.of(), f.fixesMergedIn(v62));
        assertFalse(KvmIoApicFactory.rescansStaleEoi("linux-6.3"), "the stale-EOI rescan is 6.15's");
        assertTrue(KvmIoApicFactory.rescansStaleEoi("linux-6.15"));
    }

    @Test
    @DisplayName("a bad choice is refused naming the key and the allowed values")
    void badConfig() {
        SimHarness h = new SimHarness();
        var e = assertThrows(IllegalArgumentException.class, () -> INJECTOR.getInstance(PhysicalIoApicFactory.class).create(
                new ControllerContext(h.sim(), "host.ioapic", 1, Config.of(Map.of("version", "0x30")), Set.of())));
        assertTrue(e.getMessage().contains("version") && e.getMessage().contains("0x11"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> INJECTOR.getInstance(KvmIoApicFactory.class).create(
                new VirtualControllerContext(h.sim(), "vm0.kvm-ioapic", 1,
                        Config.of(Map.of("kvm-version", "linux-5.10", "apicv", true,
                                "vector-hashing", true)),
                        Set.of(), (c, d) -> { })));
        assertTrue(e2.getMessage().contains("kvm-version") && e2.getMessage().contains("linux-6.3"), e2.getMessage());
    }
}
