package dev.irqlab.ioapic;

import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.MessageKeys;
import dev.irqlab.api.trace.StateKeys;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceName;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The trace output of one IO-APIC (physical or KVM's): its pins' bit changes and its kernel messages,
 * under the IO-APIC's name as the run's trace numbers it, each pin's field by its state key (asked
 * for the first time it changes).
 */
final class IoApicTrace {

    /** A pin's traced fields, by their index in the pin's state keys. */
    static final int MASKED = 0;
    static final int REMOTE_IRR = 1;
    static final int LINE = 2;
    static final int IRR = 3;
    static final int ACK_PENDING = 4;
    static final int MSI_ROUTE = 5;
    /** The field names of {@link #MASKED} to {@link #MSI_ROUTE}, in that order. */
    private static final String[] PIN_FIELDS = {"masked", "remote_irr", "line", "irr", "ack_pending", "msi_route"};

    private final Sim sim;
    private final TraceName name;
    /** The keys of each pin's fields. */
    private final StateKeys pinKeys;
    /** The keys of the messages it prints, each asked for the first time it is printed. */
    private final MessageKeys messageKeys;
    /** Where state changes go ({@code Trace.detailTrace}, asked once): null if the trace reads none. */
    private final Trace detailTrace;
    /** Whether the trace reads state changes; else they are left out. */
    private final boolean detail;

    IoApicTrace(Sim sim, String name) {
        this.sim = sim;
        this.name = sim.trace().name(name);
        this.pinKeys = new StateKeys(sim.trace(), this.name, IoApicTrace::pinSubject, PIN_FIELDS);
        this.messageKeys = new MessageKeys(sim.trace(), this.name);
        this.detailTrace = sim.trace().detailTrace();
        this.detail = detailTrace != null;
    }

    /** Whether state changes are traced: a caller may skip building a cause's text when not. */
    boolean detail() {
        return detail;
    }

    /** A change of {@code field} ({@link #MASKED}, ...) of {@code pin}, if the trace reads detail. */
    void emit(int pin, int field, String from, String to, String cause) {
        Trace t = detailTrace;
        if (t != null) {
            t.stateChanged(sim.now(), pinKeys.key(pin, field), from, to, cause);
        }
    }

    void message(String key, String text) {
        sim.trace().kernelMessage(sim.now(), messageKeys.key(key), text);
    }

    /** "pin N". */
    private static String pinSubject(int pin) {
        return pin >= 0 && pin < PIN_SUBJECTS.size() ? PIN_SUBJECTS.get(pin) : "pin " + pin;
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

    /** "kvm_set_irq source N" for each IRQ source id (a bit of a pin's irq state, a long), built once. */
    private static final List<String> SOURCES = IntStream.range(0, Long.SIZE)
        .mapToObj(id -> "kvm_set_irq source " + id).toList();

    /** The cause of a pin's line change by {@code kvm_set_irq} from IRQ source {@code sourceId}. */
    static String kvmSetIrqCause(int sourceId) {
        return sourceId >= 0 && sourceId < SOURCES.size() ? SOURCES.get(sourceId) : "kvm_set_irq source " + sourceId;
    }

    static String bit(boolean b) {
        return b ? "1" : "0";
    }
}
