package dev.irqlab.kvmlive.bench;

import dev.irqlab.kvmlive.sys.KvmDevice;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real interrupt round trip driven by a small native host ({@code kvm-roundtrip.c}, a resource of
 * this package): built with the machine's {@code gcc} on first use, run as its own process. The Java
 * live backend ({@code live.LiveBackend}) checks the irqchip's state at every exit and is several times
 * slower than a host that only drives the round trip; this one reaches the host twice per interrupt.
 * See the C file for what it plays (a vfio-pci INTx device on an IO-APIC pin, irqfd with resample,
 * Linux's ONESHOT or plain level flow in the guest).
 */
public final class NativeRoundTrip implements AutoCloseable {

    static final String SOURCE = "kvm-roundtrip.c";
    /** The exit status of the host when the machine cannot run it (its reason on stdout). */
    static final int SKIPPED = 2;

    private final Path binary;
    /** What {@link #build} created and {@link #close} removes: files first, then the folders it made. */
    private final List<Path> created;

    private NativeRoundTrip(Path binary, List<Path> created) {
        this.binary = binary;
        this.created = created;
    }

    /**
     * What one run of the native host measured.
     *
     * @param events     device events (round trips)
     * @param interrupts guest interrupts taken
     * @param spurious   those taken while the device had nothing
     * @param resamples  resamplefd signals
     * @param exits      exits that reached the host (two per interrupt, and the guest's "ready")
     * @param wallNs     wall time of all round trips
     * @param medianNs   the median round trip, from the device's assert to the last handler's end
     */
    public record Result(boolean oneshot, long events, long interrupts, long spurious, long resamples, long exits,
                         long wallNs, long medianNs) {
        /** Round trips per wall second. */
        public double perSecond() {
            return events / (wallNs / 1e9);
        }
    }

    /**
     * Why this machine cannot build or run the native host, or empty: the live backend's reasons
     * ({@link KvmDevice#unavailableReason}) and a missing {@code gcc}.
     */
    public static Optional<String> unavailableReason() {
        Optional<String> kvm = KvmDevice.unavailableReason();
        if (kvm.isPresent()) {
            return kvm;
        }
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                return Optional.of("gcc --version failed (exit " + p.exitValue() + ")");
            }
        } catch (IOException e) {
            return Optional.of("no gcc on the PATH to build the native host (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while looking for gcc");
        }
        return Optional.empty();
    }

    /**
     * Writes the C source into {@code dir} and builds the host there with {@code gcc -O2}; {@link #close}
     * removes the two files and {@code dir} if this call created it.
     */
    public static NativeRoundTrip build(Path dir) {
        List<Path> created = new ArrayList<>();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                created.add(dir);
            }
            Path source = dir.resolve(SOURCE);
            created.add(0, source);
            try (InputStream in = NativeRoundTrip.class.getResourceAsStream(SOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + SOURCE + " missing from the kvm-live jar");
                }
                Files.write(source, in.readAllBytes());
            }
            Path binary = dir.resolve("kvm-roundtrip");
            created.add(0, binary);
            String out = exec(List.of("gcc", "-O2", "-Wall", "-o", binary.toString(), source.toString()));
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException("gcc built no " + binary + ": " + out);
            }
            return new NativeRoundTrip(binary, List.copyOf(created));
        } catch (IOException | RuntimeException e) {
            // nothing half-written: a failed build leaves no files behind
            new NativeRoundTrip(null, List.copyOf(created)).close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Removes the source, the binary and the folder {@link #build} created. */
    @Override
    public void close() {
        try {
            for (Path p : created) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One run of {@code events} round trips, ONESHOT or plain level, on IO-APIC pin {@code pin}. */
    public Result run(boolean oneshot, long events, int pin) {
        String line = exec(List.of(binary.toString(), oneshot ? "oneshot" : "level", Long.toString(events),
                Integer.toString(pin))).strip();
        Map<String, String> kv = new HashMap<>();
        for (String pair : line.split(" ")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                kv.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        try {
            return new Result(oneshot, Long.parseLong(kv.get("events")), Long.parseLong(kv.get("interrupts")),
                    Long.parseLong(kv.get("spurious")), Long.parseLong(kv.get("resamples")),
                    Long.parseLong(kv.get("exits")), Long.parseLong(kv.get("wall_ns")),
                    Long.parseLong(kv.get("median_ns")));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalStateException("cannot read the native host's line: " + line, e);
        }
    }

    /** Runs a command; its output, or an exception naming the exit status and the output. */
    private static String exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc == SKIPPED) {
                throw new IllegalStateException(out.strip());
            }
            if (rc != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + rc + ": " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}
