package causse.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;

/**
 * The options of one module: its YAML mapping under {@code modules:}, kept with its position in the file so
 * that the module, which alone knows its keys, defaults and bounds, can still report {@code file:line:column}.
 * A module typically reads its options once at start-up into its own record:
 *
 * <pre>{@code
 * options.allowOnly(Set.of("name", "show_os"));
 * var settings = new VersionSettings(options.string("name", "Causse"), options.bool("show_os", false));
 * }</pre>
 *
 * <p>Absent, empty and {@code null} values all take the default. Equality compares the values, not where they
 * were written, so a parsed file can be compared with {@link CausseConfig#defaults()}.
 */
public final class ModuleOptions {
    /** Every module understands this key; {@link #allowOnly} always accepts it. */
    public static final String ENABLED = "enabled";

    private final String name;
    private final YamlMapping mapping;
    private final Map<String, Object> plain;

    ModuleOptions(String name, YamlMapping mapping) {
        this.name = name;
        this.mapping = mapping;
        this.plain = mapping.plain();
    }

    /** No options at all: the module runs with its defaults. */
    public static ModuleOptions empty(String moduleName) {
        return of(moduleName, Map.of());
    }

    /**
     * Options built in code, for tests and built-in defaults. Values may be strings, numbers, booleans,
     * enums (written in lower case), durations (written as whole seconds, else milliseconds), paths, lists and maps.
     * Errors from such options name the source {@code <moduleName options>}.
     */
    public static ModuleOptions of(String moduleName, Map<String, ?> values) {
        String yaml = new Dump(DumpSettings.builder().build()).dumpToString(yamlValue(values));
        return new ModuleOptions(moduleName, ConfigLoader.composeMapping(yaml, "<" + moduleName + " options>",
                "modules." + moduleName));
    }

    public String name() {
        return name;
    }

    /** {@code enabled: false} turns the module off; every module is on unless told otherwise. */
    public boolean enabled() {
        return mapping.bool(ENABLED, true);
    }

    /** The keys written for this module, in file order. */
    public Set<String> keys() {
        return mapping.keys();
    }

    public String string(String key, String def) {
        return mapping.string(key, def);
    }

    public boolean bool(String key, boolean def) {
        return mapping.bool(key, def);
    }

    public int integer(String key, int def, int min, int max) {
        return mapping.integer(key, def, min, max);
    }

    /** A non-negative duration; see {@link #duration(String, Duration, Duration, Duration)} for the syntax. */
    public Duration duration(String key, Duration def) {
        return mapping.duration(key, def, Duration.ZERO, Duration.ofSeconds(Long.MAX_VALUE));
    }

    /**
     * A duration within {@code [min, max]}: whole seconds ({@code 300}) or a count with a unit
     * ({@code 250ms}, {@code 300s}, {@code 5m}, {@code 2h}, {@code 1d}).
     */
    public Duration duration(String key, Duration def, Duration min, Duration max) {
        return mapping.duration(key, def, min, max);
    }

    /** One of the constants of {@code type}, written in lower case in YAML (case is ignored when reading). */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E def) {
        return mapping.choice(key, type, def);
    }

    public List<String> strings(String key, List<String> def) {
        return mapping.strings(key, def);
    }

    /** Fails on any key outside {@code keys} (and {@value #ENABLED}), naming it and the allowed ones. */
    public void allowOnly(Set<String> keys) {
        Set<String> allowed = new LinkedHashSet<>(keys);
        allowed.add(ENABLED);
        mapping.allowOnly(allowed);
    }

    /**
     * An error to throw about {@code key}: it points at the key's value when present, otherwise at the
     * module's own entry, and reads {@code file:line:column: modules.<name>.<key>: <message>}. A null key
     * blames the module entry as a whole ({@code modules.<name>: <message>}), e.g. for an unknown module.
     */
    public ConfigException error(String key, String message) {
        return mapping.error(key, message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModuleOptions other && name.equals(other.name) && plain.equals(other.plain);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + plain.hashCode();
    }

    @Override
    public String toString() {
        return name + plain;
    }

    private static Object yamlValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), yamlValue(v)));
            return out;
        }
        if (value instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>();
            items.forEach(v -> out.add(yamlValue(v)));
            return out;
        }
        if (value instanceof Optional<?> optional) {
            return optional.map(ModuleOptions::yamlValue).orElse(null);
        }
        if (value instanceof Enum<?> constant) {
            return YamlMapping.yamlName(constant);
        }
        if (value instanceof Duration duration) {
            // whole seconds as a number, like an operator would write it, so equality with a parsed file holds
            return duration.toMillis() % 1000 == 0 ? (Object) duration.toSeconds() : duration.toMillis() + "ms";
        }
        if (value instanceof Path path) {
            return path.toString();
        }
        return value;
    }
}
