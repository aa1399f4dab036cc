package dev.irqlab.runtime.scenario;

/** A place in a scenario file (1-based), so reports can point back at what the user wrote. */
public record Location(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
