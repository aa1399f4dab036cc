package dev.irqlab.ioapic;

import com.google.inject.Inject;
import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ControllerContext;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import java.util.List;

/** Builds the host's IO-APIC ("ioapic"); its in-kernel virtual counterpart is "kvm-ioapic". */
public final class PhysicalIoApicFactory implements PhysicalControllerFactory {

    /** Config key: the IO-APIC version register value. */
    public static final String VERSION = "version";
    static final List<String> VERSIONS = List.of("0x20", "0x11");

    private final PhysicalIoApic.Factory ioapics;

    /** The IO-APIC as the plugin's Guice module wires it (with Linux's driver). */
    @Inject
    PhysicalIoApicFactory(PhysicalIoApic.Factory ioapics) {
        this.ioapics = ioapics;
    }

    @Override
    public List<ConfigKey> schema() {
        return List.of(ConfigKey.choice(VERSION, "0x20", VERSIONS,
                "IO-APIC version: 0x20 = PCI 2.2 I/O(x)APIC with the EOI register (every ICH/PCH; Linux EOIs "
                        + "Remote IRR through it), 0x11 = 82093AA without it (Linux uses the edge-flip rewrite)")
                        .withSource("arch/x86/kernel/apic/io_apic.c: __eoi_ioapic_pin; Intel 82093AA datasheet"));
    }

    @Override
    public PhysicalInterruptController create(ControllerContext context) {
        String v = context.config().text(VERSION);
        if (!VERSIONS.contains(v)) {
            throw new IllegalArgumentException("configuration key '" + VERSION + "' is '" + v + "'; allowed: " + VERSIONS);
        }
        return ioapics.create(context.sim(), context.name(), context.cpus(), Integer.decode(v));
    }

    @Override
    public String summary() {
        return "the host IO-APIC and local APICs as Linux programs them";
    }

    @Override
    public String source() {
        return "arch/x86/kernel/apic/io_apic.c; Intel 82093AA datasheet";
    }
}
