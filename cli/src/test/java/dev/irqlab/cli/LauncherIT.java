package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code irqlab} launcher script as a user runs it, in a temporary copy of the repository's
 * layout (the script, {@code cli/target/irqlab.jar} as {@code mvn package} built it, one scenario),
 * on the JDK running this test ({@code JAVA_HOME}): the start-up archive made on first use and used
 * after, made again for a rebuilt jar, no archive where none can be written, {@code JAVA_OPTS}
 * honoured. A failsafe test: it needs the packaged jar.
 */
class LauncherIT {

    private static final String SCENARIO = "elan-i2c-invalid-report-arm64-gicv3.yaml";
    private static final String PREPARING = "irqlab: preparing the start-up archive for JDK ";

    @TempDir
    Path root;

    private Path jar;

    @BeforeEach
    void copyLayout() throws IOException {
        Path launcher = root.resolve("irqlab");
        Files.copy(Path.of(System.getProperty("irqlab.launcher")), launcher);
        jar = root.resolve("cli/target/irqlab.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(Path.of(System.getProperty("irqlab.jar")), jar);
        Files.createDirectories(root.resolve("scenarios"));
        Files.copy(Path.of(System.getProperty("irqlab.scenarios"), SCENARIO), root.resolve("scenarios/" + SCENARIO));
    }

    @Test
    @DisplayName("the first run makes the start-up archive, the next ones load their classes from it")
    void archiveMadeOnceThenUsed() throws Exception {
        Run first = launch(Map.of(), "run", "scenarios/" + SCENARIO);

        assertEquals(0, first.status, first.transcript());
        assertTrue(first.out.endsWith("verdict: PASS (4 expectations met)\n"), first.transcript());
        assertTrue(first.err.startsWith(PREPARING) && first.err.endsWith(" (once per build)...\n")
                && first.err.lines().count() == 1, first.transcript());
        Path archive = onlyArchive();
        FileTime made = Files.getLastModifiedTime(archive);

        Path classes = root.resolve("classes.log");
        Run second = launch(Map.of("IRQLAB_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes),
                "run", "scenarios/" + SCENARIO);

        assertEquals(0, second.status, second.transcript());
        assertEquals("", second.err, "no message, no JVM warning\n" + second.transcript());
        assertEquals(first.out, second.out);
        assertEquals(made, Files.getLastModifiedTime(archive), "the archive is kept");
        String log = Files.readString(classes);
        assertTrue(log.contains("dev.irqlab.cli.RunCommand source: shared objects file"),
                "the command's classes come from the archive:\n" + log.lines().filter(l -> l.contains("dev.irqlab.cli"))
                        .toList());
        assertEquals(List.of(), log.lines().filter(l -> l.contains(" dev.irqlab.")
                && !l.contains("source: shared objects file")).toList(), "every irqlab class (lambdas too) is archived");
    }

    @Test
    @DisplayName("a jar newer than the archive (rebuilt) gets a new archive")
    void rebuiltJarGetsNewArchive() throws Exception {
        assertEquals(0, launch(Map.of(), "plugins").status);
        Path archive = onlyArchive();
        // as if the jar had been rebuilt after the archive was made
        Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));

        Run r = launch(Map.of(), "validate", "scenarios/" + SCENARIO);

        assertEquals(0, r.status, r.transcript());
        assertTrue(r.err.startsWith(PREPARING), r.transcript());
        assertEquals(archive, onlyArchive());
        assertTrue(Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0,
                "the new archive is newer than the jar");
    }

    @Test
    @DisplayName("where no archive can be written the command runs without one, silently")
    void noWritableFolderNoArchive() throws Exception {
        // /proc refuses a new folder even to root, as a read-only file system would
        Run r = launch(Map.of("IRQLAB_CACHE_DIR", "/proc/irqlab-archive"), "run", "scenarios/" + SCENARIO);

        assertEquals(0, r.status, r.transcript());
        assertEquals("", r.err, r.transcript());
        assertTrue(r.out.endsWith("verdict: PASS (4 expectations met)\n"), r.transcript());
        assertEquals(List.of(), archives(), "no archive written anywhere in the copy");
    }

    @Test
    @DisplayName("JAVA_OPTS reach the JVM after the launcher's options: a collector of the user's choice is kept")
    void javaOptsWin() throws Exception {
        Path gcLog = root.resolve("gc.log");
        Run r = launch(Map.of("JAVA_OPTS", "-XX:+UseParallelGC -Xlog:gc=info:file=" + gcLog, "IRQLAB_CACHE_DIR", ""),
                "plugins");

        assertEquals(0, r.status, r.transcript());
        assertTrue(Files.readString(gcLog).contains("Using Parallel"), Files.readString(gcLog));
    }

    @Test
    @DisplayName("a short command's heap is on transparent huge pages exactly where the kernel gives them on request")
    void hugePagesWhereTheKernelGivesThemOnRequest() throws Exception {
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        boolean onRequest = Files.isReadable(thp) && Files.readString(thp).contains("[madvise]");
        Path pages = root.resolve("pagesize.log");
        Run r = launch(Map.of("JAVA_OPTS", "-Xlog:pagesize=info:file=" + pages, "IRQLAB_CACHE_DIR", ""),
                "run", "scenarios/" + SCENARIO);

        assertEquals(0, r.status, r.transcript());
        assertEquals("", r.err, "no warning, whatever the kernel's mode: " + r.transcript());
        // the JVM names the option in its page-size log only when large pages are on
        String log = Files.readString(pages);
        assertEquals(onRequest, log.contains("UseTransparentHugePages=1"), "THP mode "
                + (Files.isReadable(thp) ? Files.readString(thp).strip() : "unreadable") + ":\n" + log);
    }

    @Test
    @DisplayName("the rebuild's Maven runs with Unsafe allowed exactly on JDKs that warn and know the option")
    void rebuildQuietOnEveryJdk() throws Exception {
        // A pom.xml newer than the jar: the launcher rebuilds it with the mvn on the PATH, here one that
        // records what it was given and touches the jar as a build would.
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path seen = root.resolve("maven-opts");
        script(bin.resolve("mvn"), "printf '%s\\n' \"$MAVEN_OPTS\" > " + seen + "\ntouch " + jar);
        String path = bin + ":" + System.getenv("PATH");
        String allow = " --sun-misc-unsafe-memory-access=allow";
        for (Map.Entry<Integer, String> jdk : List.of(Map.entry(17, ""), Map.entry(22, ""), Map.entry(23, allow),
                Map.entry(25, allow))) {
            // A JDK home whose release file names the version (JDK 23's JEP 471 option, JDK 24's JEP 498
            // warnings); its java is this test's, which runs the command without an archive.
            Path home = Files.createDirectories(root.resolve("jdk" + jdk.getKey() + "/bin"));
            Files.writeString(home.getParent().resolve("release"), "JAVA_VERSION=\"" + jdk.getKey() + ".0.1\"\n");
            script(home.resolve("java"), "exec " + Path.of(System.getProperty("java.home"), "bin", "java") + " \"$@\"");
            Files.writeString(root.resolve("pom.xml"), "<project/>\n");
            Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(root.resolve("pom.xml"))
                    .toMillis() - 60_000));

            Run r = launch(Map.of("PATH", path, "JAVA_HOME", home.getParent().toString(), "IRQLAB_CACHE_DIR", "",
                    "MAVEN_OPTS", ""), "--version");

            assertEquals(0, r.status, r.transcript());
            assertTrue(r.err.startsWith("irqlab: building ") && r.err.lines().count() == 1, r.transcript());
            assertEquals(jdk.getValue() + "\n", Files.readString(seen), "MAVEN_OPTS on JDK " + jdk.getKey());
        }
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        file.toFile().setExecutable(true);
    }

    private Path onlyArchive() throws IOException {
        List<Path> found = archives();
        assertEquals(1, found.size(), "one archive: " + found);
        return found.get(0);
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().matches("irqlab-jdk.*\\.(jsa|aot)")).toList();
        }
    }

    private record Run(int status, String out, String err) {
        String transcript() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Run launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("irqlab").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.equals("JAVA_OPTS") || k.startsWith("IRQLAB_") || k.equals("JAVA_TOOL_OPTIONS"));
        e.put("JAVA_HOME", System.getProperty("java.home"));
        e.put("XDG_CACHE_HOME", root.resolve("cache").toString());
        e.putAll(env);
        Path out = root.resolve("stdout");
        Path err = root.resolve("stderr");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(
                ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish in 5 minutes: " + String.join(" ", command));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
