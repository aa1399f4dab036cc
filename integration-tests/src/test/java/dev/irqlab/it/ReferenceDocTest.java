package dev.irqlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.reference.Reference;
import dev.irqlab.runtime.scenario.KeyDoc;
import dev.irqlab.runtime.scenario.ScenarioKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/scenario-reference.md is the Markdown rendering of the reference {@code irqlab describe}
 * prints, and the reference covers every key the loader accepts, every fix and every message key
 * the shipped code emits.
 */
class ReferenceDocTest {

    private static final Path ROOT = Path.of(System.getProperty("irqlab.scenarios", "../scenarios"))
            .toAbsolutePath().normalize().getParent();
    private static final PluginRegistry REGISTRY = PluginRegistry.discover();
    private static final Reference REFERENCE = new Reference(REGISTRY);

    @Test
    void generatedDocumentIsUpToDate() throws IOException {
        Path doc = ROOT.resolve("docs/scenario-reference.md");
        String expected = REFERENCE.markdown();
        String found = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        assertEquals(expected, found, "docs/scenario-reference.md is stale; regenerate it with "
                + "./irqlab describe --markdown > docs/scenario-reference.md");
    }

    @Test
    void describeListsEveryKeyTheLoaderAccepts() {
        Set<String> documented = REFERENCE.keys().stream().map(KeyDoc::path).collect(Collectors.toSet());
        List<String> accepted = ScenarioKeys.loaderPaths(REGISTRY);
        assertTrue(accepted.size() > 60, "the loader's key lists: " + accepted);
        List<String> missing = accepted.stream().filter(p -> !documented.contains(p)).toList();
        assertEquals(List.of(), missing, "keys the loader accepts that the reference does not document");
        String text = REFERENCE.text(Optional.empty());
        for (String path : accepted) {
            assertTrue(text.contains("  " + path + "  "), "describe's text lacks " + path);
        }
    }

    @Test
    void everyKeyHasWhatItModelsAndEveryFixItsUpstreamStatus() {
        for (KeyDoc k : REFERENCE.keys()) {
            assertFalse(k.models().isBlank(), k.path() + " (" + k.owner() + ") says nothing of what it models");
        }
        Set<String> declared = REGISTRY.fixes();
        Set<String> described = REFERENCE.fixes().stream().filter(f -> !f.info().upstream().isBlank()
                && !f.info().summary().isBlank()).map(f -> f.info().name()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(declared, described, "every fix a plugin implements is described, with its upstream status");
        for (Reference.Factory f : REFERENCE.factories()) {
            assertFalse(f.summary().isBlank(), f.role().label() + " " + f.name() + " has no summary");
        }
    }

    /** Every message key in the shipped main sources (a literal, or a constant) is declared. */
    @Test
    void everyEmittedMessageKeyIsDeclared() throws IOException {
        Set<String> declared = REFERENCE.messages().stream().map(m -> m.key().key()).collect(Collectors.toSet());
        Pattern literal = Pattern.compile("(?:message|guestError|KernelMessage\\([^,]+,[^,]+,)\\s*\\(?\\s*\"([a-z0-9_]+\\.[a-z0-9_]+)\"");
        Pattern constant = Pattern.compile("static final String [A-Z_]+ = \"([a-z0-9_]+\\.[a-z0-9_]+)\";");
        Set<String> emitted = new TreeSet<>();
        try (var files = Files.walk(ROOT)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/")
                    && !f.toString().contains("/tck/") && !f.toString().contains("/benchmarks/")).toList()) {
                String source = Files.readString(p);
                for (Pattern pattern : List.of(literal, constant)) {
                    Matcher m = pattern.matcher(source);
                    while (m.find()) {
                        if (pattern == literal || source.contains("KernelMessage") || source.contains("message(")) {
                            emitted.add(m.group(1));
                        }
                    }
                }
            }
        }
        assertTrue(emitted.contains("genirq.nobody_cared") && emitted.contains("elan_i2c.invalid_report"), emitted.toString());
        emitted.removeAll(declared);
        assertEquals(Set.of(), emitted, "message keys emitted but declared by no plugin (IrqlabPlugin.messages())");
    }
}
