package dev.irqlab.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Spi;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.hypervisor.HypervisorContext;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.plugin.Combination;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.HypervisorFactory;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.tck.PluginBindings;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.doubles.ToyVirtualController;
import dev.irqlab.tck.doubles.ToyVirtualController.Style;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Plugin declaration, refusals, Guice wiring and configuration defaults of "kvm". */
class KvmPluginTest {

    private final KvmPlugin plugin = new KvmPlugin();

    private static Combination combination(Set<String> fixes, Set<String> features) {
        return new Combination(Map.of(Role.HYPERVISOR, "kvm"), Set.of(), Set.of(), Set.of("x86"), fixes, features);
    }

    @Test
    @DisplayName("configuration keys and defaults are pinned (durations in ns)")
    void configDefaults() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("injection-latency", 1_000L);
        expected.put("irqfd-inject-latency", 5_000L);
        expected.put("kvm-version", "linux-6.17");
        expected.put("exit-cost.mmio", 2_000L);
        expected.put("exit-cost.apic-eoi", 1_000L);
        expected.put("exit-cost.maintenance", 1_000L);
        expected.put("exit-cost.sysreg", 1_000L);
        expected.put("exit-cost.external-interrupt", 1_000L);
        expected.put("exit-cost.idle", 2_000L);
        expected.put("exit-cost.ioapic-eoi", 1_000L); // the EOI-induced exit; the VMM adds its handling
        expected.put("resampler-ack-window", 0L); // irqfd_resampler_ack in one step unless explored
        Map<String, Object> actual = KvmTestSupport.factory().schema().stream()
                .collect(Collectors.toMap(ConfigKey::name, ConfigKey::defaultValue, (a, b) -> a, LinkedHashMap::new));
        assertEquals(expected, actual);
        KvmConfig cfg = KvmConfig.from(Config.defaults(KvmConfig.schema()));
        assertEquals(2_000L, cfg.exitCost(ExitCause.MMIO));
        assertEquals(5_000L, cfg.irqfdInjectLatencyNs());
    }

    @Test
    @DisplayName("declares factory kvm, both resampler fixes, SPI version, and is found by ServiceLoader")
    void declaration() {
        assertEquals("kvm", plugin.name());
        assertEquals(Spi.VERSION, plugin.spiVersion());
        assertEquals(Set.of("kvm"), plugin.capabilities().names(Role.HYPERVISOR));
        assertEquals(Set.of("resample-on-eoi", "irqfd-mask-notifier"), plugin.capabilities().fixes());
        assertTrue(ServiceLoader.load(IrqlabPlugin.class).stream().anyMatch(p -> p.type() == KvmPlugin.class));
    }

    @Test
    @DisplayName("irqfd-mask-notifier is refused unless some chosen plugin declares feature mask-notifiers")
    void refusals() {
        assertEquals(1, plugin.refusals(combination(Set.of("irqfd-mask-notifier"), Set.of())).size());
        assertEquals(0, plugin.refusals(combination(Set.of("irqfd-mask-notifier"), Set.of("mask-notifiers"))).size());
        assertEquals(0, plugin.refusals(combination(Set.of("resample-on-unmask"), Set.of())).size(),
                "controller fixes are not kvm's business");
        assertEquals(1, plugin.refusals(combination(Set.of("irqfd-mask-notifier", "resample-on-eoi"),
                Set.of("mask-notifiers"))).size());
    }

    @Test
    @DisplayName("Guice: the factory binding builds a hypervisor whose irqchip is named <vm>.<VmSpec irqchip name>")
    void guiceWiringAndIrqchipName() {
        SimHarness harness = new SimHarness();
        VirtualControllerFactory vic = ctx -> new ToyVirtualController(ctx, 4, Style.IOAPIC_LIKE, false);
        Map<String, HypervisorFactory> factories = PluginBindings.factories(plugin, HypervisorFactory.class);
        HypervisorFactory factory = factories.get("kvm");
        Vm vm = factory.create(new HypervisorContext(harness.sim(), "kvm", Config.defaults(factory.schema()), Set.of()))
                .createVm(new VmSpec("vm0", 1, "fake-vic", vic, Config.of(Map.of())));
        assertEquals("vm0.fake-vic", vm.irqchip().name());
    }

    @Test
    @DisplayName("irqfd-mask-notifier on a controller without mask notifiers fails at createVm naming the fix")
    void maskNotifierFixNeedsController() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KvmTestSupport(true, false, Set.of("irqfd-mask-notifier")));
        assertTrue(e.getMessage().contains("irqfd-mask-notifier"));
    }
}
