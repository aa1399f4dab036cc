package dev.irqlab.runtime.output;

/**
 * An output file the command cannot write, found before the run (or when putting the finished
 * outputs in place): the message starts with the option ({@code --json: ...}) and gives the reason.
 */
public final class OutputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public OutputException(String message) {
        super(message);
    }
}
