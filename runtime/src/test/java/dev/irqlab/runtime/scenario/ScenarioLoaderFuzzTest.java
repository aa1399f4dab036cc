package dev.irqlab.runtime.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Fuzzes the loader with seeded garbage: random character soup, mutated valid scenarios and
 * random nested YAML (including nesting past the depth guard and alias bombs). Whatever the input,
 * the loader returns a scenario or throws a {@link ScenarioException} with well-formed problems —
 * never another exception, never a stack overflow. Every case has its own seed and is reproducible
 * from its display name.
 *
 * <p>A JUnit {@code @TestFactory} over {@link SplittableRandom}, so that every case is a fixed,
 * named test; {@link ScenarioLoaderPropertyTest} runs the same property through jqwik.
 */
class ScenarioLoaderFuzzTest {

    private static final long BASE_SEED = 0x5CE7A210L;
    private static final int MUTATIONS = 1400;
    private static final int SOUP = 500;
    private static final int TREES = 500;
    private static final String SOURCE = "fuzz.yaml";

    private final ScenarioLoader loader = new ScenarioLoader();
    private final FixedCatalog catalog = new FixedCatalog();

    @TestFactory
    Stream<DynamicTest> loaderOnlyEverThrowsScenarioException() {
        List<String> seeds = List.of(Resources.text("good/full.yaml"), Resources.text("good/minimal.yaml"));
        Stream<DynamicTest> mutations = IntStream.range(0, MUTATIONS).mapToObj(i -> DynamicTest.dynamicTest(
                "mutation #" + i, () -> check(FuzzInputs.mutate(seeds.get(i % seeds.size()), rng(i)))));
        Stream<DynamicTest> soup = IntStream.range(0, SOUP).mapToObj(i -> DynamicTest.dynamicTest(
                "soup #" + i, () -> check(FuzzInputs.soup(rng(MUTATIONS + i)))));
        Stream<DynamicTest> trees = IntStream.range(0, TREES).mapToObj(i -> DynamicTest.dynamicTest(
                "tree #" + i, () -> check(FuzzInputs.tree(rng(MUTATIONS + SOUP + i)))));
        return Stream.of(mutations, soup, trees).flatMap(s -> s);
    }

    @TestFactory
    Stream<DynamicTest> hostileStructuresAreProblemsNotCrashes() {
        String deepFlow = "name: " + "[".repeat(5000) + "]".repeat(5000);
        StringBuilder deepBlock = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            deepBlock.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            bomb.append(c).append(": &").append(c).append(" [").append("*").append((char) (c - 1))
                    .append(", *").append((char) (c - 1)).append("]\n");
        }
        return Stream.of(
                DynamicTest.dynamicTest("5000-deep flow sequence", () -> assertRefused(deepFlow)),
                DynamicTest.dynamicTest("200-deep block mapping", () -> assertRefused(deepBlock.toString())),
                DynamicTest.dynamicTest("alias bomb", () -> assertRefused(bomb.toString())),
                DynamicTest.dynamicTest("recursive alias", () -> assertRefused("devices: &d [*d]\n")),
                DynamicTest.dynamicTest("two documents", () -> assertRefused("name: a\n---\nname: b\n")),
                DynamicTest.dynamicTest("NUL character", () -> assertRefused("name: a\u0000b\n")));
    }

    private void assertRefused(String text) {
        try {
            loader.load(SOURCE, text, catalog);
            fail("loaded a hostile scenario");
        } catch (ScenarioException e) {
            assertWellFormed(e);
        }
    }

    private static SplittableRandom rng(int i) {
        return new SplittableRandom(BASE_SEED + i);
    }

    /** Loads twice: either both return equal scenarios or both refuse with the same problems. */
    private void check(String text) {
        List<Problem> first = problemsOf(text);
        List<Problem> second = problemsOf(text);
        assertEquals(first, second, "loading is deterministic");
    }

    private List<Problem> problemsOf(String text) {
        try {
            Scenario s = loader.load(SOURCE, text, catalog);
            assertEquals(SOURCE, s.source());
            assertFalse(s.devices().isEmpty());
            return List.of();
        } catch (ScenarioException e) {
            assertWellFormed(e);
            return e.problems();
        } catch (Throwable t) {
            throw new AssertionError("the loader threw " + t + " for:\n" + text, t);
        }
    }

    private static void assertWellFormed(ScenarioException e) {
        assertFalse(e.problems().isEmpty());
        for (Problem p : e.problems()) {
            assertEquals(SOURCE, p.file());
            assertTrue(p.line() >= 1 && p.column() >= 1, p.toString());
            assertFalse(p.message().isBlank(), p.toString());
        }
    }
}
