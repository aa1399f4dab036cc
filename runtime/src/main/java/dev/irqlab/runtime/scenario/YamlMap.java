package dev.irqlab.runtime.scenario;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A mapping of the scenario file, checked on construction: keys must be written words, appear
 * once (the second of a duplicate is reported) and belong to the allowed set (each unknown key is
 * reported at the key). Later look-ups see the first occurrence of each key.
 */
final class YamlMap {

    private final MappingNode node;
    private final String path;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMap(MappingNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /**
     * The node as a checked mapping, or empty (one problem recorded) if it is not a mapping.
     *
     * @param allowed the allowed keys in documentation order; null to allow any key
     */
    static Optional<YamlMap> of(Node node, String path, Problems problems, List<String> allowed) {
        if (!(node instanceof MappingNode)) {
            problems.at(node, path, "found " + Values.describe(node) + ", expected a mapping");
            return Optional.empty();
        }
        YamlMap map = new YamlMap((MappingNode) node, path, problems);
        if (!path.isEmpty()) {
            problems.saw(path, node);
        }
        map.index(allowed);
        return Optional.of(map);
    }

    private void index(List<String> allowed) {
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode) || Tag.NULL.equals(keyNode.getTag())) {
                problems.at(keyNode, path, "found " + Values.describe(keyNode) + " as a key, expected a word");
                continue;
            }
            String key = ((ScalarNode) keyNode).getValue();
            NodeTuple first = entries.get(key);
            if (first != null) {
                Location at = problems.location(first.getKeyNode());
                problems.at(keyNode, path(key), "duplicate key, first at line " + at.line() + ", column " + at.column());
                continue;
            }
            if (allowed != null && !allowed.contains(key)) {
                problems.at(keyNode, path(key), "unknown key '" + Values.clip(key) + "', allowed: "
                        + Values.allowedList(allowed));
                continue;
            }
            entries.put(key, tuple);
            problems.saw(path(key), keyNode);
        }
    }

    /** The dotted path of one of this mapping's keys. */
    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    String path() {
        return path;
    }

    Node node() {
        return node;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    Optional<Node> get(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
    }

    /** The key node itself, for problems about the key rather than its value. */
    Optional<Node> keyNode(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getKeyNode);
    }

    /** The value of a required key; a missing key is reported at this mapping. */
    Optional<Node> require(String key) {
        Optional<Node> value = get(key);
        if (value.isEmpty()) {
            problems.at(node, path(key), "missing required key");
        }
        return value;
    }

    /** The accepted keys with their value nodes, in file order. */
    Collection<NodeTuple> entries() {
        return entries.values();
    }
}
