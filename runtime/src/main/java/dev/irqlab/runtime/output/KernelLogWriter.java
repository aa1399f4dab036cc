package dev.irqlab.runtime.output;

import dev.irqlab.api.trace.TraceEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * The kernels' messages ({@code printk}, {@code dev_err}, {@code WARN}) as {@code dmesg} prints
 * them, host and guest interleaved in virtual time, one line per line of a message:
 *
 * <pre>
 * guest [    0.020513] elan_i2c elan_i2c: invalid report id data (ff)
 * host [    1.310245] irq 1: nobody cared (try booting with the "irqpoll" option)
 * </pre>
 *
 * The first word names the kernel (the trace component the message came from); the rest is the line
 * {@code dmesg} shows. The timestamp is the virtual time of the message in the format of
 * kernel/printk/printk.c {@code print_time} ({@code "[%5lu.%06lu] "}, seconds and microseconds); a
 * message of several lines gets the timestamp on every line, as {@code record_print_text} prefixes
 * each line of a record. {@code grep '^guest ' | cut -d' ' -f2-} gives one kernel's plain dmesg.
 *
 * <p>Only messages of a kernel component itself are kernel log lines: the scenario's own action
 * reports ({@code scenario.action}) and the notes of hardware models, VMMs and devices are not
 * printed by a kernel and stay in the trace.
 */
public final class KernelLogWriter implements TraceWriter {

    /** The message key of a scenario action's report; written by the runtime, not by a kernel. */
    static final String SCENARIO_ACTION = "scenario.action";

    private final Writer out;
    private final List<String> kernels;
    private final boolean closeOut;
    private final StringBuilder line = new StringBuilder(160);

    /**
     * @param out where the log goes
     * @param kernels the kernels' component names ("host", "guest")
     * @param closeOut whether {@link #close} closes {@code out} (false for standard output: it is
     *     only flushed)
     */
    public KernelLogWriter(Writer out, List<String> kernels, boolean closeOut) {
        this.out = out;
        this.kernels = List.copyOf(kernels);
        this.closeOut = closeOut;
    }

    @Override
    public void emit(TraceEvent event) {
        if (!(event instanceof TraceEvent.KernelMessage m) || SCENARIO_ACTION.equals(m.key())
                || !kernels.contains(m.component())) {
            return;
        }
        String stamp = timestamp(m.time());
        try {
            for (String text : m.text().split("\n", -1)) {
                line.setLength(0);
                line.append(m.component()).append(' ').append(stamp).append(text).append('\n');
                out.append(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kernel log", e);
        }
    }

    /** {@code "[%5lu.%06lu] "} of kernel/printk/printk.c {@code print_time}, from nanoseconds. */
    static String timestamp(long ns) {
        long seconds = ns / 1_000_000_000L;
        long micros = (ns % 1_000_000_000L) / 1_000L;
        return String.format(Locale.ROOT, "[%5d.%06d] ", seconds, micros);
    }

    /** The log is the kernel messages only. */
    @Override
    public boolean wantsDetail() {
        return false;
    }

    @Override
    public void close() throws IOException {
        if (closeOut) {
            out.close();
        } else {
            out.flush();
        }
    }
}
