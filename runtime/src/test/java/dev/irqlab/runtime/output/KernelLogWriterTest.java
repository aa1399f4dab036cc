package dev.irqlab.runtime.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqlab.api.trace.TraceEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link KernelLogWriter}: the kernels' lines as dmesg prints them, nothing else. */
class KernelLogWriterTest {

    @Test
    @DisplayName("timestamps are print_time's [%5lu.%06lu]: seconds and microseconds, truncated")
    void printTimeFormat() {
        assertEquals("[    0.000000] ", KernelLogWriter.timestamp(0));
        assertEquals("[    0.000001] ", KernelLogWriter.timestamp(1_999));
        assertEquals("[    1.310245] ", KernelLogWriter.timestamp(1_310_245_999L));
        assertEquals("[123456.000000] ", KernelLogWriter.timestamp(123_456_000_000_000L));
    }

    @Test
    @DisplayName("each kernel's printk lines, tagged with the kernel, every line of a record stamped")
    void kernelLinesOnly() throws IOException {
        StringWriter out = new StringWriter();
        KernelLogWriter log = new KernelLogWriter(out, List.of("host", "guest"), true);
        log.emit(new TraceEvent.KernelMessage(1_234_000, "guest", "elan_i2c.invalid_report",
                "elan_i2c touchpad: invalid report id data (ff)"));
        log.emit(new TraceEvent.KernelMessage(2_000_000, "guest", "scenario.action", "enable_irq(1) [actions[0]]"));
        log.emit(new TraceEvent.KernelMessage(3_000_000, "host.gicv3", "gic.eoi_unknown", "ICC_EOIR1_EL1 write"));
        log.emit(new TraceEvent.KernelMessage(4_000_000, "qemu", "qemu.vfio_platform_eoi", "irq 0 gsi 45"));
        log.emit(new TraceEvent.StateChanged(4_500_000, "host", "irq 1", "depth", "0", "1", "x"));
        log.emit(new TraceEvent.KernelMessage(5_000_001, "host", "pm.wakeup_abort",
                "PM: Wakeup pending, aborting suspend\nPM: last active wakeup source: x"));
        log.close();

        assertEquals("""
                guest [    0.001234] elan_i2c touchpad: invalid report id data (ff)
                host [    0.005000] PM: Wakeup pending, aborting suspend
                host [    0.005000] PM: last active wakeup source: x
                """, out.toString());
    }
}
