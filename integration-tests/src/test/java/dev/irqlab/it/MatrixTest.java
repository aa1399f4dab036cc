package dev.irqlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.runtime.matrix.GuestFlow;
import dev.irqlab.runtime.matrix.MatrixRow;
import dev.irqlab.runtime.matrix.MatrixRunner;
import dev.irqlab.runtime.matrix.MatrixSettings;
import dev.irqlab.runtime.matrix.RowResult;
import dev.irqlab.runtime.matrix.Variant;
import dev.irqlab.runtime.metrics.RunMetrics;
import dev.irqlab.runtime.plugins.PluginRegistry;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The architecture x fix x guest-flow matrix against its specification (issue 7, item 1; the fixes
 * and where they apply: docs/domain.md). The expected verdict of each row is written here from the
 * specification; the observed one comes from running every plugin together.
 */
class MatrixTest {

    private static final PluginRegistry REGISTRY = PluginRegistry.discover();
    private static final int EVENTS = 50;
    private static final MatrixSettings SETTINGS = MatrixSettings.withEvents(EVENTS);
    private static final List<String> GIC = List.of("gicv2", "gicv3");

    static Stream<MatrixRow> rows() {
        return new MatrixRunner(REGISTRY).rows().stream();
    }

    /**
     * Whether the combination exists. The IO-APIC fixes live in the KVM IO-APIC (x86-ioapic) and the
     * vGIC fix in the vGIC (arm-gic), so neither exists on the other architecture. HW mapping needs
     * {@code kvm_vgic_map_phys_irq} (arm64 only; KVM's IO-APIC has no HW-mapped mode) and a host
     * controller that can leave the interrupt active for the vCPU; the models accept it on GIC for
     * every flow, edge included. irqfd-mask-notifier needs a virtual controller that fires mask
     * notifiers: upstream only x86's IO-APIC does ({@code kvm_fire_mask_notifiers} in
     * arch/x86/kvm/ioapic.c), but arm-gic models the vGIC firing them on GICD_ICENABLER/ISENABLER
     * when this fix is selected (Vgic.java, "not upstream"), so the fix exists on all three.
     */
    private static boolean exists(MatrixRow row) {
        boolean gic = GIC.contains(row.controller());
        if (row.forwarder().equals("vfio-pci") && (row.flow() == GuestFlow.EDGE || row.variant() == Variant.HW_MAPPED)) {
            // PCI INTx is a level signal (PCI Local Bus 3.0, 2.2.6); QEMU's vfio-pci wires INTx with an
            // irqfd and a resamplefd only (hw/vfio/pci.c vfio_intx_enable_kvm): no HW-mapped INTx
            return false;
        }
        return switch (row.variant()) {
            case NONE, IRQFD_MASK_NOTIFIER -> true;
            case IOAPIC_ACK_PENDING, RESAMPLE_ON_UNMASK -> !gic;
            case VGIC_RESAMPLE_ON_ENABLE, HW_MAPPED -> gic;
        };
    }

    /**
     * Spurious guest handler runs per device event: one for the ONESHOT flow without a fix (the
     * resample at the guest's EOI while the line is masked; docs/domain.md "The loop"); none for a
     * ONESHOT guest with a fix that applies, nor for edge or level guests in any variant.
     */
    private static long expectedSpurious(MatrixRow row, long deviceEvents) {
        return row.flow() == GuestFlow.ONESHOT_THREADED && row.variant() == Variant.NONE ? deviceEvents : 0;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    @DisplayName("each row meets its verdict: exists or not, no event lost, spurious only for an unfixed ONESHOT guest")
    void rowVerdict(MatrixRow row) {
        RowResult result = new MatrixRunner(REGISTRY).run(row, SETTINGS);
        if (!exists(row)) {
            RowResult.NotAvailable na = assertInstanceOf(RowResult.NotAvailable.class, result,
                    row.id() + " should not exist");
            String expectedReason = row.forwarder().equals("vfio-pci") && row.flow() == GuestFlow.EDGE ? "level signal"
                    : row.variant() == Variant.HW_MAPPED ? "hw-mapped" : "fix '" + row.variant().label() + "'";
            assertTrue(na.reason().contains(expectedReason), row.id() + ": reason " + na.reason());
            return;
        }
        if (result instanceof RowResult.NotAvailable na) {
            throw new AssertionError(row.id() + " should exist but the runtime refused it: " + na.reason());
        }
        RunMetrics m = ((RowResult.Measured) result).metrics();
        assertEquals(EVENTS, m.deviceEvents(), row.id() + ": device events");
        assertEquals(0, m.lost(), row.id() + ": lost events");
        assertEquals(expectedSpurious(row, m.deviceEvents()), m.spurious(), row.id() + ": spurious guest interrupts");
        assertEquals(m.deviceEvents() + m.spurious(), m.delivered(),
                row.id() + ": every guest handler run is one event served or one spurious");
        assertTrue(m.assertToAck().isPresent() && m.assertToAck().get().samples() == EVENTS,
                row.id() + ": every event has an assert-to-ack latency");
    }

    @Test
    @DisplayName("the whole matrix runs every row once, in table order, with the default workload")
    void wholeMatrix() {
        MatrixRunner runner = new MatrixRunner(REGISTRY);
        assertEquals(List.of("vfio-platform", "vfio-pci"), runner.forwarders(),
                "the forwarders the plugins provide, the scenario default first");
        List<RowResult> results = runner.run(MatrixSettings.withEvents(5));
        assertEquals(runner.rows(), results.stream().map(RowResult::row).toList());
        assertEquals(runner.rows().stream().filter(MatrixTest::exists).count(),
                results.stream().filter(RowResult.Measured.class::isInstance).count());
    }
}
