package dev.irqlab.ioapic;

import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.FixInfo;
import dev.irqlab.api.plugin.MessageKey;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.plugin.AbstractIrqlabPlugin;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Plugin "ioapic": the x86 IO-APIC + local APIC, physical ("ioapic") and KVM's in-kernel model ("kvm-ioapic"). */
public final class IoApicPlugin extends AbstractIrqlabPlugin {

    private static final List<MessageKey> MESSAGES = List.of(
            new MessageKey("ioapic.no_irq_for_vector",
                    "a host CPU took a vector no irq is bound to",
                    "arch/x86/kernel/irq.c: __common_interrupt \"No irq handler for vector\""),
            new MessageKey("ioapic.unsupported_delivery_mode",
                    "a redirection entry uses a delivery mode the model does not have",
                    "Intel 82093AA datasheet 3.2.4 (delivery mode)"),
            new MessageKey("ioapic.no_destination",
                    "a redirection entry's destination matches no CPU",
                    "Intel 82093AA datasheet 3.2.4 (destination field)"),
            new MessageKey("ioapic.no_eoi_register",
                    "a write to the EOI register of an IO-APIC version without one (0x11)",
                    "Intel 82093AA datasheet; arch/x86/kernel/apic/io_apic.c: __eoi_ioapic_pin"),
            new MessageKey("ioapic.bad_register",
                    "a write to an unimplemented IO-APIC register",
                    "Intel 82093AA datasheet 3.1"),
            new MessageKey("kvm.ioapic_no_destination",
                    "a KVM IO-APIC entry's destination reaches no vCPU: delivery answers 0, Remote IRR stays clear",
                    "arch/x86/kvm/ioapic.c: ioapic_service; arch/x86/kvm/lapic.c: kvm_irq_delivery_to_apic"),
            new MessageKey("kvm.apic_phys_broadcast_lowest_prio",
                    "a physical broadcast with lowest priority, delivered as fixed to every vCPU",
                    "arch/x86/kvm/lapic.c: kvm_irq_delivery_to_apic \"apic: phys broadcast and lowest prio\""),
            new MessageKey("kvm.apic_disabled_lapic_found",
                    "vector hashing chose a lowest-priority destination bit with no enabled local APIC: nothing delivered",
                    "arch/x86/kvm/lapic.c: kvm_apic_map_get_dest_lapic, kvm_apic_disabled_lapic_found"),
            new MessageKey("kvm.ioapic_delayed_eoi_inj",
                    "10000 successive level EOIs re-asserting: KVM delays the re-injection by HZ/100",
                    "arch/x86/kvm/ioapic.c: kvm_ioapic_update_eoi_one (IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT)"),
            new MessageKey("kvm.ioapic_no_eoi_register",
                    "the guest wrote the EOI register of KVM's version 0x11 IO-APIC (ignored)",
                    "arch/x86/kvm/ioapic.c: ioapic_mmio_write"),
            new MessageKey("kvm.pvm_eoi_at_delivery",
                    "kvm-flavour pvm: KVM writes the LAPIC EOI itself while delivering the interrupt",
                    "kvm_pvm 6.18.44 (not mainline): pvm_deliver_pending_event -> kvm_lapic_reg_write(APIC_EOI)"),
            new MessageKey("kvm.lapic_spiv_directed_eoi",
                    "the guest set SPIV directed EOI, which KVM's in-kernel IO-APIC does not offer",
                    "arch/x86/kvm/lapic.c: kvm_apic_set_version (APIC_LVR_DIRECTED_EOI)"),
            new MessageKey("lapic.read_only_register",
                    "a write to a read-only local APIC register (ignored)",
                    "Intel SDM vol. 3A, 11.4.1 (local APIC register map)"));

    public IoApicPlugin() {
        super("ioapic", "x86 IO-APIC and local APIC: the host's (Linux io_apic.c) and KVM's in-kernel model "
                        + "(arch/x86/kvm/ioapic.c)",
                new Capabilities(
                        Map.of(Role.PHYSICAL_CONTROLLER, Set.of("ioapic"), Role.VIRTUAL_CONTROLLER, Set.of("kvm-ioapic")),
                        Set.of("x86"),
                        Set.of(KvmIoApicFactory.FIX_ACK_PENDING, KvmIoApicFactory.FIX_RESAMPLE_ON_UNMASK),
                        Set.of("mask-notifiers")),
                MESSAGES);
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }

    /**
     * The component graph: Linux's {@code ioapic_chip} ({@link LinuxIoApicChip}) over the register
     * access of the host's IO-APIC ({@link PhysicalIoApic}) and of KVM's ({@link KvmIoApic}), each made
     * by its part factory, which takes a run's values.
     */
    @Override
    protected void configure() {
        bind(LinuxIoApicChip.Factory.class);
        bind(PhysicalIoApic.Factory.class);
        bind(KvmIoApic.Factory.class);
        bindFactory(PhysicalControllerFactory.class, "ioapic", PhysicalIoApicFactory.class);
        bindFactory(VirtualControllerFactory.class, "kvm-ioapic", KvmIoApicFactory.class);
    }

    @Override
    public List<FixInfo> fixInfo() {
        return List.of(
                new FixInfo(KvmIoApicFactory.FIX_ACK_PENDING,
                        "KVM IO-APIC: an EOI of a masked pin postpones the ack notifiers (the resampler) until the guest unmasks it",
                        "not upstream (first RFC of the kvm thread \"Add vfio-platform support for ONESHOT irq forwarding?\")",
                        "arch/x86/kvm/ioapic.c: kvm_ioapic_update_eoi_one, ioapic_write_indirect (ack_pending bitmap)"),
                new FixInfo(KvmIoApicFactory.FIX_RESAMPLE_ON_UNMASK,
                        "KVM IO-APIC: unmasking a level pin with irr set and remote_irr clear notifies the irqfd resampler instead of injecting",
                        "v6.3 (fef8f2b90edb, with d583fbd7066a); also config.virtual-controller.kvm-version: linux-6.3",
                        "arch/x86/kvm/ioapic.c: ioapic_write_indirect (v6.3)"));
    }
}
