package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;

/**
 * The cluster files that run explore shards ({@code dev/explore/}): what they hand to
 * {@code irqlab explore} is a command line it accepts, with this task's shard.
 */
class ClusterFilesTest {

    private static final Path DIR = Path.of("../dev/explore");

    /** The explore arguments after {@code irqlab.jar}, parsed as the command would (unknown options throw). */
    private static CommandLine.ParseResult parse(List<String> args) {
        int jar = args.indexOf("cli/target/irqlab.jar");
        assertTrue(jar >= 0 && args.get(jar - 1).equals("-jar"), "runs the jar: " + args);
        return Main.commandLine(null).parseArgs(args.subList(jar + 1, args.size()).toArray(String[]::new));
    }

    private static String option(CommandLine.ParseResult explore, String name) {
        return explore.subcommand().matchedOption(name).getValue().toString();
    }

    @Test
    @DisplayName("the Kubernetes Indexed Job: N pods, pod k explores shard k/N of a shipped scenario")
    void kubernetesIndexedJob() throws IOException {
        Map<?, ?> job = (Map<?, ?>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(DIR.resolve("k8s-indexed-job.yaml")));
        assertEquals("Job", job.get("kind"));
        Map<?, ?> spec = (Map<?, ?>) job.get("spec");
        assertEquals("Indexed", spec.get("completionMode"));
        Map<?, ?> container = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((Map<?, ?>) spec.get("template")).get("spec"))
                .get("containers")).get(0);
        Map<String, String> env = new java.util.HashMap<>();
        for (Object e : (List<?>) container.get("env")) {
            env.put((String) ((Map<?, ?>) e).get("name"), (String) ((Map<?, ?>) e).get("value"));
        }
        int shards = Integer.parseInt(env.get("SHARDS"));
        assertEquals(shards, spec.get("completions"), "one pod per shard");
        assertEquals(shards, spec.get("parallelism"));
        assertTrue(Files.isRegularFile(Path.of("..").resolve(env.get("SCENARIO"))), env.get("SCENARIO"));
        // The container's shell command up to its first ';', as sh expands it for pod 3.
        String command = ((List<?>) container.get("args")).get(0).toString();
        String explore = command.substring(0, command.indexOf(';'))
                .replace("\"$SCENARIO\"", env.get("SCENARIO")).replace("$EXPLORE_ARGS", env.get("EXPLORE_ARGS"))
                .replace("$JOB_COMPLETION_INDEX", "3").replace("$SHARDS", env.get("SHARDS")).replace("\"", "");
        CommandLine.ParseResult parsed = parse(Arrays.asList(explore.trim().split("\\s+")));
        assertEquals("3/" + shards, option(parsed, "--shard"));
        assertEquals("/results/shard-3.json", option(parsed, "--json"));
    }

    @Test
    @DisplayName("the Slurm array script: task k of N explores shard k/N (java stubbed, the arguments checked)")
    void slurmArray(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path stub = bin.resolve("java");
        Files.writeString(stub, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$ARGS_FILE\"\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path args = dir.resolve("args.txt");
        Path work = Files.createDirectories(dir.resolve("work"));
        String scenario = "scenarios/explore/elan-i2c-ranged-arm64-irqfd-mask-notifier.yaml";
        ProcessBuilder pb = new ProcessBuilder("bash", DIR.resolve("slurm-array.sh").toAbsolutePath().toString(),
                scenario, "--reduction", "optimal").directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("ARGS_FILE", args.toString());
        pb.environment().put("SLURM_ARRAY_TASK_ID", "2");
        pb.environment().put("SLURM_ARRAY_TASK_COUNT", "8");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        assertTrue(Files.isDirectory(work.resolve("explore-results")), "the results folder is made");
        List<String> argv = new ArrayList<>(Files.readAllLines(args));
        CommandLine.ParseResult parsed = parse(argv);
        assertEquals("2/8", option(parsed, "--shard"));
        assertEquals("explore-results/shard-2.json", option(parsed, "--json"));
        assertEquals("optimal", option(parsed, "--reduction"), "extra options are passed on");
        assertEquals(scenario, parsed.subcommand().matchedPositional(0).getValue().toString());
    }
}
