package dev.irqlab.genirq;

import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.MessageKeys;
import dev.irqlab.api.trace.StateKeys;
import dev.irqlab.api.trace.TextTable;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceName;
import java.util.Arrays;

/**
 * The trace points of one kernel's interrupt core: the model's replacement for {@code printk} and
 * the {@code irq_handler_entry}/{@code irq_handler_exit} trace events (include/trace/events/irq.h).
 * Every event carries the kernel's name as component: its handle, asked for once ({@code Trace.name}),
 * and each piece of an irq's state its key ({@code Trace.stateKey}), asked for the first time it changes.
 */
final class KernelTrace {

    /** The traced fields of an irq ({@code IrqDesc}'s), by their index in the irq's state keys. */
    static final int DEPTH = 0;
    static final int DISABLED = 1;
    static final int MASKED = 2;
    static final int AFFINITY = 3;
    static final int IRQ_COUNT = 4;
    static final int IRQS_UNHANDLED = 5;
    static final int IRQS_PENDING = 6;
    /** The field names of {@link #DEPTH} to {@link #IRQS_PENDING}, in that order. */
    private static final String[] IRQ_FIELDS = {"depth", "disabled", "masked", "affinity", "irq_count",
        "irqs_unhandled", "IRQS_PENDING"};

    private final Sim sim;
    private final String kernel;
    /** The kernel's name as the run's trace numbers it. */
    private final TraceName name;
    /** The state keys of each irq, by irq number. */
    private final StateKeys irqKeys;
    /** The keys of the messages it prints, each asked for the first time it is printed. */
    private final MessageKeys messageKeys;
    /**
     * "irq N (hwirq H)" (an IO-APIC's "irq N (pin P)") per mapped irq number, as /proc/interrupts pairs
     * the Linux irq with its controller's hwirq ({@link #mapped}); "irq N" for a number never mapped.
     * One string per irq, not per event.
     */
    private String[] irqSubjects = new String[0];
    /** "cpuN" per CPU number, built on first use. */
    private String[] cpuTracks = new String[0];
    /**
     * Span tracks as traced ({@code kernel + " " + track}) per track name, found by the name's identity
     * (a kernel has a track per CPU and per irq thread, each name built once), then by its text.
     */
    private final TextTable<String> tracedTracks;
    /**
     * Where state changes and spans go ({@code Trace.detailTrace}, asked once): null if the trace reads
     * none, and they are left out.
     */
    private final Trace detailTrace;
    /** Whether the trace reads state changes and spans. */
    private final boolean detail;

    KernelTrace(Sim sim, String kernel) {
        this.sim = sim;
        this.kernel = kernel;
        this.name = sim.trace().name(kernel);
        this.irqKeys = new StateKeys(sim.trace(), name, this::irqSubject, IRQ_FIELDS);
        this.messageKeys = new MessageKeys(sim.trace(), name);
        this.tracedTracks = new TextTable<>(track -> kernel + " " + track);
        this.detailTrace = sim.trace().detailTrace();
        this.detail = detailTrace != null;
    }

    /** Whether state changes and spans are traced: a caller may skip building their text when not. */
    boolean detail() {
        return detail;
    }

    String kernel() {
        return kernel;
    }

    long now() {
        return sim.now();
    }

    /** A change of {@code field} ({@link #DEPTH}, ...) of {@code irq}, if the trace reads detail. */
    void stateChanged(int irq, int field, String from, String to, String cause) {
        Trace t = detailTrace;
        if (t != null) {
            t.stateChanged(sim.now(), irqKeys.key(irq, field), from, to, cause);
        }
    }

    /**
     * A state change emitted even when the trace wants no detail: {@code note_interrupt}'s running
     * counts, which the metrics read ({@code note-interrupt.*}), as numbers (the trace writes them in
     * decimal).
     */
    void counterChanged(int irq, int field, int from, int to, String cause) {
        sim.trace().counterChanged(sim.now(), irqKeys.key(irq, field), from, to, cause);
    }

    /**
     * {@code irq} now stands for {@code hwirq} of the kernel's controller (irq_create_mapping), which
     * the controller's chip names ({@code "hwirq 40"}, an IO-APIC's {@code "pin 16"}).
     */
    void mapped(int irq, String hwirq) {
        if (irq < 0) {
            return;
        }
        if (irq >= irqSubjects.length) {
            irqSubjects = Arrays.copyOf(irqSubjects, Math.max(irq + 1, irqSubjects.length * 2));
        }
        irqSubjects[irq] = "irq " + irq + " (" + hwirq + ")";
        irqKeys.subjectChanged(irq);
    }

    private String irqSubject(int irq) {
        if (irq < 0) {
            return "irq " + irq;
        }
        if (irq >= irqSubjects.length) {
            irqSubjects = Arrays.copyOf(irqSubjects, Math.max(irq + 1, irqSubjects.length * 2));
        }
        String s = irqSubjects[irq];
        if (s == null) {
            s = "irq " + irq;
            irqSubjects[irq] = s;
        }
        return s;
    }

    /** The track name of a CPU's hard-irq context: "cpu" + cpu. */
    String cpuTrack(int cpu) {
        if (cpu < 0) {
            return "cpu" + cpu;
        }
        if (cpu >= cpuTracks.length) {
            cpuTracks = Arrays.copyOf(cpuTracks, Math.max(cpu + 1, cpuTracks.length * 2));
        }
        String s = cpuTracks[cpu];
        if (s == null) {
            s = "cpu" + cpu;
            cpuTracks[cpu] = s;
        }
        return s;
    }

    /** The traced name of {@code track}, built once per track. */
    private String track(String track) {
        return tracedTracks.get(track);
    }

    void irqFlow(int irq, String flow, FlowOutcome outcome) {
        sim.trace().irqFlow(sim.now(), name, irq, flow, outcome);
    }

    void handlerRan(int irq, String action, HandlerStage stage, IrqReturn result) {
        sim.trace().handlerRan(sim.now(), name, irq, action, stage, result);
    }

    void spanBegin(String track, String name) {
        Trace t = detailTrace;
        if (t != null) {
            t.spanBegin(sim.now(), this.name, track(track), name);
        }
    }

    void spanEnd(String track, String name) {
        Trace t = detailTrace;
        if (t != null) {
            t.spanEnd(sim.now(), this.name, track(track), name);
        }
    }

    /** The run's random stream {@code stream} of this kernel ({@code Sim.random}, seeded). */
    java.util.random.RandomGenerator random(String stream) {
        return sim.random(kernel + " " + stream);
    }

    /** A {@code printk}/{@code WARN} line with a stable key. */
    void message(String key, String text) {
        sim.trace().kernelMessage(sim.now(), messageKeys.key(key), text);
    }
}
