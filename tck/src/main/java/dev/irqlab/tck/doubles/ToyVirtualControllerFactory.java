package dev.irqlab.tck.doubles;

import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.plugin.VirtualControllerContext;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link ToyVirtualController}s and keeps each one it built, with its context, for assertions. */
public final class ToyVirtualControllerFactory implements VirtualControllerFactory {

    private final int pins;
    private final ToyVirtualController.Style style;
    private final boolean maskNotifiers;
    private final List<ToyVirtualController> built = new ArrayList<>();
    private final List<VirtualControllerContext> contexts = new ArrayList<>();

    public ToyVirtualControllerFactory(int pins, ToyVirtualController.Style style, boolean maskNotifiers) {
        this.pins = pins;
        this.style = style;
        this.maskNotifiers = maskNotifiers;
    }

    @Override
    public VirtualInterruptController create(VirtualControllerContext context) {
        ToyVirtualController c = new ToyVirtualController(context, pins, style, maskNotifiers);
        built.add(c);
        contexts.add(context);
        return c;
    }

    /** Every controller built so far. */
    public List<ToyVirtualController> built() {
        return List.copyOf(built);
    }

    /** The contexts they were built from. */
    public List<VirtualControllerContext> contexts() {
        return List.copyOf(contexts);
    }
}
