package dev.irqlab.runtime.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The interrupt flow a guest driver requests ({@code GuestDriverContext.flow}): a plain edge
 * handler, a level handler, or a threaded handler with {@code IRQF_ONESHOT}
 * (kernel/irq/manage.c {@code request_threaded_irq}).
 */
public enum DriverFlow {
    EDGE("edge"),
    LEVEL("level"),
    ONESHOT_THREADED("oneshot-threaded");

    private final String label;

    DriverFlow(String label) {
        this.label = label;
    }

    /** The spelling in scenario files and in {@code GuestDriverContext.flow}. */
    public String label() {
        return label;
    }

    public static Optional<DriverFlow> fromLabel(String label) {
        return Arrays.stream(values()).filter(f -> f.label.equals(label)).findFirst();
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(DriverFlow::label).toList();
    }
}
