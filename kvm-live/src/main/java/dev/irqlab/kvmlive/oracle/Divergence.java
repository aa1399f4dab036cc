package dev.irqlab.kvmlive.oracle;

import java.util.List;

/**
 * The first step after which the kernel and the model disagree.
 *
 * @param ops    the sequence up to and including the diverging step
 * @param kernel the kernel's state after it
 * @param model  the model's state after it, or null when the model threw
 * @param modelError what the model threw, or null
 */
public record Divergence(List<Op> ops, Snapshot kernel, Snapshot model, String modelError) {

    public Divergence {
        ops = List.copyOf(ops);
    }

    public String describe() {
        StringBuilder b = new StringBuilder("kernel and model disagree after step " + ops.size() + " of:\n");
        for (int i = 0; i < ops.size(); i++) {
            b.append(String.format("  %2d. %s%n", i + 1, ops.get(i)));
        }
        if (model == null) {
            return b.append("  the model threw ").append(modelError).append('\n')
                    .append("  kernel state: irr 0x").append(Integer.toHexString(kernel.irr())).append(' ')
                    .append(kernel.lapics()).append('\n').toString();
        }
        return b.append(kernel.differences(model, "kernel", "model")).toString();
    }
}
