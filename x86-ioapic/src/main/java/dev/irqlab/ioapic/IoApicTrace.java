package dev.irqlab.ioapic;

import dev.irqlab.api.sim.Sim;
import java.util.List;
import java.util.stream.IntStream;

/** The trace output of one IO-APIC (physical or KVM's): its pins' bit changes and its kernel messages. */
final class IoApicTrace {

    private final Sim sim;
    private final String name;
    /** Whether the trace reads state changes ({@code Trace.wantsDetail}); else they are left out. */
    private final boolean detail;

    IoApicTrace(Sim sim, String name) {
        this.sim = sim;
        this.name = name;
        this.detail = sim.trace().wantsDetail();
    }

    /** Whether state changes are traced: a caller may skip building a cause's text when not. */
    boolean detail() {
        return detail;
    }

    void emit(int pin, String field, String from, String to, String cause) {
        if (!detail) {
            return;
        }
        String subject = pin >= 0 && pin < PIN_SUBJECTS.size() ? PIN_SUBJECTS.get(pin) : "pin " + pin;
        sim.trace().stateChanged(sim.now(), name, subject, field, from, to, cause);
    }

    void message(String key, String text) {
        sim.trace().kernelMessage(sim.now(), name, key, text);
    }

    /**
     * The trace subject of each pin an IO-APIC can have, "pin N" (at most 240 redirection entries: the
     * version register's 8-bit maximum entry, 82093AA datasheet 3.2.2), built once for every IO-APIC.
     */
    private static final List<String> PIN_SUBJECTS = IntStream.range(0, 256).mapToObj(p -> "pin " + p).toList();

    /** "vector 0x%02x" for every vector, built once (this is on every EOI exit). */
    private static final List<String> VECTORS = IntStream.range(0, 256).mapToObj(IoApicTrace::format).toList();

    /** "vector 0x%02x". */
    static String vector(int vector) {
        return vector >= 0 && vector < VECTORS.size() ? VECTORS.get(vector) : format(vector);
    }

    private static String format(int vector) {
        return "vector 0x" + (vector < 0x10 ? "0" : "") + Integer.toHexString(vector);
    }

    static String bit(boolean b) {
        return b ? "1" : "0";
    }
}
