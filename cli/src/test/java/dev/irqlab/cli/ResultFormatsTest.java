package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The outputs other tools consume: the result and matrix JSON against their JSON Schemas
 * (docs/schema), the CSV against the JSON of the same run, and {@code --log} against the trace.
 */
class ResultFormatsTest {

    private static final Path SCHEMAS = Path.of(System.getProperty("basedir", "."), "..", "docs", "schema");
    private static final Path SHIPPED = Path.of(System.getProperty("basedir", "."), "..", "scenarios");

    @TempDir
    Path dir;

    private static List<Error> validate(String schemaFile, String json) throws IOException {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(SCHEMAS.resolve(schemaFile)), InputFormat.JSON);
        return schema.validate(json, InputFormat.JSON);
    }

    private static Map<?, ?> parse(String json) {
        return assertInstanceOf(Map.class, new Load(LoadSettings.builder().build()).loadFromString(json));
    }

    @Test
    @DisplayName("the result JSON follows result.schema.json and records the scenario as run")
    void resultJsonSchema() throws IOException {
        Path scenario = TestScenarios.write(dir, "touchpad.yaml", TestScenarios.TOUCHPAD);
        Path json = dir.resolve("r.json");
        Cli r = Cli.irqlab("run", scenario.toString(), "--json", json.toString());
        assertEquals(0, r.status(), r.transcript());

        String text = Files.readString(json);
        assertEquals(List.of(), validate("result.schema.json", text));
        Map<?, ?> result = parse(text);
        assertEquals(1, result.get("schema-version"));
        assertFalse(((String) result.get("tool-version")).isBlank());
        Map<?, ?> asRun = assertInstanceOf(Map.class, result.get("scenario-as-run"));
        assertEquals(7, asRun.get("seed"));
        Map<?, ?> platform = assertInstanceOf(Map.class, asRun.get("platform"));
        assertEquals("gicv3", platform.get("controller"));
        assertEquals("vgic-v3", platform.get("virtual-controller"));
        assertEquals("kvm", platform.get("hypervisor"), "defaults are filled in");
        Map<?, ?> device = assertInstanceOf(Map.class, ((List<?>) asRun.get("devices")).get(0));
        assertEquals(8, device.get("line"));
        assertEquals(8, device.get("guest-pin"), "the guest pin defaults to the line");
        Map<?, ?> kernels = assertInstanceOf(Map.class, asRun.get("kernels"));
        assertTrue(kernels.containsKey("host") && kernels.containsKey("guest"), kernels.toString());
        Map<?, ?> hostKernel = assertInstanceOf(Map.class, kernels.get("host"));
        assertTrue(hostKernel.containsKey("thread-wakeup"), "every key after defaults: " + hostKernel);
    }

    @Test
    @DisplayName("a multi-device, multi-vCPU result has each device's and vCPU's metrics beside the totals")
    void perDeviceAndVcpu() throws IOException {
        Path json = dir.resolve("r.json");
        Path csv = dir.resolve("r.csv");
        Cli r = Cli.irqlab("run", SHIPPED.resolve("multi-vcpu-x86-destinations.yaml").toString(), "--json",
                json.toString(), "--csv", csv.toString());
        assertEquals(0, r.status(), r.transcript());
        String text = Files.readString(json);
        assertEquals(List.of(), validate("result.schema.json", text));
        Map<?, ?> metrics = assertInstanceOf(Map.class, parse(text).get("metrics"));
        for (String total : List.of("device-events", "served", "delivered", "handled")) {
            long sum = 0;
            for (String device : List.of("disk", "nic", "serial")) {
                sum += ((Number) metrics.get("device." + device + "." + total)).longValue();
            }
            assertEquals(((Number) metrics.get(total)).longValue(), sum, total + ": three devices on their own irqs");
        }
        long exits = 0;
        for (int v = 0; v < 4; v++) {
            exits += ((Number) metrics.get("vcpu." + v + ".exits")).longValue();
        }
        assertEquals(((Number) metrics.get("exits")).longValue(), exits);
        assertEquals(metrics.get("exits.apic-eoi"), metrics.get("vcpu.3.exits.apic-eoi"),
                "the disk's level vector is in vCPU 3's EOI-exit bitmap alone (the scenario's header)");
        assertTrue(Files.readString(csv).contains("\r\ndevice.disk.delivered,30,30,30,PASS\r\n"));
        assertTrue(r.out().contains("\ndevice "), "the table has a line per device: " + r.out());

        String bogus = text.replace("\"device.disk.served\"", "\"device.disk.exits\"");
        assertFalse(validate("result.schema.json", bogus).isEmpty(), "exits are per vCPU, not per device");
    }

    @Test
    @DisplayName("the schemas refuse what they describe as wrong: no schema-version, exits per event as text")
    void schemasCanFail() throws IOException {
        assertFalse(validate("result.schema.json", "{\"scenario\": \"x\"}").isEmpty());
        String oldMatrix = """
                {"schema-version": 1, "tool-version": "0", "workload": {"events": 1, "start-ns": 0, "period-ns": 1,
                 "drain-ns": 0, "seed": 1},
                 "rows": [{"controller": "gicv3", "variant": "none", "flow": "edge", "available": true,
                           "exits-per-event": "mmio 4.0, maintenance 2.0", "metrics": {}}]}
                """;
        assertFalse(validate("matrix.schema.json", oldMatrix).isEmpty());
    }

    @Test
    @DisplayName("run --csv holds every metric of the result JSON with the same value, and the verdicts")
    void resultCsvMatchesJson() throws IOException {
        Path scenario = TestScenarios.write(dir, "touchpad.yaml", TestScenarios.TOUCHPAD);
        Path json = dir.resolve("r.json");
        Path csv = dir.resolve("r.csv");
        assertEquals(0, Cli.irqlab("run", scenario.toString(), "--json", json.toString(), "--csv", csv.toString())
                .status());

        Map<?, ?> metrics = assertInstanceOf(Map.class, parse(Files.readString(json)).get("metrics"));
        List<String> lines = List.of(Files.readString(csv, StandardCharsets.UTF_8).split("\r\n"));
        assertEquals("metric,value,expected-min,expected-max,verdict", lines.get(0));
        assertEquals(metrics.size() + 1, lines.size(), "one record per metric");
        int i = 1;
        for (Map.Entry<?, ?> m : metrics.entrySet()) {
            String[] f = lines.get(i++).split(",", -1);
            assertEquals(m.getKey(), f[0]);
            assertEquals(String.valueOf(m.getValue()), f[1], f[0]);
        }
        assertTrue(lines.contains("device-events,3,3,3,PASS"), lines.toString());
        assertTrue(lines.contains("lost,0,0,0,PASS"), lines.toString());
    }

    @Test
    @DisplayName("matrix --json follows matrix.schema.json; --csv has the same exits per event and metrics")
    void matrixJsonAndCsv() throws IOException {
        Path json = dir.resolve("m.json");
        Path csv = dir.resolve("m.csv");
        Cli r = Cli.irqlab("matrix", "--events", "2", "--json", json.toString(), "--csv", csv.toString());
        assertEquals(0, r.status(), r.transcript());

        String text = Files.readString(json);
        assertEquals(List.of(), validate("matrix.schema.json", text));
        List<?> rows = assertInstanceOf(List.class, parse(text).get("rows"));
        List<String> lines = List.of(Files.readString(csv).split("\r\n"));
        assertEquals(rows.size() + 1, lines.size());
        List<String> header = List.of(lines.get(0).split(","));
        int mmio = header.indexOf("exits-per-event.mmio");
        int delivered = header.indexOf("delivered");
        int checked = 0;
        for (int i = 0; i < rows.size(); i++) {
            Map<?, ?> row = assertInstanceOf(Map.class, rows.get(i));
            if (!Boolean.TRUE.equals(row.get("available"))) {
                continue;
            }
            String[] f = lines.get(i + 1).split(",", -1);
            assertEquals(row.get("controller") + "/" + row.get("variant") + "/" + row.get("flow"),
                    f[0] + "/" + f[1] + "/" + f[2]);
            Map<?, ?> exits = assertInstanceOf(Map.class, row.get("exits-per-event"));
            assertEquals(Double.parseDouble(String.valueOf(exits.get("mmio"))), Double.parseDouble(f[mmio]), f[0]);
            assertEquals(String.valueOf(((Map<?, ?>) row.get("metrics")).get("delivered")), f[delivered]);
            assertEquals(row.containsKey("forwarder") ? row.get("forwarder") : "vfio-platform", f[f.length - 3]);
            Map<?, ?> vmm = (Map<?, ?>) row.get("vmm");
            assertEquals(vmm == null ? "qemu/kernel" : vmm.get("name") + "/" + vmm.get("preset"),
                    f[f.length - 2] + "/" + f[f.length - 1]);
            checked++;
        }
        assertTrue(checked > 10, "measured rows: " + checked);
    }

    @Test
    @DisplayName("run --log prints each guest message of the trace as dmesg does, at its virtual time")
    void logMatchesTrace() throws IOException {
        Path scenario = TestScenarios.write(dir, "touchpad.yaml", TestScenarios.TOUCHPAD);
        Path trace = dir.resolve("t.jsonl");
        Path log = dir.resolve("k.log");
        assertEquals(0, Cli.irqlab("run", scenario.toString(), "--trace", trace.toString(), "--log", log.toString())
                .status());

        StringBuilder expected = new StringBuilder();
        for (String line : Files.readAllLines(trace)) {
            Map<?, ?> e = parse(line);
            if ("KernelMessage".equals(e.get("type")) && !"scenario.action".equals(e.get("key"))
                    && ("guest".equals(e.get("component")) || "host".equals(e.get("component")))) {
                long ns = ((Number) e.get("time")).longValue();
                expected.append(e.get("component")).append(' ')
                        .append(String.format(java.util.Locale.ROOT, "[%5d.%06d] ", ns / 1_000_000_000L,
                                ns % 1_000_000_000L / 1000))
                        .append(e.get("text")).append('\n');
            }
        }
        String got = Files.readString(log);
        assertTrue(got.contains("invalid report id data"), got);
        assertEquals(expected.toString(), got);
    }

    @Test
    @DisplayName("the storm scenario's log has genirq's nobody-cared report and handler list in spurious.c's words")
    void stormLogNobodyCared() throws IOException {
        Cli r = Cli.irqlab("run", SHIPPED.resolve("missing-guest-driver-irq-storm-nobody-cared.yaml").toString(),
                "--log", "-");
        assertEquals(0, r.status(), r.transcript());
        // kernel/irq/spurious.c: __report_bad_irq's pr_err lines (nobody cared, handlers:, one line per action,
        // "[<%p>] %ps"), then note_interrupt's pr_emerg
        String stamp = " \\[ *\\d+\\.\\d{6}\\] ";
        Matcher m = Pattern.compile("(?m)^(host|guest)" + stamp + "irq (\\d+): nobody cared "
                + "\\(try booting with the \"irqpoll\" option\\)\\n\\1" + stamp + "handlers:\\n"
                + "\\1" + stamp + "\\[<00000000[0-9a-f]{8}>\\] unclaimed_irq_handler\\n"
                + "\\1" + stamp + "Disabling IRQ #\\2$")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(r.err().contains("verdict:"), "the summary goes to standard error when a file is '-'");
    }
}
