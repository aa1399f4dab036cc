package dev.irqlab.runtime.output;

import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceEvent.DeviceAsserted;
import dev.irqlab.api.trace.TraceEvent.DeviceServed;
import dev.irqlab.api.trace.TraceEvent.DriverOutcome;
import dev.irqlab.api.trace.TraceEvent.StateChanged;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The trace's numeric state as a Value Change Dump (IEEE 1364-2005 §18.2, the four-state VCD
 * format), for GTKWave and Surfer.
 *
 * <p>Signals: every {@code StateChanged} whose {@code from} and {@code to} are decimal integers
 * becomes a variable, a 1-bit wire if all its values are 0 or 1, else a 32-bit vector (64 if a
 * value does not fit, two's complement for negatives); other state changes are skipped. Each
 * device that emits {@code DeviceAsserted}/{@code DeviceServed} also gets the 32-bit vectors
 * {@code events.asserted} and {@code events.served}: the last event number raised and consumed, so
 * a lost event shows as the two drifting apart. A device whose driver found nothing on an interrupt
 * (a spurious {@code DriverOutcome} naming it) gets {@code events.spurious}, how many times so far.
 * A device's own {@code line} is an ordinary 1-bit {@code StateChanged} signal. Scopes: one
 * {@code $scope module} per component, nested at the dots of its name ("host.gicv3" is scope gicv3
 * inside scope host); the variable's reference is {@code subject + "." + field}, each part escaped
 * only as VCD requires ({@link #identifier}: component names stay as the trace writes them,
 * "vm0.vgic-v3" is scope vgic-v3 inside vm0). Scopes and variables are sorted by name; identifier
 * codes are assigned in declaration order from {@code !}.
 *
 * <p>Timescale 1 ns. {@code $dumpvars} at {@code #0} gives each variable the {@code from} of its
 * first change (its value before the run's first change to it). Changes at one time follow a single
 * {@code #time}, in trace order. Because VCD needs every declaration before the first change, the
 * changes are spooled to a temporary file (about 4 bytes each) and the file is written on
 * {@link #close}.
 */
public final class VcdWriter implements TraceWriter {

    private static final String EVENTS_SUBJECT = "events";

    private final OutputStream out;
    private final String comment;
    private final Path spoolFile;
    private final OutputStream spool;
    private final Map<List<String>, Signal> signals = new HashMap<>();
    private final List<Signal> byIndex = new ArrayList<>();
    /** Spurious driver outcomes so far, by device. */
    private final Map<String, long[]> spurious = new HashMap<>();
    private long lastTime;
    private long endTime;
    private boolean closed;

    /** A writer spooling to a temporary file in the default temporary directory. */
    public VcdWriter(OutputStream out, String comment) throws IOException {
        this(out, comment, Files.createTempFile("irqlab-vcd-", ".spool"));
    }

    /**
     * A writer spooling to {@code spoolFile} (created or truncated; deleted on {@link #close}).
     *
     * @param comment text for the {@code $comment} section (scenario and seed), or null for none
     */
    public VcdWriter(OutputStream out, String comment, Path spoolFile) throws IOException {
        this.out = out;
        this.comment = comment;
        this.spoolFile = spoolFile;
        this.spool = new BufferedOutputStream(Files.newOutputStream(spoolFile), 1 << 16);
    }

    /** Extends the dump to {@code timeNs} (the run's end), so viewers show the whole run. */
    public void endAt(long timeNs) {
        endTime = Math.max(endTime, timeNs);
    }

    @Override
    public void emit(TraceEvent event) {
        if (closed) {
            throw new IllegalStateException("VCD writer used after close");
        }
        if (event instanceof StateChanged s) {
            Long from = decimal(s.from());
            Long to = decimal(s.to());
            if (from != null && to != null) {
                change(s.time(), s.component(), s.subject(), s.field(), from, to, false);
            }
        } else if (event instanceof DeviceAsserted a) {
            change(a.time(), a.component(), EVENTS_SUBJECT, "asserted", 0, a.event(), true);
        } else if (event instanceof DeviceServed d) {
            change(d.time(), d.component(), EVENTS_SUBJECT, "served", 0, d.event(), true);
        } else if (event instanceof DriverOutcome o && o.spurious()) {
            long n = ++spurious.computeIfAbsent(o.device(), k -> new long[1])[0];
            change(o.time(), o.device(), EVENTS_SUBJECT, "spurious", 0, n, true);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            spool.close();
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            writeHeader(w);
            writeBody(w);
            w.close();
        } finally {
            Files.deleteIfExists(spoolFile);
        }
    }

    private void change(long time, String component, String subject, String field, long from, long to,
                        boolean counter) {
        if (time < lastTime) {
            throw new IllegalStateException("trace event at " + time + " ns after one at " + lastTime + " ns");
        }
        List<String> key = List.of(component, subject, field);
        Signal sig = signals.get(key);
        if (sig == null) {
            sig = new Signal(byIndex.size(), component, subject, field, from, !counter);
            signals.put(key, sig);
            byIndex.add(sig);
        }
        sig.widen(to);
        try {
            writeVarLong(time - lastTime);
            writeVarLong(sig.index);
            writeVarLong((to << 1) ^ (to >> 63));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lastTime = time;
    }

    private void writeHeader(Writer w) throws IOException {
        w.write("$date\n\tvirtual time; no wall-clock date\n$end\n");
        w.write("$version\n\tirqlab\n$end\n");
        if (comment != null) {
            w.write("$comment\n\t" + headerText(comment) + "\n$end\n");
        }
        w.write("$timescale 1 ns $end\n");
        Scope root = new Scope();
        for (Signal s : byIndex) {
            Scope scope = root;
            for (String part : s.component.split("\\.", -1)) {
                scope = scope.children.computeIfAbsent(identifier(part), k -> new Scope());
            }
            String name = identifier(s.subject) + "." + identifier(s.field);
            String unique = name;
            for (int n = 2; !scope.names.add(unique); n++) {
                unique = name + "_" + n;
            }
            scope.vars.put(unique, s);
        }
        int[] next = {0};
        for (Map.Entry<String, Scope> e : root.children.entrySet()) {
            declare(w, e.getKey(), e.getValue(), next);
        }
        w.write("$enddefinitions $end\n");
    }

    private void declare(Writer w, String name, Scope scope, int[] next) throws IOException {
        w.write("$scope module " + name + " $end\n");
        for (Map.Entry<String, Signal> v : scope.vars.entrySet()) {
            Signal s = v.getValue();
            s.code = code(next[0]++);
            w.write("$var wire " + s.width() + " " + s.code + " " + v.getKey() + " $end\n");
        }
        for (Map.Entry<String, Scope> e : scope.children.entrySet()) {
            declare(w, e.getKey(), e.getValue(), next);
        }
        w.write("$upscope $end\n");
    }

    private void writeBody(Writer w) throws IOException {
        w.write("#0\n");
        if (!byIndex.isEmpty()) {
            w.write("$dumpvars\n");
            for (Signal s : byIndex) {
                w.write(s.format(s.initial));
            }
            w.write("$end\n");
        }
        long now = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(spoolFile), 1 << 16)) {
            long t = 0;
            while (true) {
                int first = in.read();
                if (first < 0) {
                    break;
                }
                t += readVarLong(in, first);
                Signal s = byIndex.get((int) readVarLong(in, in.read()));
                long zig = readVarLong(in, in.read());
                long value = (zig >>> 1) ^ -(zig & 1);
                if (t != now) {
                    w.write("#" + t + "\n");
                    now = t;
                }
                w.write(s.format(value));
            }
        }
        if (endTime > now) {
            w.write("#" + endTime + "\n");
        }
    }

    private void writeVarLong(long v) throws IOException {
        while ((v & ~0x7fL) != 0) {
            spool.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        spool.write((int) v);
    }

    private static long readVarLong(InputStream in, int first) throws IOException {
        long v = 0;
        int shift = 0;
        int b = first;
        while (true) {
            if (b < 0) {
                throw new EOFException("truncated VCD spool");
            }
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
            shift += 7;
            b = in.read();
        }
    }

    /** A decimal integer ("0", "1", "3", "-2"), or null for anything else. */
    static Long decimal(String s) {
        int n = s.length();
        int start = n > 0 && s.charAt(0) == '-' ? 1 : 0;
        if (n == start || n - start > 18) {
            return null;
        }
        for (int i = start; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return Long.parseLong(s);
    }

    /**
     * {@code s} as a VCD scope or reference name: every printable ASCII character is kept except
     * those the VCD syntax gives a meaning (IEEE 1800-2017 21.7.2: a token ends at whitespace;
     * {@code [}, {@code ]} and {@code :} select bits of a reference; a leading {@code $} starts a
     * keyword) and {@code .}, which viewers read as a scope separator; each of those, and any other
     * character, becomes {@code _}. "vgic-v3" stays "vgic-v3"; "spi 40" becomes "spi_40".
     */
    static String identifier(String s) {
        StringBuilder b = new StringBuilder(s.length() + 1);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c > ' ' && c <= '~' && c != '.' && c != '[' && c != ']' && c != ':' && (c != '$' || i > 0);
            b.append(ok ? c : '_');
        }
        if (b.length() == 0) {
            b.append('_');
        }
        return b.toString();
    }

    /** Identifier code number {@code n}: base 94 over the printable characters '!' to '~'. */
    static String code(int n) {
        StringBuilder b = new StringBuilder(4);
        int v = n;
        do {
            b.append((char) ('!' + v % 94));
            v = v / 94 - 1;
        } while (v >= 0);
        return b.toString();
    }

    /** Header text without anything that could end the section early. */
    private static String headerText(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c == '$' || c < 0x20 || c > 0x7e ? '_' : c);
        }
        return b.toString();
    }

    private static final class Scope {
        final Map<String, Scope> children = new TreeMap<>();
        final Map<String, Signal> vars = new TreeMap<>();
        final Set<String> names = new HashSet<>();
    }

    private static final class Signal {
        final int index;
        final String component;
        final String subject;
        final String field;
        final long initial;
        String code;
        boolean binary;
        boolean fitsInt = true;

        Signal(int index, String component, String subject, String field, long initial, boolean mayBeBit) {
            this.index = index;
            this.component = component;
            this.subject = subject;
            this.field = field;
            this.initial = initial;
            this.binary = mayBeBit;
            widen(initial);
        }

        void widen(long v) {
            binary &= v == 0 || v == 1;
            fitsInt &= v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
        }

        int width() {
            return binary ? 1 : fitsInt ? 32 : 64;
        }

        /** A value change line (IEEE 1364 §18.2.1: scalar "0!", vector "b101 !"). */
        String format(long v) {
            if (binary) {
                return (v == 0 ? "0" : "1") + code + "\n";
            }
            String bits = fitsInt ? Integer.toBinaryString((int) v) : Long.toBinaryString(v);
            return "b" + bits + " " + code + "\n";
        }
    }
}
