package dev.irqlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.metrics.ExpectationResult;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The plugin authors' guide (docs/writing-a-plugin.md) shows only real code. Its conventions:
 *
 * <ul>
 *   <li>A fenced block right after a line {@code Excerpt of [PATH](../PATH):} is an excerpt of the
 *       file PATH (relative to the repository root) and must appear in it verbatim, whitespace
 *       aside (runs of whitespace compare equal to one space).</li>
 *   <li>Every {@code java} and {@code xml} block is such an excerpt: the guide has no invented code.</li>
 *   <li>A {@code yaml} block that is not an excerpt is a scenario: it must load, pass the plugin
 *       combination check, run, and meet its own expectations.</li>
 * </ul>
 * The repository root is the parent of the {@code irqlab.scenarios} folder the pom passes.
 */
class PluginGuideExcerptsTest {

    private static final Path ROOT = Path.of(System.getProperty("irqlab.scenarios", "../scenarios"))
            .toAbsolutePath().normalize().getParent();
    private static final Path GUIDE = ROOT.resolve("docs/writing-a-plugin.md");
    private static final Pattern MARKER = Pattern.compile("^Excerpt of \\[([^\\]]+)\\]\\(\\.\\./([^)]+)\\):$");
    private static final Pattern FENCE = Pattern.compile("^```([a-z]*)\\s*$");

    /** One fenced block of the guide: its language, text, line of its opening fence, and excerpt path if any. */
    record Block(String language, String text, int line, String excerptOf) {
        boolean isExcerpt() {
            return excerptOf != null;
        }

        String where() {
            return "docs/writing-a-plugin.md:" + line;
        }
    }

    static List<Block> blocks() throws IOException {
        List<String> lines = Files.readAllLines(GUIDE, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        String pendingExcerpt = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("Excerpt of")) {
                Matcher m = MARKER.matcher(line);
                assertTrue(m.matches(), "docs/writing-a-plugin.md:" + (i + 1)
                        + ": an excerpt line must read 'Excerpt of [PATH](../PATH):', found: " + line);
                assertEquals(m.group(1), m.group(2), "docs/writing-a-plugin.md:" + (i + 1)
                        + ": the link of an excerpt line must point at the path it names");
                assertTrue(i + 1 < lines.size() && FENCE.matcher(lines.get(i + 1)).matches(),
                        "docs/writing-a-plugin.md:" + (i + 1) + ": an excerpt line must be followed by a fenced block");
                pendingExcerpt = m.group(1);
                continue;
            }
            Matcher open = FENCE.matcher(line);
            if (open.matches()) {
                int start = i;
                StringBuilder text = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                assertTrue(i < lines.size(), "docs/writing-a-plugin.md:" + (start + 1) + ": unclosed fenced block");
                blocks.add(new Block(open.group(1), text.toString(), start + 1, pendingExcerpt));
                pendingExcerpt = null;
            }
        }
        return blocks;
    }

    static String normalised(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    @TestFactory
    @DisplayName("every excerpt of the guide appears verbatim (whitespace aside) in the file it names")
    Stream<DynamicTest> excerptsAreVerbatim() throws IOException {
        List<Block> excerpts = blocks().stream().filter(Block::isExcerpt).toList();
        assertFalse(excerpts.isEmpty(), "the guide has no excerpts");
        return excerpts.stream().map(b -> DynamicTest.dynamicTest(b.where() + " " + b.excerptOf(), () -> {
            Path source = ROOT.resolve(b.excerptOf()).normalize();
            assertTrue(source.startsWith(ROOT) && Files.isRegularFile(source),
                    b.where() + ": the excerpt names " + b.excerptOf() + ", which is not a file of the repository");
            assertFalse(normalised(b.text()).isEmpty(), b.where() + ": empty excerpt");
            String file = normalised(Files.readString(source, StandardCharsets.UTF_8));
            if (!file.contains(normalised(b.text()))) {
                fail(b.where() + ": this block is no longer in " + b.excerptOf()
                        + "; copy the current code into the guide (and re-read the prose around it):\n" + b.text());
            }
        }));
    }

    @Test
    @DisplayName("every java and xml block of the guide is an excerpt of a real file")
    void noInventedCode() throws IOException {
        List<String> invented = blocks().stream()
                .filter(b -> !b.isExcerpt() && (b.language().equals("java") || b.language().equals("xml")))
                .map(Block::where).toList();
        assertEquals(List.of(), invented, "code blocks without an 'Excerpt of [PATH](../PATH):' line above them");
    }

    @Test
    @DisplayName("the guide quotes the entry point, its service file, a factory, the controller and a contract test")
    void coversEveryStep() throws IOException {
        List<String> quoted = blocks().stream().filter(Block::isExcerpt).map(Block::excerptOf).distinct().toList();
        for (String needed : List.of(
                "x86-ioapic/pom.xml",
                "x86-ioapic/src/main/java/dev/irqlab/ioapic/IoApicPlugin.java",
                "x86-ioapic/src/main/resources/META-INF/services/dev.irqlab.api.plugin.IrqlabPlugin",
                "x86-ioapic/src/main/java/dev/irqlab/ioapic/PhysicalIoApicFactory.java",
                "x86-ioapic/src/main/java/dev/irqlab/ioapic/PhysicalIoApic.java",
                "tck/src/main/java/dev/irqlab/tck/plugins/PhysicalControllerContractTest.java")) {
            assertTrue(quoted.contains(needed), "the guide quotes no part of " + needed + "; it quotes " + quoted);
        }
    }

    @TestFactory
    @DisplayName("every scenario of the guide loads, validates, runs and meets its expectations")
    Stream<DynamicTest> scenariosRun() throws IOException {
        List<Block> scenarios = blocks().stream().filter(b -> !b.isExcerpt() && b.language().equals("yaml")).toList();
        assertFalse(scenarios.isEmpty(), "the guide shows no scenario");
        PluginRegistry registry = PluginRegistry.discover();
        return scenarios.stream().map(b -> DynamicTest.dynamicTest(b.where(), () -> {
            Scenario s = new ScenarioLoader().load(b.where(), b.text(), registry);
            ScenarioRunner runner = new ScenarioRunner(registry);
            runner.check(s);
            assertFalse(s.expectations().isEmpty(), b.where() + ": a scenario in the guide should show expectations");
            RunOutcome outcome = runner.run(s, Trace.discard());
            String failed = outcome.expectations().stream().filter(e -> !e.passed())
                    .map(ExpectationResult::toString).collect(Collectors.joining("\n"));
            assertTrue(outcome.passed(), b.where() + ":\n" + failed);
        }));
    }
}
