package dev.irqlab.ioapic;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import java.util.Map;
import java.util.Set;

/** Plugin "ioapic": the x86 IO-APIC + local APIC, physical ("ioapic") and KVM's in-kernel model ("kvm-ioapic"). */
public final class IoApicPlugin extends AbstractModule implements IrqlabPlugin {

    @Override
    public String name() {
        return "ioapic";
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(
                Map.of(Role.PHYSICAL_CONTROLLER, Set.of("ioapic"), Role.VIRTUAL_CONTROLLER, Set.of("kvm-ioapic")),
                Set.of("x86"),
                Set.of(KvmIoApicFactory.FIX_ACK_PENDING, KvmIoApicFactory.FIX_RESAMPLE_ON_UNMASK),
                Set.of("mask-notifiers"));
    }

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, PhysicalControllerFactory.class)
                .addBinding("ioapic").to(PhysicalIoApicFactory.class);
        MapBinder.newMapBinder(binder(), String.class, VirtualControllerFactory.class)
                .addBinding("kvm-ioapic").to(KvmIoApicFactory.class);
    }
}
