package causse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleOptionsTest {
    private enum Mode { STRICT, RELAXED }

    private static final String YAML = """
            modules:
              demo:
                title: Hello
                verbose: true
                size: 42
                every: 5m
                mode: relaxed
                tags: [a, b]
                number_as_text: 1.0
              quiet:
            """;

    private static ModuleOptions demo() {
        return ConfigLoader.parse(YAML, "m.yml").module("demo");
    }

    @Test
    void typedReads() {
        ModuleOptions options = demo();

        assertThat(options.name()).isEqualTo("demo");
        assertThat(options.enabled()).isTrue();
        assertThat(options.keys()).containsExactly("title", "verbose", "size", "every", "mode", "tags", "number_as_text");
        assertThat(options.string("title", "x")).isEqualTo("Hello");
        assertThat(options.string("number_as_text", "x")).isEqualTo("1.0");
        assertThat(options.bool("verbose", false)).isTrue();
        assertThat(options.integer("size", 1, 0, 100)).isEqualTo(42);
        assertThat(options.duration("every", Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.choice("mode", Mode.class, Mode.STRICT)).isEqualTo(Mode.RELAXED);
        assertThat(options.strings("tags", List.of())).containsExactly("a", "b");
    }

    @Test
    void absentKeysGiveTheDefaults() {
        ModuleOptions quiet = ConfigLoader.parse(YAML, "m.yml").module("quiet");

        assertThat(quiet.enabled()).isTrue();
        assertThat(quiet.keys()).isEmpty();
        assertThat(quiet.string("title", "x")).isEqualTo("x");
        assertThat(quiet.bool("verbose", true)).isTrue();
        assertThat(quiet.integer("size", 7, 0, 10)).isEqualTo(7);
        assertThat(quiet.duration("every", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(quiet.choice("mode", Mode.class, Mode.STRICT)).isEqualTo(Mode.STRICT);
        assertThat(quiet.strings("tags", List.of("z"))).containsExactly("z");
        assertThat(ModuleOptions.empty("ping").enabled()).isTrue();
    }

    @Test
    void typedReadErrorsPointAtTheValue() {
        ModuleOptions options = demo();

        assertThatThrownBy(() -> options.integer("size", 1, 0, 10)).isInstanceOf(ConfigException.class)
                .hasMessage("m.yml:5:11: modules.demo.size: 42 is out of range; allowed 0..10");
        assertThatThrownBy(() -> options.integer("title", 1, 0, 10))
                .hasMessage("m.yml:3:12: modules.demo.title: expected a whole number in 0..10, found 'Hello'");
        assertThatThrownBy(() -> options.bool("title", false))
                .hasMessage("m.yml:3:12: modules.demo.title: expected true or false, found 'Hello'");
        assertThatThrownBy(() -> options.choice("title", Mode.class, Mode.STRICT))
                .hasMessage("m.yml:3:12: modules.demo.title: 'Hello' is not allowed; allowed values: strict, relaxed");
        assertThatThrownBy(() -> options.duration("every", Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1)))
                .hasMessage("m.yml:6:12: modules.demo.every: '5m' is out of range; allowed 0s..60s");
        assertThatThrownBy(() -> options.strings("title", List.of()))
                .hasMessageStartingWith("m.yml:3:12: modules.demo.title: expected a list");
        assertThatThrownBy(() -> options.string("tags", ""))
                .hasMessage("m.yml:8:11: modules.demo.tags: expected a single value, found a list");
    }

    @Test
    void allowOnlyNamesTheUnknownKeyAndAlwaysAcceptsEnabled() {
        ModuleOptions options = ConfigLoader.parse("""
                modules:
                  version:
                    enabled: true
                    name: Causse
                    show-os: true
                """, "m.yml").module("version");

        assertThatThrownBy(() -> options.allowOnly(Set.of("name", "show_os")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("m.yml:5:5: unknown key 'modules.version.show-os' (did you mean 'show_os'?)")
                .hasMessageContaining("enabled");
        demo().allowOnly(Set.of("title", "verbose", "size", "every", "mode", "tags", "number_as_text"));
    }

    @Test
    void errorPointsAtTheKeyOrTheModule() {
        ModuleOptions options = demo();

        assertThat(options.error("size", "must be even")).hasMessage("m.yml:5:11: modules.demo.size: must be even");
        assertThat(options.error("absent", "is required")).hasMessage("m.yml:2:3: modules.demo.absent: is required");
        assertThat(options.error(null, "no such module")).hasMessage("m.yml:2:3: modules.demo: no such module");
    }

    @Test
    void optionsBuiltFromAMapReadAndCompareLikeParsedOnes() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("title", "Hello");
        values.put("verbose", true);
        values.put("size", 42);
        values.put("every", Duration.ofMinutes(5));
        values.put("mode", Mode.RELAXED);
        values.put("tags", List.of("a", "b"));
        values.put("number_as_text", "1.0");
        ModuleOptions built = ModuleOptions.of("demo", values);

        assertThat(built.duration("every", Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
        assertThat(built.choice("mode", Mode.class, Mode.STRICT)).isEqualTo(Mode.RELAXED);
        assertThat(built.integer("size", 0, 0, 100)).isEqualTo(42);
        assertThat(built.strings("tags", List.of())).containsExactly("a", "b");
        assertThatThrownBy(() -> built.integer("size", 0, 0, 10)).hasMessageStartingWith("<demo options>:")
                .hasMessageContaining("modules.demo.size: 42 is out of range");

        ModuleOptions parsed = ConfigLoader.parse(YAML.replace("every: 5m", "every: 300"), "m.yml").module("demo");
        assertThat(built).isEqualTo(parsed).hasSameHashCodeAs(parsed);
        assertThat(built).isNotEqualTo(ModuleOptions.of("other", values));
        assertThat(ModuleOptions.of("demo", Map.of("enabled", false)).enabled()).isFalse();
    }

    @Test
    void recursiveAliasesAreRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("modules:\n  demo:\n    loop: &a [*a]\n", "m.yml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("recursive");
    }
}
