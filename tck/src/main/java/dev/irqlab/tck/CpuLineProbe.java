package dev.irqlab.tck;

import dev.irqlab.api.controller.CpuIrqLine;

/** Records the level a controller drives onto a CPU's interrupt input. */
public final class CpuLineProbe implements CpuIrqLine {

    private boolean asserted;
    private int rises;

    @Override
    public void set(boolean level) {
        if (level && !asserted) {
            rises++;
        }
        asserted = level;
    }

    public boolean asserted() {
        return asserted;
    }

    /** Number of low-to-high transitions seen. */
    public int rises() {
        return rises;
    }
}
