package dev.irqlab.kvmlive.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The live host's kernel version and KVM flavour: {@code /proc/sys/kernel/osrelease}, and the vendor
 * module found in {@code /sys/module} or {@code /proc/modules} ({@code kvm_pvm} first: PVM can be
 * loaded next to {@code kvm_intel}/{@code kvm_amd}, and then it is the one a VM without a vendor
 * choice gets on this host).
 *
 * @param kernelRelease  {@code uname -r}
 * @param flavour        the vendor module
 * @param evidence       where the flavour was seen
 */
public record HostKvm(String kernelRelease, KvmFlavour flavour, List<String> evidence) {

    public HostKvm {
        evidence = List.copyOf(evidence);
    }

    public static HostKvm detect() {
        return detect(Path.of("/"));
    }

    /** Detection below {@code root} (tests point it at a fake tree). */
    public static HostKvm detect(Path root) {
        String release = read(root.resolve("proc/sys/kernel/osrelease")).trim();
        String modules = read(root.resolve("proc/modules"));
        List<String> evidence = new ArrayList<>();
        KvmFlavour found = KvmFlavour.UNKNOWN;
        for (KvmFlavour f : List.of(KvmFlavour.KVM_PVM, KvmFlavour.KVM_INTEL, KvmFlavour.KVM_AMD)) {
            boolean sys = Files.isDirectory(root.resolve("sys/module/" + f.module()));
            boolean proc = modules.lines().anyMatch(l -> l.startsWith(f.module() + " "));
            if (sys) {
                evidence.add("/sys/module/" + f.module());
            }
            if (proc) {
                evidence.add("/proc/modules: " + f.module());
            }
            if ((sys || proc) && found == KvmFlavour.UNKNOWN) {
                found = f;
            }
        }
        return new HostKvm(release.isEmpty() ? "unknown" : release, found, evidence);
    }

    /** The kernel's major.minor, e.g. 6.18 for "6.18.44-fc-v782"; {@code [0, 0]} when unreadable. */
    public int[] version() {
        String[] p = kernelRelease.split("[.-]");
        try {
            return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
        } catch (RuntimeException e) {
            return new int[] {0, 0};
        }
    }

    /** Linux 6.3+ resamples a pending level irq on unmask (commit fef8f2b90edb). */
    public boolean resampleOnUnmask() {
        return atLeast(6, 3);
    }

    /**
     * Linux 6.15+ rescans a vCPU after the EOI of a vector it intercepts only for an earlier routing
     * (arch/x86/kvm/lapic.c kvm_ioapic_send_eoi, {@code highest_stale_pending_ioapic_eoi}).
     */
    public boolean rescansStaleIoapicEoi() {
        return atLeast(6, 15);
    }

    private boolean atLeast(int major, int minor) {
        int[] v = version();
        return v[0] > major || (v[0] == major && v[1] >= minor);
    }

    public String describe() {
        return "kernel " + kernelRelease + ", KVM " + flavour.module();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
