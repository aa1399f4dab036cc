package dev.irqlab.gic;

import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.tck.PluginBindings;

/** The role factories of one GIC version as its plugin's Guice module wires them (as the runtime gets them). */
final class GicFactories {

    private GicFactories() {
    }

    private static GicPlugin plugin(GicVersion version) {
        return version == GicVersion.V2 ? new GicV2Plugin() : new GicV3Plugin();
    }

    static PhysicalControllerFactory physical(GicVersion version) {
        return PluginBindings.factory(plugin(version), PhysicalControllerFactory.class, version.physicalName());
    }

    static VirtualControllerFactory virtual(GicVersion version) {
        return PluginBindings.factory(plugin(version), VirtualControllerFactory.class, version.virtualName());
    }
}
