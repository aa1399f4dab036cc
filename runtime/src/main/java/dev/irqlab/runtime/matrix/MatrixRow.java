package dev.irqlab.runtime.matrix;

import dev.irqlab.runtime.scenario.Platform;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the forwarder x architecture x fix x guest-flow matrix.
 *
 * @param forwarder  the forwarder factory name ({@code platform.forwarder})
 * @param controller the physical controller factory name ({@code platform.controller})
 */
public record MatrixRow(String forwarder, String controller, Variant variant, GuestFlow flow) {

    /** The physical controllers of the matrix, in table order. */
    public static final List<String> CONTROLLERS = List.of("gicv2", "gicv3", "ioapic");

    /** A row with the scenario's default forwarder ({@link Platform#DEFAULT_FORWARDER}). */
    public MatrixRow(String controller, Variant variant, GuestFlow flow) {
        this(Platform.DEFAULT_FORWARDER, controller, variant, flow);
    }

    /** Every row with the default forwarder, controller-major, then variant, then flow (the order of the enums). */
    public static List<MatrixRow> all() {
        return all(List.of(Platform.DEFAULT_FORWARDER));
    }

    /** Every row, forwarder-major in the order given, then as {@link #all()}. */
    public static List<MatrixRow> all(List<String> forwarders) {
        List<MatrixRow> rows = new ArrayList<>();
        for (String fwd : forwarders) {
            for (String c : CONTROLLERS) {
                for (Variant v : Variant.values()) {
                    for (GuestFlow f : GuestFlow.values()) {
                        rows.add(new MatrixRow(fwd, c, v, f));
                    }
                }
            }
        }
        return List.copyOf(rows);
    }

    /**
     * {@code gicv3/none/oneshot-threaded}, prefixed by the forwarder when it is not the default
     * ({@code vfio-pci/gicv3/none/oneshot-threaded}): a name for reports and test displays.
     */
    public String id() {
        String id = controller + "/" + variant.label() + "/" + flow.label();
        return defaultForwarder() ? id : forwarder + "/" + id;
    }

    /** Whether the row's forwarder is the scenario default (the matrix's first table). */
    public boolean defaultForwarder() {
        return forwarder.equals(Platform.DEFAULT_FORWARDER);
    }
}
