package dev.irqlab.runtime.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * {@code --set path=value}: replaces (or adds) one key of the composed scenario before it is read, so
 * the value is validated exactly as if it were written in the file. The value is YAML ({@code 5ms},
 * {@code true}, {@code [1ms, 2ms]}, {@code {line: 8, trigger: level-high}}); the path is the dotted
 * key path problems print ({@code devices[0].interrupt.line}, {@code config.kernel.threadirqs}).
 * Every node of the value carries the option as its source name, so a problem with it names the
 * option instead of a line of the file. Missing mappings on the way are created; list entries must
 * exist.
 */
final class Overrides {

    /** The source-name prefix of the nodes an override puts in: a problem there names the option. */
    static final String OPTION = "--set";
    private static final Pattern SEGMENT = Pattern.compile("([a-z0-9][a-z0-9_.-]*?)((?:\\[\\d+\\])*)(?:\\.|$)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)\\]");

    private Overrides() {
    }

    /** Applies each override in order; a malformed one is a problem naming the option. */
    static void apply(Node root, List<String> overrides, LoadSettings settings, Problems problems) {
        for (String override : overrides) {
            String option = OPTION + " " + override;
            int eq = override.indexOf('=');
            if (eq <= 0) {
                problems.at(option, "", "expected path=value (devices[0].interrupt.line=12)");
                continue;
            }
            String path = override.substring(0, eq);
            Optional<List<Object>> steps = steps(path);
            if (steps.isEmpty()) {
                problems.at(option, "", "'" + path + "' is not a key path; write keys separated by dots, list "
                        + "entries as [i] (devices[0].interrupt.line)");
                continue;
            }
            Optional<Node> value = compose(option, override.substring(eq + 1), settings, problems);
            if (value.isPresent()) {
                set(root, path, steps.get(), value.get(), option, problems);
            }
        }
    }

    /** The path as keys (String) and list indices (Integer); empty when it is not a key path. */
    static Optional<List<Object>> steps(String path) {
        List<Object> steps = new ArrayList<>();
        Matcher m = SEGMENT.matcher(path);
        int at = 0;
        while (at < path.length()) {
            if (!m.find(at) || m.start() != at) {
                return Optional.empty();
            }
            steps.add(m.group(1));
            Matcher index = INDEX.matcher(m.group(2));
            while (index.find()) {
                steps.add(Integer.parseInt(index.group(1)));
            }
            at = m.end();
        }
        return steps.isEmpty() || path.endsWith(".") ? Optional.empty() : Optional.of(steps);
    }

    private static Optional<Node> compose(String option, String text, LoadSettings base, Problems problems) {
        if (text.isBlank()) {
            problems.at(option, "", "the value is empty; give one (write '' for an empty text)");
            return Optional.empty();
        }
        LoadSettings settings = LoadSettings.builder().setLabel(option).setSchema(base.getSchema())
                .setMaxAliasesForCollections(base.getMaxAliasesForCollections()).setCodePointLimit(1 << 16)
                .setUseMarks(true).build();
        try {
            return new Compose(settings).composeString(text);
        } catch (YamlEngineException e) {
            problems.at(option, "", "the value is not YAML: " + e.getMessage().replace('\n', ' '));
            return Optional.empty();
        }
    }

    private static void set(Node root, String path, List<Object> steps, Node value, String option,
                            Problems problems) {
        Node at = root;
        StringBuilder walked = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            Object step = steps.get(i);
            boolean last = i == steps.size() - 1;
            if (step instanceof String key) {
                if (!(at instanceof MappingNode map)) {
                    problems.at(option, path, (walked.length() == 0 ? "the scenario" : walked) + " is not a mapping; "
                            + "'" + key + "' cannot be set in it");
                    return;
                }
                walked.append(walked.length() == 0 ? "" : ".").append(key);
                NodeTuple found = null;
                int index = -1;
                for (int t = 0; t < map.getValue().size(); t++) {
                    NodeTuple tuple = map.getValue().get(t);
                    if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                        found = tuple;
                        index = t;
                    }
                }
                Node next = last ? value : found != null ? found.getValueNode()
                        : new MappingNode(Tag.MAP, true, new ArrayList<NodeTuple>(), org.snakeyaml.engine.v2.common.FlowStyle.FLOW,
                        value.getStartMark(), value.getEndMark());
                // the last key is the option's own (a problem located at it names the option)
                NodeTuple tuple = new NodeTuple(found != null && !last ? found.getKeyNode() : key(key, value), next);
                if (found != null) {
                    map.getValue().set(index, tuple);
                } else {
                    map.getValue().add(tuple);
                }
                at = next;
            } else {
                int index = (Integer) step;
                if (!(at instanceof SequenceNode list) || index >= list.getValue().size()) {
                    int size = at instanceof SequenceNode list ? list.getValue().size() : 0;
                    problems.at(option, path, walked + " has " + (at instanceof SequenceNode ? size + " entr"
                            + (size == 1 ? "y" : "ies") + "; allowed: " + (size == 0 ? "none"
                            : "[0.." + (size - 1) + "]") : "no list entries"));
                    return;
                }
                walked.append('[').append(index).append(']');
                if (last) {
                    list.getValue().set(index, value);
                }
                at = list.getValue().get(index);
            }
        }
    }

    /** A key node that, like the value, names the option as its source. */
    private static ScalarNode key(String key, Node value) {
        Optional<Mark> mark = value.getStartMark();
        return new ScalarNode(Tag.STR, true, key, ScalarStyle.PLAIN, mark, value.getEndMark());
    }
}
