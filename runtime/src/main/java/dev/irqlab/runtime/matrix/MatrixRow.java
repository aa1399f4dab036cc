package dev.irqlab.runtime.matrix;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the architecture x fix x guest-flow matrix.
 *
 * @param controller the physical controller factory name ({@code platform.controller})
 */
public record MatrixRow(String controller, Variant variant, GuestFlow flow) {

    /** The physical controllers of the matrix, in table order. */
    public static final List<String> CONTROLLERS = List.of("gicv2", "gicv3", "ioapic");

    /** Every row, controller-major, then variant, then flow (the order of the enums). */
    public static List<MatrixRow> all() {
        List<MatrixRow> rows = new ArrayList<>();
        for (String c : CONTROLLERS) {
            for (Variant v : Variant.values()) {
                for (GuestFlow f : GuestFlow.values()) {
                    rows.add(new MatrixRow(c, v, f));
                }
            }
        }
        return List.copyOf(rows);
    }

    /** {@code gicv3/none/oneshot-threaded}: a name for reports and test displays. */
    public String id() {
        return controller + "/" + variant.label() + "/" + flow.label();
    }
}
