package dev.irqlab.runtime.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.runtime.metrics.LatencySummary;
import dev.irqlab.runtime.metrics.RunMetrics;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The matrix table and its JSON, from hand-made results. */
class MatrixTableTest {

    private static final MatrixSettings SETTINGS = MatrixSettings.withEvents(200);
    /** QEMU as a scenario runs it by default (its first matrix preset). */
    static final MatrixVmm QEMU = new MatrixVmm("qemu", "kernel", Map.of(), true);
    private static final MatrixRow ONESHOT = row(QEMU, "vfio-platform", "gicv3", Variant.NONE,
            GuestFlow.ONESHOT_THREADED);
    private static final MatrixRow ACK_PENDING = row(QEMU, "vfio-platform", "gicv3",
            Variant.fix("ioapic-ack-pending"), GuestFlow.EDGE);

    /** A row as the shipped plugins make it ({@code MatrixAxes}). */
    static MatrixRow row(MatrixVmm vmm, String forwarder, String controller, Variant variant, GuestFlow flow) {
        boolean x86 = controller.equals("ioapic");
        return new MatrixRow(vmm, forwarder, controller, x86 ? "kvm-ioapic" : "vgic-" + controller.substring(3),
                Map.of("kvm-version", x86 ? "linux-6.2" : "linux-6.18"), variant, flow);
    }

    private static RunMetrics metrics(Map<String, Long> exits, Optional<LatencySummary> ack) {
        return new RunMetrics(200, 200, 0, 0, 400, 200, 200, Map.of(), Map.of(), 400, 1200, exits, 2_000_000,
                Map.of(), Optional.empty(), ack, Map.of());
    }

    private static final List<RowResult> RESULTS = List.of(
            new RowResult.Measured(ONESHOT, metrics(Map.of("mmio", 800L, "maintenance", 400L),
                    Optional.of(new LatencySummary(200, 220_000, 223_000, 230_500, 231_000))),
                    Map.of("vgic-v3", "linux-6.18")),
            new RowResult.NotAvailable(ACK_PENDING, "fix 'ioapic-ack-pending' is not implemented here"));

    @Test
    @DisplayName("a measured row shows its counters, ack latency and exits per event under a header")
    void measuredRow() {
        String[] lines = MatrixTable.render(SETTINGS, RESULTS).split("\n");
        assertTrue(lines[0].startsWith("irqlab matrix: 200 device events per row, one every 2.00ms"), lines[0]);
        String header = lines[5];
        assertTrue(header.matches("controller +variant +flow +events +delivered +spurious +lost +host-lazy +"
                + "ack-median +ack-p99 +exits/event"), header);
        String row = lines[7];
        assertTrue(row.matches("gicv3 +none +oneshot-threaded +200 +400 +200 +0 +400 +223us +231us +"
                + "mmio 4\\.0, maintenance 2\\.0"), row);
        assertEquals(header.indexOf("delivered") + "delivered".length(), row.indexOf("400") + 3,
                "numbers are right-aligned under their heading");
    }

    @Test
    @DisplayName("a combination that does not exist shows n/a and the reason after the row's names")
    void notAvailableRow() {
        String[] lines = MatrixTable.render(SETTINGS, RESULTS).split("\n");
        String row = lines[8];
        assertTrue(row.matches("gicv3 +ioapic-ack-pending +edge +n/a: fix 'ioapic-ack-pending' is not implemented here"),
                row);
        assertEquals(lines[5].indexOf("events"), row.indexOf("n/a"), "the reason starts in the first number column");
    }

    @Test
    @DisplayName("after the table, one line per controller says which release each versioned model followed")
    void versionsAfterTheTable() {
        String[] lines = MatrixTable.render(SETTINGS, RESULTS).split("\n");
        assertEquals("versions, gicv3 rows: vgic-v3 linux-6.18", lines[lines.length - 1]);
    }

    @Test
    @DisplayName("exits per event list only the causes that occurred; no exit at all is 0; no latency is -")
    void exitsAndMissingLatency() {
        assertEquals("0", MatrixTable.exitsPerEvent(metrics(Map.of(), Optional.empty())));
        assertEquals("mmio 0.01, apic-eoi 1.0",
                MatrixTable.exitsPerEvent(metrics(Map.of("mmio", 2L, "apic-eoi", 200L), Optional.empty())));
        String text = MatrixTable.render(SETTINGS,
                List.of(new RowResult.Measured(ONESHOT, metrics(Map.of(), Optional.empty()), Map.of())));
        assertTrue(text.split("\n")[7].matches(".* 400 +- +- +0"), text);
    }

    @Test
    @DisplayName("exits per event in the JSON are exact ratios to four decimals, half-even")
    void jsonRatios() {
        assertEquals("6.035", MatrixJson.perEvent(1207, 200));
        assertEquals("2", MatrixJson.perEvent(400, 200));
        assertEquals("0", MatrixJson.perEvent(0, 200));
        assertEquals("0.3333", MatrixJson.perEvent(1, 3));
        assertEquals("0.0001", MatrixJson.perEvent(1, 10000));
    }

    @Test
    @DisplayName("the JSON holds the workload and, per row, every metric or the reason")
    void json() {
        StringWriter out = new StringWriter();
        MatrixJson.write(SETTINGS, RESULTS, out);
        String json = out.toString().replaceAll("\\s+", "");
        assertTrue(json.startsWith("{\"schema-version\":1,\"tool-version\":\""), json);
        assertTrue(json.contains("\"workload\":{\"events\":200,\"start-ns\":1000000,\"period-ns\":2000000,"), json);
        assertTrue(json.contains("{\"controller\":\"gicv3\",\"variant\":\"none\",\"flow\":\"oneshot-threaded\","
                + "\"available\":true,\"versions\":{\"vgic-v3\":\"linux-6.18\"},\"exits-per-event\":{\"mmio\":4,\"apic-eoi\":0,\"maintenance\":2,\"sysreg\":0,"
                + "\"external-interrupt\":0,\"idle\":0,\"ioapic-eoi\":0},\"metrics\":{\"device-events\":200,"),
                json);
        assertTrue(json.contains("\"latency.assert-to-ack.p99\":230500"), json);
        assertTrue(json.contains("{\"controller\":\"gicv3\",\"variant\":\"ioapic-ack-pending\",\"flow\":\"edge\","
                + "\"available\":false,\"reason\":\"fix'ioapic-ack-pending'isnotimplementedhere\"}"), json);
    }

    /** The table's lines after those of {@link #RESULTS}, which read as they do alone. */
    private static String[] linesAfterResults(List<RowResult> further) {
        List<RowResult> all = new java.util.ArrayList<>(RESULTS);
        all.addAll(further);
        String one = MatrixTable.render(SETTINGS, RESULTS);
        String two = MatrixTable.render(SETTINGS, all);
        assertTrue(two.startsWith(one), "the first tables read as before");
        return two.substring(one.length()).split("\n");
    }

    @Test
    @DisplayName("a second forwarder's rows follow the first table as their own table under a line naming it; "
            + "the first table is unchanged")
    void secondForwarder() {
        MatrixRow pci = row(QEMU, "vfio-pci", "ioapic", Variant.NONE, GuestFlow.EDGE);
        String[] more = linesAfterResults(List.of(new RowResult.NotAvailable(pci, "PCI INTx is a level signal")));
        assertEquals("", more[0]);
        assertEquals("forwarder vfio-pci (the rows above: vfio-platform)", more[1]);
        assertTrue(more[3].startsWith("controller  variant  flow  events"), more[3]);
        assertTrue(more[5].matches("ioapic +none +edge +n/a: PCI INTx is a level signal"), more[5]);
        assertEquals("vfio-pci/ioapic/none/edge", pci.id());
        assertEquals("gicv3/none/oneshot-threaded", ONESHOT.id(), "a default-forwarder row keeps its name");
    }

    @Test
    @DisplayName("a further VMM preset's rows follow as their own tables, under a line naming the VMM, what the "
            + "preset sets and the forwarder, with the rows that ran and a count of those left out; the JSON and "
            + "CSV have every row and name its VMM")
    void furtherVmm() {
        MatrixVmm split = new MatrixVmm("crosvm", "split", Map.of("irqchip", "split"), true);
        MatrixRow level = row(split, "vfio-pci", "ioapic", Variant.NONE, GuestFlow.LEVEL);
        MatrixRow fix = row(split, "vfio-pci", "ioapic", Variant.fix("resample-on-unmask"), GuestFlow.LEVEL);
        List<RowResult> further = List.of(
                new RowResult.Measured(level, metrics(Map.of("mmio", 10L), Optional.empty()), Map.of()),
                new RowResult.NotAvailable(fix, "refused"));
        List<RowResult> all = new java.util.ArrayList<>(RESULTS);
        all.addAll(further);
        String[] more = linesAfterResults(further);
        assertEquals("vmm crosvm (irqchip: split), forwarder vfio-pci", more[1]);
        assertTrue(more[5].matches("ioapic +none +level +200 .*"), more[5]);
        assertTrue(more[6].startsWith("---"), more[6]);
        assertEquals("not shown: 1 of 2 combinations, which the plugins refuse (--json gives each with its reason)",
                more[7]);
        assertEquals("crosvm-split/vfio-pci/ioapic/none/level", level.id());
        StringWriter json = new StringWriter();
        MatrixJson.write(SETTINGS, all, json);
        String flat = json.toString().replaceAll("\\s+", "");
        assertTrue(flat.contains("{\"vmm\":{\"name\":\"crosvm\",\"preset\":\"split\",\"config\":{\"irqchip\":"
                + "\"split\"}},\"forwarder\":\"vfio-pci\",\"controller\":\"ioapic\",\"variant\":\"resample-on-unmask\""),
                flat);
        StringWriter csv = new StringWriter();
        MatrixCsv.write(all, csv);
        String[] records = csv.toString().split("\r?\n");
        assertTrue(records[0].endsWith(",forwarder,vmm,vmm-preset"), records[0]);
        assertTrue(records[1].endsWith(",vfio-platform,qemu,kernel"), records[1]);
        assertTrue(records[4].endsWith(",vfio-pci,crosvm,split"), records[4]);
    }
}
