package dev.irqlab.runtime.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.irqlab.api.trace.TraceEvent.DriverOutcome;
import dev.irqlab.api.trace.TraceEvent.StateChanged;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Value Change Dump format of IEEE 1364-2005 §18.2. */
class VcdWriterTest {

    @TempDir
    Path tmp;

    @Test
    void smallTraceGivesExactlyTheExpectedDump() throws IOException {
        Path spool = tmp.resolve("vcd.spool");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (VcdWriter w = new VcdWriter(bytes, "sample seed 1", spool)) {
            SampleTrace.events().forEach(w::emit);
            w.endAt(5_000);
        }
        String expected = String.join("\n",
            "$date",
            "\tvirtual time; no wall-clock date",
            "$end",
            "$version",
            "\tirqlab",
            "$end",
            "$comment",
            "\tsample seed 1",
            "$end",
            "$timescale 1 ns $end",
            "$scope module host $end",
            "$var wire 32 ! irq_40.depth $end",
            "$scope module gicv3 $end",
            "$var wire 1 \" spi_40.pending $end",
            "$upscope $end",
            "$upscope $end",
            "$scope module touch $end",
            "$var wire 32 # events.asserted $end",
            "$var wire 32 $ events.served $end",
            "$var wire 1 % irq.line $end",
            "$upscope $end",
            "$enddefinitions $end",
            "#0",
            "$dumpvars",
            "0%",
            "b0 #",
            "0\"",
            "b0 !",
            "b0 $",
            "$end",
            "1%",
            "b1 #",
            "1\"",
            "#1000",
            "b1 !",
            "#3000",
            "b1 $",
            "0%",
            "#3100",
            "b10 !",
            "#5000",
            "");
        assertEquals(expected, bytes.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(spool), "spool file deleted on close");
    }

    @Test
    void initialValueIsTheFromOfTheFirstChangeAndNegativeValuesAreTwosComplement() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (VcdWriter w = new VcdWriter(bytes, null, tmp.resolve("s"))) {
            w.emit(new StateChanged(10, "guest", "irq 7", "masked", "1", "0", "unmask"));
            w.emit(new StateChanged(20, "guest", "irq 7", "delta", "3", "-1", "x"));
            w.emit(new StateChanged(20, "guest", "irq 7", "big", "0", "4294967296", "x"));
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(List.of(
            "$var wire 64 ! irq_7.big $end",
            "$var wire 32 \" irq_7.delta $end",
            "$var wire 1 # irq_7.masked $end"), text.lines().filter(l -> l.startsWith("$var")).toList());
        String body = text.substring(text.indexOf("#0\n"));
        assertEquals("#0\n$dumpvars\n1#\nb11 \"\nb0 !\n$end\n#10\n0#\n#20\nb" + "1".repeat(32) + " \"\nb1"
            + "0".repeat(32) + " !\n", body);
    }

    @Test
    void nonNumericStateIsSkippedAndNamesAreEscapedOnlyWhereVcdGivesACharacterAMeaning() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (VcdWriter w = new VcdWriter(bytes, null, tmp.resolve("s"))) {
            w.emit(new StateChanged(0, "vm0.vgic-v3", "spi 40", "trigger", "level", "edge", "cfg"));
            w.emit(new StateChanged(0, "vm0.vgic-v3", "spi 40 (virt)", "line_level", "0", "1", "irqfd"));
        }
        List<String> declarations = bytes.toString(StandardCharsets.UTF_8).lines()
            .filter(l -> l.startsWith("$var") || l.startsWith("$scope")).toList();
        assertEquals(List.of("$scope module vm0 $end", "$scope module vgic-v3 $end",
            "$var wire 1 ! spi_40_(virt).line_level $end"), declarations);
    }

    @Test
    void whitespaceBitSelectsScopeDotsALeadingDollarAndNonAsciiBecomeUnderscores() {
        assertEquals("irq_1-elan_i2c", VcdWriter.identifier("irq 1-elan_i2c"));
        assertEquals("a_b_c_d_e", VcdWriter.identifier("a[b]c:d.e"));
        assertEquals("_x$y", VcdWriter.identifier("$x$y"));
        assertEquals("caf___", VcdWriter.identifier("caf\u00e9\t\u0007"));
        assertEquals("_", VcdWriter.identifier(""));
        assertEquals("0x1f", VcdWriter.identifier("0x1f"), "a leading digit is a token like any other");
    }

    @Test
    void eachTimeADriverFindsNothingItsDeviceCountsOneMoreSpurious() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (VcdWriter w = new VcdWriter(bytes, null, tmp.resolve("s"))) {
            w.emit(new DriverOutcome(10, "guest", "elan_i2c", "pad", 1, 0));
            w.emit(new DriverOutcome(20, "guest", "elan_i2c", "pad", 1, 1));
            w.emit(new DriverOutcome(30, "guest", "elan_i2c", "pad", 1, 0));
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(List.of("$scope module pad $end", "$var wire 32 ! events.spurious $end"), text.lines()
            .filter(l -> l.startsWith("$var") || l.startsWith("$scope")).toList());
        assertEquals("#0\n$dumpvars\nb0 !\n$end\n#10\nb1 !\n#30\nb10 !\n", text.substring(text.indexOf("#0\n")));
    }

    @Test
    void identifierCodesAreDistinctPrintableAsciiBeyondOneCharacter() {
        assertEquals("!", VcdWriter.code(0));
        assertEquals("~", VcdWriter.code(93));
        assertEquals("!!", VcdWriter.code(94));
        assertEquals("\"!", VcdWriter.code(95));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String c = VcdWriter.code(i);
            assertEquals(true, seen.add(c), "duplicate code " + c);
            c.chars().forEach(ch -> assertEquals(true, ch >= 33 && ch <= 126));
        }
    }
}
