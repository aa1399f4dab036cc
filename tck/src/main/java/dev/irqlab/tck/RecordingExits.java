package dev.irqlab.tck;

import dev.irqlab.api.controller.ExitSink;
import dev.irqlab.api.hypervisor.ExitCause;
import java.util.ArrayList;
import java.util.List;

/** An {@link ExitSink} that records every exit a virtual controller reports. */
public final class RecordingExits implements ExitSink {

    /** One reported exit. */
    public record Exit(ExitCause cause, String detail) {
    }

    private final List<Exit> exits = new ArrayList<>();

    @Override
    public void exit(ExitCause cause, String detail) {
        exits.add(new Exit(cause, detail));
    }

    public List<Exit> all() {
        return List.copyOf(exits);
    }

    public long count(ExitCause cause) {
        return exits.stream().filter(e -> e.cause() == cause).count();
    }

    public void clear() {
        exits.clear();
    }
}
