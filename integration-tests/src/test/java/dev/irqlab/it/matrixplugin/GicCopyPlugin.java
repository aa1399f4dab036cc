package dev.irqlab.it.matrixplugin;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.irqlab.api.Spi;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VirtualControllerContext;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.gic.GicV3Plugin;
import dev.irqlab.plugin.AbstractIrqlabPlugin;
import dev.irqlab.plugin.FactoryBindings;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plugin that only the matrix test loads (its service file is outside {@code META-INF/services} of
 * the test class path; {@code MatrixTest} adds it with a class loader of its own): a host controller
 * {@code gicv3-copy} and its virtual controller {@code vgic-v3-copy}, which build what the gicv3 plugin's
 * factories build, and declare their matrix rows themselves. It shows that a controller appears in the
 * matrix with no edit outside its own module; that its rows measure what gicv3's measure shows that the
 * matrix runs it like any other.
 */
public final class GicCopyPlugin extends AbstractIrqlabPlugin {

    public static final String HOST = "gicv3-copy";
    public static final String VIRTUAL = "vgic-v3-copy";

    public GicCopyPlugin() {
        super("gicv3-copy", "a copy of the GICv3 host controller and vGICv3 (matrix test)",
                new Capabilities(Map.of(Role.PHYSICAL_CONTROLLER, Set.of(HOST), Role.VIRTUAL_CONTROLLER, Set.of(VIRTUAL)),
                        Set.of("arm64"), Set.of(), Set.of("mask-notifiers", "hw-mapped")),
                List.of());
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }

    /**
     * gicv3's factories come from gicv3's own module in an injector of its own: the registry assembles
     * each plugin's module alone, so this module cannot reach them through its injector.
     */
    @Override
    protected void configure() {
        Injector gicv3 = Guice.createInjector(new GicV3Plugin());
        // gicv3's host controller under another name
        bind(FactoryBindings.key(PhysicalControllerFactory.class, HOST)).toInstance(
                FactoryBindings.factories(gicv3, PhysicalControllerFactory.class).get("gicv3"));
        bind(FactoryBindings.key(VirtualControllerFactory.class, VIRTUAL)).toInstance(new Virtual(
                FactoryBindings.factories(gicv3, VirtualControllerFactory.class).get("vgic-v3")));
    }

    /** vgic-v3 under another name, declaring the matrix rows of {@link #HOST}. */
    static final class Virtual implements VirtualControllerFactory {
        private final VirtualControllerFactory vgic;

        Virtual(VirtualControllerFactory vgic) {
            this.vgic = vgic;
        }

        private VirtualControllerFactory vgic() {
            return vgic;
        }

        @Override
        public List<ConfigKey> schema() {
            return vgic().schema();
        }

        @Override
        public VirtualInterruptController create(VirtualControllerContext context) {
            return vgic().create(context);
        }

        @Override
        public Set<String> fixesMergedIn(Config config) {
            return vgic().fixesMergedIn(config);
        }

        @Override
        public List<String> matrixHosts() {
            return List.of(HOST);
        }

        @Override
        public Map<String, String> matrixConfig(String fix) {
            return vgic().matrixConfig(fix);
        }
    }
}
