package dev.irqlab.api.plugin;

/**
 * A plugin's reason not to serve a scenario, with the scenario key it concerns so the user is sent
 * to the right line ({@code fix}, {@code platform.virtual-controller}, {@code devices[0].interrupt.line},
 * {@code config.kernel.hz}). An empty path means the combination as a whole.
 *
 * @param path    the dotted key path in the scenario, {@code devices[i]} for a device's entries
 * @param message a complete sentence with the allowed values or range
 */
public record Refusal(String path, String message) {

    /** A refusal of the combination as a whole. */
    public static Refusal of(String message) {
        return new Refusal("", message);
    }
}
