package dev.irqlab.runtime.plugins;

import dev.irqlab.api.plugin.Refusal;
import java.util.List;

/** Start-up refused: the plugins on the class path, or the combination a scenario chose, cannot run. */
public final class PluginException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient List<String> reasons;
    private final transient List<Refusal> refusals;

    public PluginException(List<String> reasons) {
        this(reasons, reasons.stream().map(Refusal::of).toList());
    }

    /** Reasons as sentences and, for validation, each with the scenario key it concerns. */
    public PluginException(List<String> reasons, List<Refusal> refusals) {
        super(String.join(System.lineSeparator(), reasons));
        this.reasons = List.copyOf(reasons);
        this.refusals = List.copyOf(refusals);
    }

    public PluginException(String reason) {
        this(List.of(reason));
    }

    public List<String> reasons() {
        return reasons;
    }

    /** The reasons with the scenario key each concerns (empty path: the combination as a whole). */
    public List<Refusal> refusals() {
        return refusals;
    }
}
