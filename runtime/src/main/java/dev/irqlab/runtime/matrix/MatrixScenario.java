package dev.irqlab.runtime.matrix;

/**
 * A matrix row as scenario text, in the language users write: the matrix runs nothing a scenario
 * file could not express.
 */
public final class MatrixScenario {

    private MatrixScenario() {
    }

    /** The source name the loader is given, e.g. {@code matrix/gicv3/none/oneshot-threaded.yaml}. */
    public static String sourceName(MatrixRow row) {
        return "matrix/" + row.id() + ".yaml";
    }

    /** The scenario YAML of a row. */
    public static String yaml(MatrixRow row, MatrixSettings settings) {
        GuestFlow f = row.flow();
        String forwarding = row.variant().forwarding().orElse(f.forwarding());
        return "name: matrix " + row.id() + "\n"
                + "seed: " + settings.seed() + "\n"
                + "run: {duration: " + settings.durationNs() + "ns, drain: " + settings.drainNs() + "ns}\n"
                + "platform:\n"
                + "  controller: " + row.controller() + "\n"
                + "fix: " + row.variant().fixName() + "\n"
                + "devices:\n"
                + "  - name: dev\n"
                + "    model: " + f.model() + "\n"
                + "    interrupt: {line: 8, trigger: " + f.trigger() + "}\n"
                + "    forwarding: " + forwarding + "\n"
                + "    driver: {name: " + f.driver() + ", flow: " + f.label() + "}\n"
                + "    workload: {start: " + settings.startNs() + "ns, period: " + settings.periodNs() + "ns, count: "
                + settings.events() + "}\n";
    }
}
