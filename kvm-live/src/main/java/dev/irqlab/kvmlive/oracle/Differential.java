package dev.irqlab.kvmlive.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs one sequence of {@link Op}s on a fresh kernel irqchip and a fresh model, compares their
 * {@link Snapshot}s after every step, and shrinks a disagreeing sequence to a minimal one.
 *
 * <p>Both start from the kernel's reset state: the model is loaded with the kernel's
 * {@code KVM_GET_IRQCHIP} before the first step (KVM resets every entry to "masked, all else 0",
 * ioapic.c {@code kvm_ioapic_reset}).
 */
public final class Differential {

    private final Supplier<IrqchipSubject> kernel;
    private final Supplier<IrqchipSubject> model;

    public Differential(Supplier<IrqchipSubject> kernel, Supplier<IrqchipSubject> model) {
        this.kernel = kernel;
        this.model = model;
    }

    /** The first disagreement, or empty when every step agrees. */
    public Optional<Divergence> firstDivergence(List<Op> ops) {
        try (IrqchipSubject k = kernel.get(); IrqchipSubject m = model.get()) {
            m.setIoapic(k.entries(), k.irr());
            Snapshot ks = Snapshot.of(k, null);
            Snapshot ms = Snapshot.of(m, null);
            if (!ks.equals(ms)) {
                return Optional.of(new Divergence(List.of(), ks, ms, null));
            }
            for (int i = 0; i < ops.size(); i++) {
                Op op = ops.get(i);
                ks = Snapshot.of(k, op.applyTo(k));
                try {
                    ms = Snapshot.of(m, op.applyTo(m));
                } catch (RuntimeException e) {
                    return Optional.of(new Divergence(ops.subList(0, i + 1), ks, null, e.toString()));
                }
                if (!ks.equals(ms)) {
                    return Optional.of(new Divergence(ops.subList(0, i + 1), ks, ms, null));
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Shrinks a disagreeing sequence: cut after the diverging step, then drop single steps while the
     * sequence still disagrees (greedy, to a 1-minimal sequence).
     */
    public Divergence shrink(Divergence d) {
        Divergence best = d;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < best.ops().size(); i++) {
                List<Op> shorter = new ArrayList<>(best.ops());
                shorter.remove(i);
                Optional<Divergence> again = firstDivergence(shorter);
                if (again.isPresent()) {
                    best = again.get();
                    progress = true;
                    break;
                }
            }
        }
        return best;
    }
}
