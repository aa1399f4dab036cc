package dev.irqlab.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.forwarder.Forwarder;
import dev.irqlab.api.forwarder.IrqInfo;
import dev.irqlab.api.forwarder.IrqSetData;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.api.vmm.VmmException;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.doubles.RecordingHypervisor;
import dev.irqlab.tck.doubles.ToyDevice;
import dev.irqlab.tck.doubles.ToyForwarder;
import dev.irqlab.tck.doubles.ToyPic;
import dev.irqlab.tck.doubles.ToyVirtualController.Style;
import dev.irqlab.tck.doubles.ToyVirtualControllerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** QEMU's -device vfio-pci INTx wiring (hw/vfio/pci.c vfio_intx_enable, vfio_intx_enable_kvm). */
class QemuVfioPciTest {

    private final SimHarness harness = new SimHarness();
    private final RecordingHypervisor kvm = new RecordingHypervisor(harness.sim());
    private final List<String> order = new ArrayList<>();

    /** A VFIO device that says it is PCI (VFIO_DEVICE_FLAGS_PCI) and logs every call in {@link #order}. */
    private final class PciVfio implements Forwarder {
        final ToyForwarder inner = new ToyForwarder(ToyForwarder.LEVEL);

        @Override
        public int deviceFlags() {
            return Vfio.DEVICE_FLAGS_PCI;
        }

        @Override
        public int irqCount() {
            return 1;
        }

        @Override
        public IrqInfo irqInfo(int index) {
            return inner.irqInfo(index);
        }

        @Override
        public int setIrqs(int flags, int index, int start, int count, IrqSetData data) {
            int r = inner.setIrqs(flags, index, start, count, data);
            List<String> log = inner.log();
            order.add(log.get(log.size() - 1));
            return r;
        }
    }

    private Vmm vmm(Map<String, Object> settings) {
        Map<String, Object> values = new TreeMap<>(Config.defaults(QemuConfig.schema()).values());
        values.putAll(settings);
        Vmm vmm = QemuVmmTest.factory().create(new VmmContext(harness.sim(), "qemu", kvm, 0, Config.of(values)));
        vmm.createVm(new Machine(1, "toy-vic", new ToyVirtualControllerFactory(64, Style.IOAPIC_LIKE, false),
                Config.of(Map.of())));
        return vmm;
    }

    private AssignedDevice device(Forwarder vfio, Forwarding forwarding) {
        return new AssignedDevice("nic", new ToyDevice("nic"), "vfio.nic", vfio, forwarding, new ToyPic(),
                List.of(new AssignedDevice.AssignedIrq(16, 16, Trigger.LEVEL_LOW)));
    }

    @Test
    @DisplayName("vfio_intx_enable then vfio_intx_enable_kvm: TRIGGER, MASK, KVM_IRQFD with resamplefd, UNMASK eventfd, UNMASK")
    void order() {
        PciVfio vfio = new PciVfio();
        vmm(Map.of()).assign(device(vfio, Forwarding.IRQFD_RESAMPLE));
        assertEquals(List.of("SET_IRQS TRIGGER index 0 vfio.nic.trigger", "SET_IRQS MASK index 0",
                "SET_IRQS UNMASK index 0 vfio.nic.unmask", "SET_IRQS UNMASK index 0"), order);
        List<String> irqfds = kvm.log().stream().filter(l -> l.contains("KVM_IRQFD")).toList();
        assertEquals(1, irqfds.size());
        assertTrue(irqfds.get(0).endsWith("KVM_IRQFD vfio.nic.trigger gsi 16 resample vfio.nic.unmask = 0"), irqfds.get(0));
    }

    @Test
    @DisplayName("forwarding irqfd (no resampler) does not exist for QEMU's vfio-pci INTx; vmm.irqfd (vfio-platform's "
            + "x-irqfd) is refused with a pointer to kvm-intx")
    void refusals() {
        VmmException e = assertThrows(VmmException.class, () -> vmm(Map.of()).assign(device(new PciVfio(),
                Forwarding.IRQFD)));
        assertTrue(e.getMessage().startsWith("device 'nic': QEMU's vfio-pci forwards INTx with an irqfd and a "
                + "resamplefd only"), e.getMessage());
        VmmException u = assertThrows(VmmException.class, () -> vmm(Map.of(QemuConfig.IRQFD, false))
                .assign(device(new PciVfio(), Forwarding.IRQFD_RESAMPLE)));
        assertTrue(u.getMessage().contains("set vmm.kvm-intx: false"), u.getMessage());
    }
}
