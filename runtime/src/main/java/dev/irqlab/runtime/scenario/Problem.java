package dev.irqlab.runtime.scenario;

/**
 * One thing wrong with a scenario file, in the form compilers use so editors can jump to it.
 *
 * @param file    the source name given to the loader (the path as given for files)
 * @param line    1-based line
 * @param column  1-based column
 * @param key     dotted path of the offending key ({@code devices[0].interrupt.trigger}); empty for
 *                problems of the file as a whole (YAML syntax, unreadable file)
 * @param message what is wrong, usually {@code found 'x', allowed: a, b}
 */
public record Problem(String file, int line, int column, String key, String message) {

    /** {@code file:line:column: key: message}; the key part is left out when the key is empty. */
    @Override
    public String toString() {
        String where = (Location.isOption(file) ? file : file + ":" + line + ":" + column) + ": ";
        return key.isEmpty() ? where + message : where + key + ": " + message;
    }
}
