package dev.irqlab.runtime.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.plugin.Combination;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {

    @Test
    @DisplayName("factories are found by name through their bindings and their schema is visible")
    void findsFactoriesByName() {
        PluginRegistry r = PluginRegistry.of(List.of(new StubPlugins.Alpha(), new StubPlugins.Picky()));
        assertEquals(Set.of("alpha-pic", "picky-pic"), r.names(Role.PHYSICAL_CONTROLLER));
        assertEquals(Set.of(), r.names(Role.KERNEL));
        assertTrue(r.factory(Role.PHYSICAL_CONTROLLER, "alpha-pic", PhysicalControllerFactory.class)
                instanceof StubPlugins.StubControllerFactory);
        assertEquals("latency", r.schema(Role.PHYSICAL_CONTROLLER, "alpha-pic").get(0).name());
        assertEquals(Set.of("alpha-fix"), r.fixes());
    }

    @Test
    @DisplayName("an unknown name fails and lists the known ones")
    void unknownNameListsKnown() {
        PluginRegistry r = PluginRegistry.of(List.of(new StubPlugins.Alpha(), new StubPlugins.Picky()));
        PluginException e = assertThrows(PluginException.class,
                () -> r.factory(Role.PHYSICAL_CONTROLLER, "gicv9", PhysicalControllerFactory.class));
        assertEquals("no physical-controller named 'gicv9'; known: alpha-pic, picky-pic", e.getMessage());
    }

    @Test
    @DisplayName("two plugins with one name fail start-up naming both classes")
    void duplicateNames() {
        PluginException e = assertThrows(PluginException.class,
                () -> PluginRegistry.of(List.of(new StubPlugins.Alpha(), new StubPlugins.AlphaTwin())));
        assertEquals(List.of("two plugins are named 'alpha': " + StubPlugins.Alpha.class.getName() + " and "
                + StubPlugins.AlphaTwin.class.getName()), e.reasons());
    }

    @Test
    @DisplayName("an SPI version mismatch fails start-up")
    void spiMismatch() {
        PluginException e = assertThrows(PluginException.class,
                () -> PluginRegistry.of(List.of(new StubPlugins.Stale())));
        assertTrue(e.getMessage().contains("plugin 'stale' (" + StubPlugins.Stale.class.getName()
                + ") was built for SPI version 2, this runtime speaks version 1"), e.getMessage());
    }

    @Test
    @DisplayName("an entry point that is not a Guice module fails start-up")
    void notAModule() {
        PluginException e = assertThrows(PluginException.class,
                () -> PluginRegistry.of(List.of(new StubPlugins.NotAModule())));
        assertTrue(e.getMessage().contains("is not a Guice module"), e.getMessage());
    }

    @Test
    @DisplayName("no plugin at all fails start-up")
    void nothingFound() {
        List<IrqlabPlugin> none = List.of();
        assertThrows(PluginException.class, () -> PluginRegistry.of(none));
    }

    @Test
    @DisplayName("capabilities that do not match the bindings fail the plugin's first use, and assembleAll")
    void declaredButNotBound() {
        PluginRegistry r = PluginRegistry.of(List.of(new StubPlugins.Alpha(), new StubPlugins.Liar()));
        PluginException e = assertThrows(PluginException.class,
                () -> r.factory(Role.PHYSICAL_CONTROLLER, "ghost", PhysicalControllerFactory.class));
        assertEquals(List.of("plugin 'liar': the physical-controller factories it binds [] differ from those it "
                + "declares [ghost]"), e.reasons());
        e = assertThrows(PluginException.class, r::assembleAll);
        assertEquals(List.of("plugin 'liar': the physical-controller factories it binds [] differ from those it "
                + "declares [ghost]"), e.reasons());
        // the other plugin is not held back by it
        assertTrue(r.factory(Role.PHYSICAL_CONTROLLER, "alpha-pic", PhysicalControllerFactory.class)
                instanceof StubPlugins.StubControllerFactory);
    }

    @Test
    @DisplayName("a plugin is assembled only when one of its factories is first asked for, then once")
    void assembledOnFirstUse() {
        StubPlugins.Alpha alpha = new StubPlugins.Alpha();
        PluginRegistry r = PluginRegistry.of(List.of(alpha, new StubPlugins.Picky()));
        assertEquals(Set.of("alpha-pic", "picky-pic"), r.names(Role.PHYSICAL_CONTROLLER));
        r.factory(Role.PHYSICAL_CONTROLLER, "picky-pic", PhysicalControllerFactory.class);
        assertEquals(0, alpha.configured());
        r.schema(Role.PHYSICAL_CONTROLLER, "alpha-pic");
        r.factory(Role.PHYSICAL_CONTROLLER, "alpha-pic", PhysicalControllerFactory.class);
        r.assembleAll();
        assertEquals(1, alpha.configured());
    }

    @Test
    @DisplayName("a fix no chosen plugin implements is refused, naming the plugins that have it")
    void fixNotServed() {
        PluginRegistry r = PluginRegistry.of(List.of(new StubPlugins.Alpha(), new StubPlugins.Picky()));
        Combination c = new Combination(Map.of(Role.PHYSICAL_CONTROLLER, "picky-pic"), Set.of(), Set.of(),
                Set.of("x86"), Set.of("alpha-fix"), Set.of());
        PluginException e = assertThrows(PluginException.class, () -> r.check(c));
        assertEquals(List.of("fix 'alpha-fix' is not implemented by any chosen plugin (picky); it exists for: alpha",
                "picky-pic cannot work with alpha-fix"), e.reasons());
    }

    @Test
    @DisplayName("the chosen VMM is asked for refusals but is not where a fix is looked for")
    void vmmRefusesButHoldsNoFix() {
        PluginRegistry r = PluginRegistry.of(List.of(new StubPlugins.Alpha(), new StubPlugins.Picky(),
                new StubPlugins.Vmm(Set.of())));
        Combination c = new Combination(Map.of(Role.PHYSICAL_CONTROLLER, "picky-pic", Role.VMM, "stub-vmm"),
                Set.of(), Set.of(), Set.of("x86"), Set.of("alpha-fix"), Set.of());
        PluginException e = assertThrows(PluginException.class, () -> r.check(c));
        assertEquals(List.of("fix 'alpha-fix' is not implemented by any chosen plugin (picky); it exists for: alpha",
                "picky-pic cannot work with alpha-fix", "stub-vmm runs no fixed kernel"), e.reasons());
    }

    @Test
    @DisplayName("a plugin providing a VMM and declaring fixes fails start-up")
    void vmmWithFixes() {
        PluginException e = assertThrows(PluginException.class,
                () -> PluginRegistry.of(List.of(new StubPlugins.Vmm(Set.of("vmm-fix")))));
        assertEquals(List.of("plugin 'stub-vmm' provides a VMM and declares fixes [vmm-fix]; a VMM's choices are "
                + "its configuration (the scenario's vmm: section), fixes are changes to the modelled kernel"),
                e.reasons());
    }

    @Test
    @DisplayName("a combination the chosen plugins serve passes")
    void servedCombination() {
        PluginRegistry r = PluginRegistry.of(List.of(new StubPlugins.Alpha(), new StubPlugins.Picky()));
        r.check(new Combination(Map.of(Role.PHYSICAL_CONTROLLER, "alpha-pic"), Set.of(), Set.of(), Set.of("arm64"),
                Set.of("alpha-fix"), Set.of()));
    }
}
