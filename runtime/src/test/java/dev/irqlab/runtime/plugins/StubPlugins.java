package dev.irqlab.runtime.plugins;

import com.google.inject.AbstractModule;
import dev.irqlab.api.Spi;
import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.Combination;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ControllerContext;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.plugin.FactoryBindings;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Plugin doubles for the registry's tests. They bind factories but build nothing. */
final class StubPlugins {

    private StubPlugins() {
    }

    static final class StubControllerFactory implements PhysicalControllerFactory {
        @Override
        public PhysicalInterruptController create(ControllerContext context) {
            throw new UnsupportedOperationException("stub");
        }

        @Override
        public List<ConfigKey> schema() {
            return List.of(ConfigKey.duration("latency", 1_000, "a latency"));
        }
    }

    /** Provides the physical controller "alpha-pic" and the fix "alpha-fix"; counts its configure() calls. */
    static class Alpha extends AbstractModule implements IrqlabPlugin {
        private int configured;

        int configured() {
            return configured;
        }

        @Override
        public String name() {
            return "alpha";
        }

        @Override
        public int spiVersion() {
            return Spi.VERSION;
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(Map.of(Role.PHYSICAL_CONTROLLER, Set.of("alpha-pic")), Set.of("arm64"),
                    Set.of("alpha-fix"), Set.of());
        }

        @Override
        protected void configure() {
            configured++;
            bind(FactoryBindings.key(PhysicalControllerFactory.class, "alpha-pic")).to(StubControllerFactory.class);
        }
    }

    /** Provides the VMM "stub-vmm"; refuses every combination with a fix, and declares {@code fixes}. */
    static class Vmm extends AbstractModule implements IrqlabPlugin {
        private final Set<String> fixes;

        Vmm(Set<String> fixes) {
            this.fixes = fixes;
        }

        @Override
        public String name() {
            return "stub-vmm";
        }

        @Override
        public int spiVersion() {
            return Spi.VERSION;
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(Map.of(Role.VMM, Set.of("stub-vmm")), Set.of(), fixes, Set.of());
        }

        @Override
        public List<String> refusals(Combination combination) {
            return combination.fixes().isEmpty() ? List.of() : List.of("stub-vmm runs no fixed kernel");
        }

        @Override
        protected void configure() {
            bind(FactoryBindings.key(VmmFactory.class, "stub-vmm")).toInstance(context -> {
                        throw new UnsupportedOperationException("stub");
                    });
        }
    }

    /** Same plugin name as {@link Alpha}, another class. */
    static final class AlphaTwin extends Alpha {
        @Override
        protected void configure() {
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(Map.of(), Set.of(), Set.of(), Set.of());
        }
    }

    /** Built against another SPI version. */
    static final class Stale extends AbstractModule implements IrqlabPlugin {
        @Override
        public String name() {
            return "stale";
        }

        @Override
        public int spiVersion() {
            return Spi.VERSION + 1;
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(Map.of(), Set.of(), Set.of(), Set.of());
        }

        @Override
        protected void configure() {
        }
    }

    /** Not a Guice module. */
    static final class NotAModule implements IrqlabPlugin {
        @Override
        public String name() {
            return "plain";
        }

        @Override
        public int spiVersion() {
            return Spi.VERSION;
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(Map.of(), Set.of(), Set.of(), Set.of());
        }
    }

    /** Declares a factory it does not bind. */
    static final class Liar extends AbstractModule implements IrqlabPlugin {
        @Override
        public String name() {
            return "liar";
        }

        @Override
        public int spiVersion() {
            return Spi.VERSION;
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(Map.of(Role.PHYSICAL_CONTROLLER, Set.of("ghost")), Set.of(), Set.of(),
                    Set.of());
        }

        @Override
        protected void configure() {
        }
    }

    /** Refuses every combination that selects "alpha-fix". */
    static final class Picky extends AbstractModule implements IrqlabPlugin {
        @Override
        public String name() {
            return "picky";
        }

        @Override
        public int spiVersion() {
            return Spi.VERSION;
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(Map.of(Role.PHYSICAL_CONTROLLER, Set.of("picky-pic")), Set.of("x86"), Set.of(),
                    Set.of());
        }

        @Override
        public List<String> refusals(Combination c) {
            return c.fixes().contains("alpha-fix") ? List.of("picky-pic cannot work with alpha-fix") : List.of();
        }

        @Override
        protected void configure() {
            bind(FactoryBindings.key(PhysicalControllerFactory.class, "picky-pic")).to(StubControllerFactory.class);
        }
    }
}
