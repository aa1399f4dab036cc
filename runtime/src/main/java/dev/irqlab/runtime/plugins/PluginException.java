package dev.irqlab.runtime.plugins;

import java.util.List;

/** Start-up refused: the plugins on the class path, or the combination a scenario chose, cannot run. */
public final class PluginException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final List<String> reasons;

    public PluginException(List<String> reasons) {
        super(String.join(System.lineSeparator(), reasons));
        this.reasons = List.copyOf(reasons);
    }

    public PluginException(String reason) {
        this(List.of(reason));
    }

    public List<String> reasons() {
        return reasons;
    }
}
