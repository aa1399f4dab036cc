package dev.irqlab.runtime.output;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The output files of one command, made safe: every target is checked before anything runs (not an
 * input, not named twice, its directory there and writable — with the operating system's reason),
 * and written to a temporary file beside it that replaces the target only when {@link #commit()}
 * is called after the whole output is complete. {@link #close()} without a commit deletes the
 * temporary files, so a failed or interrupted run leaves every earlier file as it was and no
 * half-written one. A target of {@code -} is the standard output, written directly.
 */
public final class OutputFiles implements AutoCloseable {

    /** The spelling of standard input and output in file options. */
    public static final String STDIO = "-";

    /** One file option: its name for messages ({@code --json}) and what was written after it. */
    public record Target(String option, String path) {
    }

    /** A file the command reads, which no output may replace: {@code SCENARIO}, {@code workload.file}. */
    public record Input(String what, Path path) {
    }

    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final OutputStream stdout;
    private final Thread cleanup;
    private volatile boolean committed;
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);

    private static final class Pending {
        final Path target;
        final Path temp;
        OutputStream stream;

        Pending(Path target, Path temp) {
            this.target = target;
            this.temp = temp;
        }
    }

    private OutputFiles(OutputStream stdout) {
        this.stdout = stdout;
        this.cleanup = new Thread(this::cleanUpAtExit, "irqlab output clean-up");
    }

    /**
     * Checks every target and creates its temporary file.
     *
     * @param stdout where {@code -} writes
     * @throws OutputException naming the option and the reason, before any file is created or
     *                         changed (temporary files created for earlier targets are removed)
     */
    public static OutputFiles prepare(List<Input> inputs, List<Target> targets, OutputStream stdout) {
        OutputFiles files = new OutputFiles(stdout);
        try {
            check(inputs, targets);
            for (Target t : targets) {
                if (!t.path().equals(STDIO)) {
                    Path target = Path.of(t.path()).toAbsolutePath().normalize();
                    files.pending.put(t.option(), new Pending(target, createTemp(t, target)));
                }
            }
        } catch (OutputException e) {
            files.deleteTemps();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(files.cleanup);
        return files;
    }

    private static void check(List<Input> inputs, List<Target> targets) {
        Map<Path, String> seen = new LinkedHashMap<>();
        String stdoutBy = null;
        for (Target t : targets) {
            if (t.path().equals(STDIO)) {
                if (stdoutBy != null) {
                    throw new OutputException(t.option() + ": standard output (-) is already the target of "
                            + stdoutBy + "; at most one output can go there");
                }
                stdoutBy = t.option();
                continue;
            }
            if (t.path().isEmpty()) {
                throw new OutputException(t.option() + ": found an empty file name");
            }
            Path target;
            try {
                target = Path.of(t.path()).toAbsolutePath().normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw new OutputException(t.option() + ": '" + t.path() + "' is not a file name: " + e.getReason());
            }
            for (Input in : inputs) {
                if (in.path() != null && same(target, in.path())) {
                    throw new OutputException(t.option() + ": '" + t.path() + "' is the " + in.what()
                            + "; writing it would destroy the input");
                }
            }
            for (Map.Entry<Path, String> other : seen.entrySet()) {
                if (same(target, other.getKey())) {
                    throw new OutputException(t.option() + ": '" + t.path() + "' is also the file of "
                            + other.getValue() + "; give each output its own file");
                }
            }
            seen.put(target, t.option());
            if (Files.isDirectory(target)) {
                throw new OutputException(t.option() + ": '" + t.path() + "' is a directory; give a file name");
            }
            Path dir = target.getParent();
            if (!Files.exists(dir)) {
                throw new OutputException(t.option() + ": cannot write '" + t.path() + "': directory '" + dir
                        + "' does not exist");
            }
            if (!Files.isDirectory(dir)) {
                throw new OutputException(t.option() + ": cannot write '" + t.path() + "': '" + dir
                        + "' is not a directory");
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target)) {
                throw new OutputException(t.option() + ": '" + t.path() + "' exists and is not a regular file "
                        + "(a device, FIFO or socket); give a file name or - for standard output");
            }
        }
    }

    /** Two paths name one file: equal when normalised, or the same file (links) when both exist. */
    private static boolean same(Path a, Path b) {
        Path na = a.toAbsolutePath().normalize();
        Path nb = b.toAbsolutePath().normalize();
        if (na.equals(nb)) {
            return true;
        }
        try {
            return Files.exists(na) && Files.exists(nb) && Files.isSameFile(na, nb);
        } catch (IOException e) {
            return false;
        }
    }

    private static Path createTemp(Target t, Path target) {
        try {
            Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".irqlab-tmp");
            inheritPermissions(target, temp);
            return temp;
        } catch (IOException e) {
            throw new OutputException(t.option() + ": cannot write '" + t.path() + "': " + reason(e));
        }
    }

    /** A new file gets rw-r--r-- (the temporary file was made owner-only); a replaced one keeps its mode. */
    private static void inheritPermissions(Path target, Path temp) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        if (Files.isRegularFile(target)) {
            view.setPermissions(Files.getPosixFilePermissions(target));
        } else {
            view.setPermissions(PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** The operating system's reason for a failed file operation, as its C library words it. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /**
     * The stream to write an option's output to: its temporary file, or standard output (which
     * closing flushes but does not close).
     */
    public OutputStream open(String option) {
        Pending p = pending.get(option);
        if (p == null) {
            return new FilterOutputStream(stdout) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }
        try {
            p.stream = new BufferedOutputStream(Files.newOutputStream(p.temp), 1 << 16);
            return p.stream;
        } catch (IOException e) {
            throw new OutputException(option + ": cannot write '" + p.target + "': " + reason(e));
        }
    }

    /** Whether the option writes to a file (not standard output). */
    public Optional<Path> target(String option) {
        return Optional.ofNullable(pending.get(option)).map(p -> p.target);
    }

    /**
     * Puts every complete output in place: each temporary file replaces its target. Call it after
     * every writer is closed.
     *
     * @throws OutputException when a rename fails (the remaining temporary files are removed)
     */
    public void commit() {
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            try {
                try {
                    Files.move(p.temp, p.target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.AtomicMoveNotSupportedException notAtomic) {
                    Files.move(p.temp, p.target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException io) {
                failed.add(e.getKey() + ": cannot write '" + p.target + "': " + reason(io));
            }
        }
        committed = true;
        deleteTemps();
        unhook();
        if (!failed.isEmpty()) {
            throw new OutputException(String.join("; ", failed));
        }
    }

    /** Removes the temporary files that were not committed; targets stay as they were. */
    @Override
    public void close() {
        if (!committed) {
            deleteTemps();
        }
        unhook();
    }

    /**
     * At JVM shutdown (Ctrl-C, SIGTERM): a command that stops gracefully gets time to finish its
     * outputs and commit; whatever is not committed then is removed.
     */
    private void cleanUpAtExit() {
        try {
            finished.await(GRACE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!committed) {
            deleteTemps();
        }
    }

    /** How long a shutdown waits for the command to complete its outputs. */
    static final int GRACE_SECONDS = 60;

    private void unhook() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNotHooked) {
            // the hook runs (or ran) itself
        }
    }

    private void deleteTemps() {
        for (Pending p : pending.values()) {
            try {
                if (p.stream != null) {
                    p.stream.close();
                }
            } catch (IOException ignored) {
                // the file is removed below
            }
            try {
                Files.deleteIfExists(p.temp);
            } catch (IOException ignored) {
                // nothing more can be done for a temporary file that cannot be removed
            }
        }
    }
}
