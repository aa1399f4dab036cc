package dev.irqlab.runtime.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The loader's robustness property through jqwik (1.9.3, which runs on the JUnit 6 platform): for
 * jqwik-generated strings over YAML's indicator characters and for seeded mutations of a valid
 * scenario, the loader returns a scenario or throws {@link ScenarioException} with well-formed
 * problems, nothing else. Fixed seeds keep the build reproducible.
 */
class ScenarioLoaderPropertyTest {

    private static final String SOURCE = "property.yaml";
    private static final String FULL = Resources.text("good/full.yaml");

    private final ScenarioLoader loader = new ScenarioLoader();
    private final FixedCatalog catalog = new FixedCatalog();

    @Property(tries = 600, seed = "20261124")
    void soupIsLoadedOrRefusedWithProblems(@ForAll("soup") String text) {
        assertLoadsOrRefuses(text);
    }

    @Property(tries = 600, seed = "42")
    void mutatedScenarioIsLoadedOrRefusedWithProblems(@ForAll("mutated") String text) {
        assertLoadsOrRefuses(text);
    }

    @Provide
    Arbitrary<String> soup() {
        return Arbitraries.strings().withChars(FuzzInputs.SPECIALS.toCharArray()).ofMaxLength(300);
    }

    @Provide
    Arbitrary<String> mutated() {
        return Arbitraries.longs().map(seed -> FuzzInputs.mutate(FULL, new SplittableRandom(seed)));
    }

    private void assertLoadsOrRefuses(String text) {
        try {
            assertEquals(SOURCE, loader.load(SOURCE, text, catalog).source());
        } catch (ScenarioException e) {
            assertFalse(e.problems().isEmpty());
            e.problems().forEach(p -> assertTrue(p.line() >= 1 && p.column() >= 1 && !p.message().isBlank(),
                    p.toString()));
        }
    }
}
