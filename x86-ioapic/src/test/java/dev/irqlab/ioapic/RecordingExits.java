package dev.irqlab.ioapic;

import dev.irqlab.api.controller.ExitSink;
import dev.irqlab.api.hypervisor.ExitCause;
import java.util.ArrayList;
import java.util.List;

/** Records every exit a virtual controller reports, as "label:detail". */
final class RecordingExits implements ExitSink {

    private final List<String> exits = new ArrayList<>();

    @Override
    public void exit(ExitCause cause, String detail) {
        exits.add(cause.label() + ":" + detail);
    }

    List<String> all() {
        return List.copyOf(exits);
    }

    long count(ExitCause cause) {
        return exits.stream().filter(e -> e.startsWith(cause.label() + ":")).count();
    }

    void clear() {
        exits.clear();
    }
}
