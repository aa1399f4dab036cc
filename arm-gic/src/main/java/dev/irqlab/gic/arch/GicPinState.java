package dev.irqlab.gic.arch;

import dev.irqlab.api.controller.PinState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The state of one GIC or vGIC interrupt, in the manual's / KVM's vocabulary. */
public record GicPinState(String summary, Map<String, String> fields) implements PinState {
    public GicPinState {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
