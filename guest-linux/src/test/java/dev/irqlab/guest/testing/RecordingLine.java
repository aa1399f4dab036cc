package dev.irqlab.guest.testing;

import dev.irqlab.api.irq.LineSink;
import java.util.ArrayList;
import java.util.List;

/** A wire end that remembers every {@link LineSink#set} call. */
public final class RecordingLine implements LineSink {

    private final List<Boolean> sets = new ArrayList<>();

    @Override
    public void set(boolean high) {
        sets.add(high);
    }

    public List<Boolean> sets() {
        return List.copyOf(sets);
    }

    public boolean level() {
        return !sets.isEmpty() && sets.get(sets.size() - 1);
    }
}
