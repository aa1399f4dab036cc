package dev.irqlab.runtime.scenario;

/** A place in a scenario file (1-based), so reports can point back at what the user wrote. */
public record Location(String file, int line, int column) {
    /** {@code file:line:column}, or the option alone for a value given on the command line. */
    @Override
    public String toString() {
        return isOption(file) ? file : file + ":" + line + ":" + column;
    }

    /** A source that is a command-line option ({@code --set path=value}), which has no lines. */
    static boolean isOption(String source) {
        return source.startsWith("--");
    }
}
