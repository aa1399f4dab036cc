package dev.irqlab.gic;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.gic.arch.GicVersion;
import java.util.Map;

/** The role factories of one GIC version as its plugin's Guice module wires them (as the runtime gets them). */
final class GicFactories {

    private GicFactories() {
    }

    private static GicPlugin plugin(GicVersion version) {
        return version == GicVersion.V2 ? new GicV2Plugin() : new GicV3Plugin();
    }

    static PhysicalControllerFactory physical(GicVersion version) {
        return Guice.createInjector((Module) plugin(version)).getInstance(
                Key.get(new TypeLiteral<Map<String, PhysicalControllerFactory>>() { })).get(version.physicalName());
    }

    static VirtualControllerFactory virtual(GicVersion version) {
        return Guice.createInjector((Module) plugin(version)).getInstance(
                Key.get(new TypeLiteral<Map<String, VirtualControllerFactory>>() { })).get(version.virtualName());
    }
}
