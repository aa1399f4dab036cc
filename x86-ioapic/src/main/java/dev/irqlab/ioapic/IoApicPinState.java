package dev.irqlab.ioapic;

import dev.irqlab.api.controller.PinState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of one IO-APIC pin: its redirection entry fields plus the input side ({@code line}:
 * the wire level, {@code irr}: the pending bit — KVM's {@code ioapic->irr}, or for the physical
 * IO-APIC the asserted level of a level pin).
 */
public record IoApicPinState(int pin, RedirectionEntry entry, boolean line, boolean irr) implements PinState {

    @Override
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(entry.masked() ? "masked" : "unmasked");
        s.append(entry.level() ? " level" : " edge");
        if (irr) {
            s.append(" irr");
        }
        if (entry.remoteIrr()) {
            s.append(" remote-irr");
        }
        return s.toString();
    }

    @Override
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>(entry.fields());
        m.put("line", line ? "1" : "0");
        m.put("irr", irr ? "1" : "0");
        return m;
    }
}
