package causse.server.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One YAML mapping read as typed values. It keeps the composed nodes rather than plain Java maps because
 * only the nodes know their file position, and every error must name {@code file:line:column}.
 *
 * <p>House rule shared by every key: a key that is absent, empty or {@code null} takes its default.
 */
final class YamlMapping {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)?");
    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final String source;
    private final String path;
    private final Optional<Mark> mark;
    private final Map<String, NodeTuple> entries;

    private YamlMapping(String source, String path, Optional<Mark> mark, Map<String, NodeTuple> entries) {
        this.source = source;
        this.path = path;
        this.mark = mark;
        this.entries = entries;
    }

    /**
     * Reads {@code node} as a mapping; an absent ({@code null}) or null-valued node reads as an empty mapping
     * whose errors point at {@code where}. Refuses duplicate keys, which YAML forbids but the composer lets through.
     */
    static YamlMapping of(String source, String path, Node node, Optional<Mark> where) {
        if (node == null || isNull(node)) {
            return new YamlMapping(source, path, node == null ? where : node.getStartMark(), Map.of());
        }
        if (!(node instanceof MappingNode mapping)) {
            throw at(source, node.getStartMark(), label(path) + "expected a mapping (key: value lines), found " + kind(node));
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar) || isNull(key)) {
                throw at(source, key.getStartMark(), label(path) + "keys must be plain names, found " + kind(key));
            }
            NodeTuple first = entries.putIfAbsent(scalar.getValue(), tuple);
            if (first != null) {
                throw at(source, key.getStartMark(), "duplicate key '" + join(path, scalar.getValue())
                        + "' (first given at line " + line(first.getKeyNode()) + ")");
            }
        }
        return new YamlMapping(source, path, node.getStartMark(), Collections.unmodifiableMap(entries));
    }

    String source() {
        return source;
    }

    String path() {
        return path;
    }

    Set<String> keys() {
        return entries.keySet();
    }

    /** The dotted name of {@code key} under this mapping, as used in messages. */
    String qualified(String key) {
        return join(path, key);
    }

    /** Fails on the first key not in {@code allowed}, listing the allowed ones (and a near miss, if any). */
    void allowOnly(Collection<String> allowed) {
        for (NodeTuple tuple : entries.values()) {
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            if (!allowed.contains(key)) {
                String hint = closest(key, allowed).map(k -> " (did you mean '" + k + "'?)").orElse("");
                throw at(source, tuple.getKeyNode().getStartMark(), "unknown key '" + qualified(key) + "'" + hint
                        + "; allowed keys" + (path.isEmpty() ? "" : " in " + path) + ": " + String.join(", ", allowed));
            }
        }
    }

    /**
     * An error about {@code key}, placed on its value when the key is present and on this mapping otherwise;
     * a null key means the mapping as a whole.
     */
    ConfigException error(String key, String problem) {
        NodeTuple tuple = key == null ? null : entries.get(key);
        Optional<Mark> where = tuple == null ? mark : tuple.getValueNode().getStartMark();
        return at(source, where, label(key == null ? path : qualified(key)) + problem);
    }

    ConfigException errorAt(Node node, String nodePath, String problem) {
        return at(source, node.getStartMark(), label(nodePath) + problem);
    }

    /** The value node of {@code key}, or null when the key is absent or null. */
    Node value(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null || isNull(tuple.getValueNode()) ? null : tuple.getValueNode();
    }

    /** The mapping under {@code key}; errors about it as a whole (a missing key) point at {@code key} itself. */
    YamlMapping mapping(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            return of(source, qualified(key), null, mark);
        }
        YamlMapping child = of(source, qualified(key), tuple.getValueNode(), mark);
        return new YamlMapping(source, child.path, tuple.getKeyNode().getStartMark(), child.entries);
    }

    /** The items of a sequence, or null when the key is absent or null. */
    List<Node> sequence(String key) {
        Node node = value(key);
        if (node == null) {
            return null;
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw error(key, "expected a list (lines starting with '- ' or [a, b]), found " + kind(node));
        }
        return sequence.getValue();
    }

    /** Item {@code index} of the sequence under {@code key}, read as a mapping. */
    YamlMapping item(String key, int index, Node node) {
        return of(source, qualified(key) + "[" + index + "]", node, node.getStartMark());
    }

    String string(String key, String def) {
        Node node = value(key);
        return node == null ? def : text(node, qualified(key));
    }

    boolean bool(String key, boolean def) {
        Node node = value(key);
        if (node == null) {
            return def;
        }
        String text = text(node, qualified(key));
        String lower = text.trim().toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
            throw error(key, "expected true or false, found '" + text + "'");
        }
        return Boolean.parseBoolean(lower);
    }

    int integer(String key, int def, int min, int max) {
        Node node = value(key);
        if (node == null) {
            return def;
        }
        String text = text(node, qualified(key));
        BigInteger number = parseInteger(text);
        if (number == null) {
            throw error(key, "expected a whole number in " + min + ".." + max + ", found '" + text + "'");
        }
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw error(key, number + " is out of range; allowed " + min + ".." + max);
        }
        return number.intValue();
    }

    /** Whole seconds ({@code 300}) or a count with a unit: {@code 250ms}, {@code 300s}, {@code 5m}, {@code 2h}, {@code 1d}. */
    Duration duration(String key, Duration def, Duration min, Duration max) {
        Node node = value(key);
        if (node == null) {
            return def;
        }
        String text = text(node, qualified(key)).trim();
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw error(key, "expected a duration: whole seconds (300) or a number with a unit ms, s, m, h or d"
                    + " (300s, 5m), found '" + text + "'");
        }
        Duration value;
        try {
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            value = switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } catch (ArithmeticException e) {
            value = Duration.ofSeconds(Long.MAX_VALUE);
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw error(key, "'" + text + "' is out of range; allowed " + describe(min) + ".." + describe(max));
        }
        return value;
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E def) {
        Node node = value(key);
        if (node == null) {
            return def;
        }
        String text = text(node, qualified(key));
        for (E constant : type.getEnumConstants()) {
            if (yamlName(constant).equalsIgnoreCase(text.trim())) {
                return constant;
            }
        }
        throw error(key, "'" + text + "' is not allowed; allowed values: " + allowedValues(type));
    }

    List<String> strings(String key, List<String> def) {
        List<Node> items = sequence(key);
        if (items == null) {
            return def;
        }
        List<String> values = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            values.add(text(items.get(i), qualified(key) + "[" + i + "]"));
        }
        return List.copyOf(values);
    }

    /** The text of a scalar; any scalar reads as a string so that {@code name: 1.0} or {@code password: 1234} work. */
    String text(Node node, String nodePath) {
        if (!(node instanceof ScalarNode scalar) || isNull(node)) {
            throw errorAt(node, nodePath, "expected a single value, found " + kind(node));
        }
        return scalar.getValue();
    }

    /**
     * This mapping as plain values (Boolean, BigInteger, String, List, Map; a null sentinel), without positions:
     * what two option sets are compared on.
     */
    Map<String, Object> plain() {
        Map<String, Object> out = new LinkedHashMap<>();
        entries.forEach((k, t) -> out.put(k, plain(t.getValueNode(), Collections.newSetFromMap(new IdentityHashMap<>()))));
        return Collections.unmodifiableMap(out);
    }

    private Object plain(Node node, Set<Node> open) {
        if (!open.add(node)) {
            throw errorAt(node, path, "an alias refers to a value that contains it; recursive values are not allowed");
        }
        try {
            if (node instanceof ScalarNode scalar) {
                if (isNull(node)) {
                    return NULL;
                }
                if (Tag.BOOL.equals(node.getTag())) {
                    return Boolean.valueOf(scalar.getValue().toLowerCase(Locale.ROOT));
                }
                BigInteger number = Tag.INT.equals(node.getTag()) ? parseInteger(scalar.getValue()) : null;
                return number != null ? number : scalar.getValue();
            }
            if (node instanceof SequenceNode sequence) {
                List<Object> out = new ArrayList<>();
                sequence.getValue().forEach(n -> out.add(plain(n, open)));
                return Collections.unmodifiableList(out);
            }
            Map<Object, Object> out = new LinkedHashMap<>();
            ((MappingNode) node).getValue().forEach(t -> out.put(plain(t.getKeyNode(), open), plain(t.getValueNode(), open)));
            return Collections.unmodifiableMap(out);
        } finally {
            open.remove(node);
        }
    }

    static String yamlName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> String allowedValues(Class<E> type) {
        return java.util.Arrays.stream(type.getEnumConstants()).map(YamlMapping::yamlName).collect(Collectors.joining(", "));
    }

    static ConfigException at(String source, Optional<Mark> mark, String message) {
        return new ConfigException(source, mark.map(m -> m.getLine() + 1).orElse(1), mark.map(m -> m.getColumn() + 1).orElse(1),
                message);
    }

    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** Decimal, 0x hexadecimal or 0o octal, as in the YAML 1.2 core schema; null when not an integer. */
    private static BigInteger parseInteger(String text) {
        String t = text.trim();
        try {
            if (t.startsWith("0x")) {
                return new BigInteger(t.substring(2), 16);
            }
            if (t.startsWith("0o")) {
                return new BigInteger(t.substring(2), 8);
            }
            return new BigInteger(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull(node) ? "nothing" : "'" + ((ScalarNode) node).getValue() + "'";
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String label(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }

    private static Optional<String> closest(String key, Collection<String> allowed) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : allowed) {
            int d = distance(key.toLowerCase(Locale.ROOT), candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance; keys are short, so the quadratic table is fine. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
