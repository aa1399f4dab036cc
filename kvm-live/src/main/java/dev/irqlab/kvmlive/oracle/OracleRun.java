package dev.irqlab.kvmlive.oracle;

import dev.irqlab.kvmlive.sys.KvmDevice;
import dev.irqlab.runtime.engine.Simulation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The long oracle run: {@code count} random sequences from {@code seed}, each on a fresh VM of this
 * machine's KVM and a fresh model, every disagreement shrunk to a minimal sequence and grouped by
 * its shrunk form; exit status 1 when any disagrees (each one found so far is a model rule that
 * was fixed and is recorded in the tests' {@code RecordedCases}). {@code java ... OracleRun [count] [seed] [features]}, features a comma list of
 * {@code spiv}, {@code lowest-prio} (default: both).
 */
public final class OracleRun {

    private OracleRun() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
        String features = args.length > 2 ? args[2] : "";
        Optional<String> why = KvmDevice.unavailableReason();
        if (why.isPresent()) {
            System.out.println("skipped: " + why.get());
            System.exit(2);
        }
        OpGenerator gen = OpGenerator.withFeatures(features);
        try (KvmDevice kvm = KvmDevice.open()) {
            Differential diff = differential(kvm, gen.vcpus());
            Random r = new Random(seed);
            Map<String, Integer> distinct = new LinkedHashMap<>();
            int bad = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                List<Op> ops = gen.sequence(r);
                Optional<Divergence> d = diff.firstDivergence(ops);
                if (d.isPresent()) {
                    bad++;
                    String shrunk = diff.shrink(d.get()).describe();
                    if (!distinct.containsKey(shrunk)) {
                        System.out.println("sequence " + i + ": " + shrunk);
                    }
                    distinct.merge(shrunk, 1, Integer::sum);
                }
            }
            System.out.printf("%d sequences (seed %d, features [%s]) against %s in %.1f s: %d agree, %d disagree"
                    + " (%d distinct minimal sequences)%n",
                    count, seed, features, dev.irqlab.kvmlive.host.HostKvm.detect().describe(), (System.nanoTime() - t0) / 1e9,
                    count - bad, bad, distinct.size());
            System.exit(bad == 0 ? 0 : 1);
        }
    }

    /** Kernel and model subjects with {@code vcpus} local APICs; the model as Linux 6.3+ (resample on unmask). */
    public static Differential differential(KvmDevice kvm, int vcpus) {
        return new Differential(() -> new KvmIrqchip(kvm, vcpus),
                () -> new ModelIrqchip(new Simulation(1L, e -> { }), vcpus, true));
    }
}
