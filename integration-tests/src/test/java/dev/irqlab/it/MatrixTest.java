package dev.irqlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.it.matrixplugin.GicCopyPlugin;
import dev.irqlab.runtime.assembly.ScenarioCheck;
import dev.irqlab.runtime.matrix.GuestFlow;
import dev.irqlab.runtime.matrix.MatrixRow;
import dev.irqlab.runtime.matrix.MatrixRunner;
import dev.irqlab.runtime.matrix.MatrixSettings;
import dev.irqlab.runtime.matrix.MatrixTable;
import dev.irqlab.runtime.matrix.MatrixVmm;
import dev.irqlab.runtime.matrix.RowResult;
import dev.irqlab.runtime.matrix.Variant;
import dev.irqlab.runtime.metrics.RunMetrics;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The VMM x forwarder x architecture x fix x guest-flow matrix against its specification (issue 7,
 * item 1; issue 16, item 6; the fixes and where they apply: docs/domain.md; the VMMs: docs/fidelity.md
 * "The three VMMs on the motivating bug"). The expected verdict of each row is written here from the
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

    /** What a row should show. */
    private enum Verdict {
        /** Every event served once, nothing spurious. */
        OK,
        /** Every event served once, and one spurious guest handler run per event (the stale re-injection). */
        SPURIOUS,
        /** The first event served; the others lost: the line's EOI never comes back, INTx stays masked. */
        FIRST_ONLY,
        /**
         * Every event served, two spurious thread runs per event, and more hard-handler runs than both: the
         * EOI storm of QEMU's split irqchip (scenarios/vfio-pci-intx-oneshot-x86-split-qemu.yaml).
         */
        EOI_STORM,
        /**
         * Every event served, and the vGIC's SPI never lowered: a plain irqfd raises a level SPI from the atomic
         * path and no resampler lowers it, so after every EOI the guest takes the interrupt again and finds
         * nothing (cloud-hypervisor on arm64, booted through firmware): more spurious runs than events.
         */
        STUCK_LINE,
        /** The combination does not exist: n/a with a reason containing the text. */
        NOT_AVAILABLE
    }

    private static boolean gic(MatrixRow row) {
        return GIC.contains(row.controller()) || row.controller().equals(GicCopyPlugin.HOST);
    }

    private static boolean hwMapped(MatrixRow row) {
        return row.variant().equals(Variant.forwarding(Forwarding.HW_MAPPED));
    }

    /**
     * Why the combination does not exist, as the runtime's reason says it, or null when it exists.
     * PCI INTx is a level signal (PCI Local Bus 3.0, 2.2.6) and QEMU's vfio-pci wires INTx with an
     * irqfd and a resamplefd only (hw/vfio/pci.c vfio_intx_enable_kvm): no edge row, no HW-mapped INTx.
     * The IO-APIC fixes live in the KVM IO-APIC (x86-ioapic) and the vGIC fix in the vGIC (arm-gic),
     * so neither exists on the other architecture. HW mapping needs {@code kvm_vgic_map_phys_irq}
     * (arm64 only; KVM's IO-APIC has no HW-mapped mode) and a host controller that can leave the
     * interrupt active for the vCPU; the models accept it on GIC for every flow, edge included.
     * irqfd-mask-notifier needs a virtual controller that fires mask notifiers: upstream only x86's
     * IO-APIC does ({@code kvm_fire_mask_notifiers} in arch/x86/kvm/ioapic.c), but arm-gic models the
     * vGIC firing them on GICD_ICENABLER/ISENABLER when this fix is selected (Vgic.java, "not
     * upstream"), so the fix exists on all three. The copy of gicv3 (the test's own plugin) has no
     * vgic-resample-on-enable: the gicv3 plugin implements it, and it is not chosen there.
     */
    private static String missing(MatrixRow row) {
        boolean pci = row.forwarder().equals("vfio-pci");
        if (!row.vmm().scenarioDefault()) {
            return missingWithVmm(row, pci);
        }
        if (pci && row.flow() == GuestFlow.EDGE) {
            return "level signal";
        }
        if (hwMapped(row) && (pci || !gic(row))) {
            return "hw-mapped";
        }
        String fix = row.variant().kind() == Variant.Kind.FIX ? row.variant().label() : null;
        if (fix == null || fix.equals("irqfd-mask-notifier")) {
            return null;
        }
        boolean applies = switch (fix) {
            case "ioapic-ack-pending", "resample-on-unmask" -> !gic(row);
            case "vgic-resample-on-enable" -> GIC.contains(row.controller());
            default -> throw new AssertionError("a fix this test does not know: " + fix);
        };
        return applies ? null : "fix '" + fix + "'";
    }

    /**
     * A VMM with its own IO-APIC (KVM_CAP_SPLIT_IRQCHIP, x86: the only irqchip of these presets):
     * the IO-APIC fixes change KVM's in-kernel IO-APIC, which is not used, and KVM's IO-APIC is
     * what fires mask notifiers, so no fix exists; QEMU's vfio-platform wiring with the split irqchip is
     * not modelled, and crosvm's split irqchip and vfio-platform never meet (x86 and arm64); no
     * vfio-platform rows for cloud-hypervisor, which assigns PCI functions only; each VMM's vfio-pci
     * refuses HW mapping. cloud-hypervisor on arm64 (KVM's GICv3, {@link #missingChArm64}) is the one
     * preset here with the in-kernel irqchip. Null: the row exists.
     */
    private static String missingWithVmm(MatrixRow row, boolean pci) {
        if (pci && row.flow() == GuestFlow.EDGE) {
            return "level signal";
        }
        if (gic(row)) {
            return missingChArm64(row);
        }
        if (row.variant().kind() == Variant.Kind.FIX) {
            return switch (row.variant().label()) {
                case "ioapic-ack-pending", "resample-on-unmask" -> "changes KVM's in-kernel IO-APIC";
                case "irqfd-mask-notifier" -> "fires none";
                default -> "fix '" + row.variant().label() + "'";
            };
        }
        boolean qemu = row.vmm().name().equals("qemu");
        if (hwMapped(row)) {
            // crosvm refuses it whatever the device (CrosvmVfioIrqs); QEMU first refuses vfio-platform on split
            return row.vmm().name().equals("crosvm") ? "irqfds only" : pci ? "hw-mapped"
                    : "vfio-platform with kernel-irqchip=split is not modelled";
        }
        if (!pci) {
            return qemu ? "vfio-platform with kernel-irqchip=split is not modelled"
                    : "vfio-platform with crosvm's split irqchip does not exist";
        }
        return null;
    }

    /**
     * cloud-hypervisor on arm64 (KVM's GICv3): the IO-APIC fixes do not exist on a GIC; HW mapping is
     * refused as on x86 (a plain irqfd only: pci/src/vfio.rs enable_intx); a directly booted guest (the
     * default, preset {@code gic}) has no INTx route, its device tree's PCI interrupt-map being empty
     * (arch/src/aarch64/fdt.rs create_pci_nodes); booted through firmware (ACPI _PRT) every other row
     * exists, the vGIC fixes included (they change nothing without a resampler).
     */
    private static String missingChArm64(MatrixRow row) {
        String fix = row.variant().kind() == Variant.Kind.FIX ? row.variant().label() : null;
        if ("ioapic-ack-pending".equals(fix) || "resample-on-unmask".equals(fix)) {
            return "fix '" + fix + "'";
        }
        if (hwMapped(row)) {
            return "hw-mapped";
        }
        return row.vmm().preset().equals("gic") ? "empty interrupt-map" : null;
    }

    /**
     * With a VMM's own IO-APIC (docs/fidelity.md "The three VMMs on the motivating bug"): QEMU delivers
     * a plain level INTx once per event, and storms with a ONESHOT guest (its EOI resamples with no mask
     * check, the irqfd bypasses the masked entry); crosvm and cloud-hypervisor place the pin's GSI above
     * the 24 KVM scans for EOIs (kvm_scan_ioapic_routes), never hear the EOI, and leave INTx masked after
     * the first event, whatever the guest's flow.
     */
    private static Verdict expectedWithVmm(MatrixRow row) {
        if (gic(row)) {
            return Verdict.STUCK_LINE;
        }
        if (row.vmm().name().equals("qemu")) {
            return row.flow() == GuestFlow.ONESHOT_THREADED ? Verdict.EOI_STORM : Verdict.OK;
        }
        return Verdict.FIRST_ONLY;
    }

    /**
     * The default VMM (QEMU, the whole irqchip in KVM): one spurious handler run per event for the
     * ONESHOT flow without a fix (the resample at the guest's EOI while the line is masked;
     * docs/domain.md "The loop"); none for a ONESHOT guest with a fix that applies, nor for edge or level
     * guests in any variant.
     */
    private static Verdict expected(MatrixRow row) {
        if (missing(row) != null) {
            return Verdict.NOT_AVAILABLE;
        }
        if (!row.vmm().scenarioDefault()) {
            return expectedWithVmm(row);
        }
        return row.flow() == GuestFlow.ONESHOT_THREADED && row.variant().equals(Variant.NONE) ? Verdict.SPURIOUS
                : Verdict.OK;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    @DisplayName("each row meets its verdict: exists or not, no event lost, spurious only for an unfixed ONESHOT guest")
    void rowVerdict(MatrixRow row) {
        RowResult result = new MatrixRunner(REGISTRY).run(row, SETTINGS);
        Verdict verdict = expected(row);
        if (verdict == Verdict.NOT_AVAILABLE) {
            RowResult.NotAvailable na = assertInstanceOf(RowResult.NotAvailable.class, result,
                    row.id() + " should not exist");
            assertTrue(na.reason().contains(missing(row)), row.id() + ": reason " + na.reason());
            return;
        }
        if (result instanceof RowResult.NotAvailable na) {
            throw new AssertionError(row.id() + " should exist but the runtime refused it: " + na.reason());
        }
        RunMetrics m = ((RowResult.Measured) result).metrics();
        assertEquals(EVENTS, m.deviceEvents(), row.id() + ": device events");
        long served = verdict == Verdict.FIRST_ONLY ? 1 : EVENTS;
        assertEquals(EVENTS - served, m.lost(), row.id() + ": lost events");
        if (verdict == Verdict.STUCK_LINE) {
            assertTrue(m.spurious() > served, row.id() + ": the stuck SPI's spurious runs, " + m.spurious());
        } else {
            assertEquals(verdict == Verdict.SPURIOUS ? served : verdict == Verdict.EOI_STORM ? 2 * served : 0,
                    m.spurious(), row.id() + ": spurious guest interrupts");
        }
        if (verdict == Verdict.EOI_STORM) {
            assertTrue(m.delivered() > served + m.spurious(), row.id() + ": the storm's deliveries, " + m.delivered());
        } else if (verdict == Verdict.STUCK_LINE) {
            // the stuck SPI is still being taken when the run ends: at most that one run is neither
            long inFlight = m.delivered() - served - m.spurious();
            assertTrue(inFlight == 0 || inFlight == 1, row.id() + ": deliveries " + m.delivered() + " against "
                    + served + " served and " + m.spurious() + " spurious");
        } else {
            assertEquals(served + m.spurious(), m.delivered(),
                    row.id() + ": every guest handler run is one event served or one spurious");
        }
        assertTrue(m.assertToAck().isPresent() && m.assertToAck().get().samples() == served,
                row.id() + ": every event served has an assert-to-ack latency");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    @DisplayName("what a row selects, found from the row before its text is loaded, is what its loaded scenario "
            + "selects: the plugins' verdict on the row is the loaded scenario's")
    void rowSelection(MatrixRow row) {
        MatrixRunner runner = new MatrixRunner(REGISTRY);
        Optional<Scenario> scenario = runner.scenario(row, SETTINGS);
        if (scenario.isEmpty()) {
            assertEquals(Optional.empty(), runner.selection(row), row.id() + ": a row without a device selects nothing");
            return;
        }
        assertEquals(Optional.of(ScenarioCheck.Selection.of(scenario.get(), row.virtualController())),
                runner.selection(row), row.id());
    }

    @Test
    @DisplayName("the whole matrix runs every row once, in table order; its axes come from the plugins")
    void wholeMatrix() {
        MatrixRunner runner = new MatrixRunner(REGISTRY);
        assertEquals(List.of("vfio-platform", "vfio-pci"), runner.axes().forwarders(),
                "the forwarders the plugins provide, the scenario default first");
        assertEquals(List.of("gicv2", "gicv3", "ioapic"), runner.axes().controllers());
        assertEquals(List.of("qemu-kernel", "qemu-split", "cloud-hypervisor-split", "cloud-hypervisor-gic",
                        "cloud-hypervisor-gic-acpi", "crosvm-split"),
                runner.axes().vmms().stream().map(MatrixVmm::id).toList(),
                "the VMMs' presets, QEMU's default first");
        assertTrue(runner.rows().stream().filter(r -> r.vmm().preset().equals("split")).allMatch(r -> r.controller()
                .equals("ioapic")), "the split irqchip is x86's: its presets have IO-APIC rows only");
        assertTrue(runner.rows().stream().filter(r -> r.vmm().preset().startsWith("gic")).allMatch(r -> r.controller()
                .equals("gicv3")), "cloud-hypervisor on arm64 creates a GICv3 only");
        assertTrue(runner.rows().stream().filter(r -> r.vmm().name().equals("cloud-hypervisor"))
                .allMatch(r -> r.forwarder().equals("vfio-pci")), "cloud-hypervisor assigns PCI functions only");
        assertEquals(List.of("none", "ioapic-ack-pending", "irqfd-mask-notifier", "resample-on-unmask",
                        "vgic-resample-on-enable", "hw-mapped"),
                runner.axes().variants().stream().map(Variant::label).toList(),
                "every fix but kvm's resample-on-eoi (the upstream resampler: the none row), then hw-mapped");
        List<RowResult> results = runner.run(MatrixSettings.withEvents(5));
        assertEquals(runner.rows(), results.stream().map(RowResult::row).toList());
        assertEquals(runner.rows().stream().filter(r -> expected(r) != Verdict.NOT_AVAILABLE).count(),
                results.stream().filter(RowResult.Measured.class::isInstance).count());
    }

    @Test
    @DisplayName("the rows of a matrix, run on two threads, give each row what it gives run alone, in table order")
    void rowsTogetherAsAlone() {
        MatrixSettings settings = MatrixSettings.withEvents(3);
        MatrixRunner alone = new MatrixRunner(REGISTRY);
        List<RowResult> expected = alone.rows().stream().map(r -> alone.run(r, settings)).toList();
        assertEquals(expected, new MatrixRunner(REGISTRY).run(settings));
    }

    @Test
    @DisplayName("a controller plugin found on the class path appears in the matrix by itself, and runs like the "
            + "controller it copies")
    void newControllerAppears() throws Exception {
        URL extra = MatrixTest.class.getResource("/matrix-plugin/");
        PluginRegistry registry;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {extra}, MatrixTest.class.getClassLoader())) {
            registry = PluginRegistry.discover(loader);
        }
        MatrixRunner runner = new MatrixRunner(registry);
        assertEquals(List.of("gicv2", "gicv3", GicCopyPlugin.HOST, "ioapic"), runner.axes().controllers());
        MatrixVmm qemu = runner.axes().vmms().get(0);
        List<MatrixRow> rows = runner.axes().rows(v -> v.equals(qemu)).stream()
                .filter(r -> r.controller().startsWith("gicv3")).toList();
        List<RowResult> results = runner.run(rows, MatrixSettings.withEvents(5));
        String table = MatrixTable.render(MatrixSettings.withEvents(5), results);
        Map<String, RowResult> copy = new java.util.HashMap<>();
        results.stream().filter(r -> r.row().controller().equals(GicCopyPlugin.HOST))
                .forEach(r -> copy.put(r.row().id().replace(GicCopyPlugin.HOST, "gicv3"), r));
        assertEquals(rows.size() / 2, copy.size(), table);
        for (RowResult original : results) {
            if (!original.row().controller().equals("gicv3")) {
                continue;
            }
            RowResult twin = copy.get(original.row().id());
            assertEquals(GicCopyPlugin.VIRTUAL, twin.row().virtualController());
            if (original.row().variant().equals(Variant.fix("vgic-resample-on-enable"))
                    && original instanceof RowResult.Measured) {
                RowResult.NotAvailable na = assertInstanceOf(RowResult.NotAvailable.class, twin, table);
                assertTrue(na.reason().contains("fix 'vgic-resample-on-enable'"), na.reason());
                continue;
            }
            List<String> a = MatrixTable.cells(original);
            // the same cells, its name in a reason that lists the chosen plugins aside
            List<String> b = MatrixTable.cells(twin).stream().map(c -> c.replace("(" + GicCopyPlugin.HOST + ",",
                    "(gicv3,")).toList();
            assertEquals(a.subList(1, a.size()), b.subList(1, b.size()), original.row().id() + "\n" + table);
        }
        assertTrue(table.contains("\n" + GicCopyPlugin.HOST + "  "), table);
    }
}
