package dev.irqlab.runtime.matrix;

/**
 * A matrix row as scenario text, in the language users write: the matrix runs nothing a scenario
 * file could not express.
 */
public final class MatrixScenario {

    private MatrixScenario() {
    }

    /** The source name the loader is given, e.g. {@code matrix/gicv3/none/oneshot-threaded.yaml}. */
    public static String sourceName(MatrixRow row) {
        return "matrix/" + row.id() + ".yaml";
    }

    /**
     * The KVM the fixes are compared against: before any of them, and with the irqfd resampler told at
     * every guest EOI. KVM's IO-APIC defaults to the newest modelled kernel (kvm-version linux-6.3),
     * which has resample-on-unmask merged, so the IO-APIC rows select linux-6.2. The vGIC defaults to
     * linux-6.19, whose GICv3 fold notifies only a deactivation KVM saw active (a plain level flow
     * acknowledged and EOIed without an exit is never resampled), so the GIC rows select linux-6.18.
     */
    static String unfixedKvm(String controller) {
        return "config:\n  virtual-controller: {kvm-version: " + (controller.equals("ioapic") ? "linux-6.2" : "linux-6.18")
                + "}\n";
    }

    /** The virtual controller the hypervisor chooses for the host controller, named because it is configured. */
    static String virtualController(String controller) {
        String vic = switch (controller) {
            case "ioapic" -> "kvm-ioapic";
            case "gicv2" -> "vgic-v2";
            default -> "vgic-v3";
        };
        return "  virtual-controller: " + vic + "\n";
    }

    /** The scenario YAML of a row with the platform device of its flow ({@link MatrixDevice#platform}). */
    public static String yaml(MatrixRow row, MatrixSettings settings) {
        return yaml(row, settings, MatrixDevice.platform(row.flow()));
    }

    /**
     * The scenario YAML of a row with the given device; {@code platform.forwarder} is written only
     * when it is not the default, so that a default row's text is what it always was.
     */
    public static String yaml(MatrixRow row, MatrixSettings settings, MatrixDevice device) {
        GuestFlow f = row.flow();
        String forwarding = row.variant().forwarding().orElse(f.forwarding());
        return "name: matrix " + row.id() + "\n"
                + "seed: " + settings.seed() + "\n"
                + "run: {duration: " + settings.durationNs() + "ns, drain: " + settings.drainNs() + "ns}\n"
                + "platform:\n"
                + "  controller: " + row.controller() + "\n"
                + virtualController(row.controller())
                + (row.defaultForwarder() ? "" : "  forwarder: " + row.forwarder() + "\n")
                + "fix: " + row.variant().fixName() + "\n"
                + unfixedKvm(row.controller())
                + "devices:\n"
                + "  - name: dev\n"
                + "    model: " + device.model() + "\n"
                + "    interrupt: {line: " + device.line() + ", trigger: " + device.trigger() + "}\n"
                + "    forwarding: " + forwarding + "\n"
                + "    driver: {name: " + device.driver() + ", flow: " + f.label() + "}\n"
                + "    workload: {start: " + settings.startNs() + "ns, period: " + settings.periodNs() + "ns, count: "
                + settings.events() + "}\n";
    }
}
