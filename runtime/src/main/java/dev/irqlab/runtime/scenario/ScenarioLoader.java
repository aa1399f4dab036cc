package dev.irqlab.runtime.scenario;

import dev.irqlab.runtime.output.OutputFiles;
import dev.irqlab.runtime.plugins.PluginCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Loads scenario files (the YAML language of docs/scenarios) into a fully resolved, validated
 * {@link Scenario}.
 *
 * <p>The YAML is composed with SnakeYAML Engine's node API (YAML 1.2 core schema) so that every
 * value keeps its line and column; nothing goes through its object constructor. Every problem in
 * the file is collected — syntax errors, unknown or duplicate keys at any level, wrong types,
 * out-of-range values, plugin names the {@link PluginCatalog} does not know, bad metric names —
 * and thrown together as one {@link ScenarioException} (unchecked). A scenario is returned only
 * when there is none. YAML merge keys ({@code <<}) are not supported (they are unknown keys);
 * anchors and aliases are (at most 50 aliased collections).
 */
public final class ScenarioLoader {

    /** {@code --set path=value} overrides, applied in order to the composed file before it is read. */
    private final List<String> overrides;

    public ScenarioLoader() {
        this(List.of());
    }

    /** A loader that applies {@code path=value} overrides ({@code --set}) to every scenario it loads. */
    public ScenarioLoader(List<String> overrides) {
        this.overrides = List.copyOf(overrides);
    }

    /** Deeper nesting than this is refused before composing, so hostile input cannot exhaust the stack. */
    static final int MAX_DEPTH = 32;
    private static final int MAX_ALIASES = 50;
    /** The largest scenario, in bytes; checked before reading (so /dev/zero or a 98 MB file cost nothing). */
    public static final long MAX_BYTES = 4L << 20;
    /**
     * The longest line, in characters. SnakeYAML's reader copies its buffer for every chunk of a
     * token still being scanned, so one token of n characters costs n squared / 1024; bounding the
     * line bounds every token and keeps parsing linear in the file's size (a 20 MB line took over a
     * minute).
     */
    static final int MAX_LINE = 1 << 16;
    private static final int MAX_CODE_POINTS = (int) MAX_BYTES;

    /**
     * Loads a scenario file (UTF-8). Problems name the file as {@code file.toString()}. The file is
     * checked before it is read: a directory, a device, a FIFO or a file larger than
     * {@link #MAX_BYTES} is refused without reading it.
     *
     * @throws ScenarioException listing every problem, including an unreadable or non-UTF-8 file
     */
    public Scenario load(Path file, PluginCatalog catalog) {
        String name = file.toString();
        byte[] bytes;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                throw wholeFile(name, "is a directory, expected a scenario file");
            }
            if (!attributes.isRegularFile()) {
                throw wholeFile(name, "is not a regular file (a device, FIFO or socket); give a scenario file, "
                        + "or - for standard input");
            }
            if (attributes.size() > MAX_BYTES) {
                throw tooLarge(name, attributes.size() + " bytes");
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = readBounded(name, in);
            }
        } catch (IOException e) {
            throw wholeFile(name, "cannot read the file: " + OutputFiles.reason(e));
        }
        return load(name, bytes, catalog);
    }

    /**
     * Loads a scenario from a stream (standard input), reading at most {@link #MAX_BYTES} + 1 bytes:
     * an endless or oversized stream is refused without exhausting memory.
     *
     * @param sourceName the name problems carry ({@code <stdin>})
     */
    public Scenario load(String sourceName, InputStream in, PluginCatalog catalog) {
        try {
            return load(sourceName, readBounded(sourceName, in), catalog);
        } catch (IOException e) {
            throw wholeFile(sourceName, "cannot read: " + OutputFiles.reason(e));
        }
    }

    private static byte[] readBounded(String name, InputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(name, "more than " + MAX_BYTES + " bytes");
        }
        return bytes;
    }

    private static ScenarioException tooLarge(String name, String size) {
        return wholeFile(name, "the scenario is " + size + ", above the limit of " + MAX_BYTES + " bytes (4 MiB); "
                + "replay long timestamp lists from a file (devices[].workload.file)");
    }

    private Scenario load(String name, byte[] bytes, PluginCatalog catalog) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw wholeFile(name, "not UTF-8 text");
        }
        return load(name, text, catalog);
    }

    /**
     * Loads a scenario from text.
     *
     * @param sourceName the name problems and {@link Scenario#source()} carry
     * @throws ScenarioException listing every problem
     */
    public Scenario load(String sourceName, String text, PluginCatalog catalog) {
        Problems problems = new Problems(sourceName);
        if (text.length() > MAX_BYTES) {
            throw tooLarge(sourceName, text.length() + " characters");
        }
        longLines(text, problems);
        problems.throwIfAny();
        LoadSettings settings = settings(sourceName);
        Optional<Node> document = compose(settings, text, problems);
        problems.throwIfAny();
        if (document.isEmpty()) {
            throw wholeFile(sourceName, "the file is empty; a scenario needs at least name, run, platform and devices");
        }
        Overrides.apply(document.get(), overrides, settings, problems);
        problems.throwIfAny();
        Optional<Scenario> scenario = new ScenarioReader(catalog, problems, baseDir(sourceName)).read(document.get());
        problems.throwIfAny();
        return scenario.orElseThrow(() -> new IllegalStateException("no scenario and no problem for " + sourceName));
    }

    /** The scenario file's directory (the working directory for standard input or a name that is no path). */
    private static Path baseDir(String sourceName) {
        try {
            Path parent = Path.of(sourceName).toAbsolutePath().getParent();
            return parent != null ? parent : Path.of("").toAbsolutePath();
        } catch (java.nio.file.InvalidPathException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    private static ScenarioException wholeFile(String name, String message) {
        return new ScenarioException(java.util.List.of(new Problem(name, 1, 1, "", message)));
    }

    private static LoadSettings settings(String sourceName) {
        return LoadSettings.builder()
                .setLabel(sourceName)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(true) // reported by YamlMap with both positions
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_CODE_POINTS)
                .setUseMarks(true)
                .build();
    }

    /**
     * The single document's root node; a syntax error becomes a problem at the parser's position, and
     * nesting deeper than {@link #MAX_DEPTH} one at its start ({@link DepthLimit}).
     */
    private static Optional<Node> compose(LoadSettings settings, String text, Problems problems) {
        try {
            return new Composer(settings, new DepthLimit(new ParserImpl(settings, new StreamReader(settings, text))))
                    .getSingleNode();
        } catch (DepthLimit.TooDeep e) {
            problems.at(e.start, "", "nesting deeper than " + MAX_DEPTH + " levels");
        } catch (MarkedYamlEngineException e) {
            String context = e.getContext() == null ? "" : e.getContext()
                    + e.getContextMark().map(m -> " (started at line " + (m.getLine() + 1) + ", column "
                    + (m.getColumn() + 1) + ")").orElse("") + ": ";
            String message = context + e.getProblem();
            problems.at(e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark(), "",
                    "YAML syntax: " + message);
        } catch (ReaderException e) {
            int[] lineColumn = lineColumnOfCodePoint(text, e.getPosition());
            problems.at(lineColumn[0], lineColumn[1], "", String.format("YAML syntax: special character U+%04X is not allowed",
                    e.getCodePoint()));
        } catch (YamlEngineException e) {
            problems.at(1, 1, "", "YAML: " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * The parser's events as the composer pulls them, refusing a collection that starts deeper than
     * {@link #MAX_DEPTH}: the composer recurses once per level and could not survive hostile nesting,
     * and the parser itself keeps its state on a heap stack. One pass over the text (a separate pass
     * that only counted the depth parsed every scenario twice).
     */
    private static final class DepthLimit implements Parser {
        private final Parser parser;
        private int depth;

        DepthLimit(Parser parser) {
            this.parser = parser;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return parser.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return parser.peekEvent();
        }

        @Override
        public boolean hasNext() {
            return parser.hasNext();
        }

        @Override
        public Event next() {
            Event event = parser.next();
            Event.ID id = event.getEventId();
            if (id == Event.ID.MappingStart || id == Event.ID.SequenceStart) {
                if (++depth > MAX_DEPTH) {
                    throw new TooDeep(event.getStartMark());
                }
            } else if (id == Event.ID.MappingEnd || id == Event.ID.SequenceEnd) {
                depth--;
            }
            return event;
        }

        /** Where the first collection too deep starts. */
        static final class TooDeep extends RuntimeException {
            private static final long serialVersionUID = 1L;
            private final transient Optional<Mark> start;

            TooDeep(Optional<Mark> start) {
                super(null, null, false, false);
                this.start = start;
            }
        }
    }

    /** Every line longer than {@link #MAX_LINE} characters is a problem at its first character past it. */
    private static void longLines(String text, Problems problems) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > MAX_LINE) {
                    problems.at(line, MAX_LINE + 1, "", "line " + line + " is " + (i - start) + " characters long, "
                            + "above the limit of " + MAX_LINE + "; split it (YAML flow lists may span lines) or "
                            + "replay long timestamp lists from a file (devices[].workload.file)");
                }
                line++;
                start = i + 1;
            }
        }
    }

    /** 1-based line and column of a code point index (the reader reports positions that way). */
    private static int[] lineColumnOfCodePoint(String text, int position) {
        int line = 1;
        int column = 1;
        int index = 0;
        for (int i = 0; i < text.length() && index < position; index++) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
