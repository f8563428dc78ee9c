package causse.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import causse.server.config.ConfigException;
import causse.server.config.ConfigLoader;
import causse.server.config.MetricsConfig;
import org.junit.jupiter.api.Test;

/** The {@code metrics:} section of causse.yml: defaults, every key, and the errors a mistake gets. */
class MetricsConfigTest {

    private static MetricsConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "t.yml").metrics();
    }

    @Test
    void absentMeansOffOnLoopback() {
        assertThat(parse("data_dir: data\n")).isEqualTo(new MetricsConfig(false, "127.0.0.1", 9464, "/metrics"));
        assertThat(parse("metrics:\n")).isEqualTo(MetricsConfig.defaults());
    }

    @Test
    void everyKeyIsRead() {
        assertThat(parse("""
                metrics:
                  enabled: true
                  bind: "::1"
                  port: 0
                  path: /prometheus
                """)).isEqualTo(new MetricsConfig(true, "::1", 0, "/prometheus"));
    }

    @Test
    void anUnknownKeyNamesTheAllowedOnes() {
        assertThatThrownBy(() -> parse("metrics:\n  enable: true\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yml:2:3: unknown key 'metrics.enable'")
                .hasMessageContaining("enabled, bind, port, path");
    }

    @Test
    void badValuesSayWhatIsAllowed() {
        assertThatThrownBy(() -> parse("metrics:\n  port: 70000\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("metrics.port").hasMessageContaining("0..65535");
        assertThatThrownBy(() -> parse("metrics:\n  enabled: yes please\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("metrics.enabled").hasMessageContaining("true or false");
        assertThatThrownBy(() -> parse("metrics:\n  path: metrics\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yml:2:9:").hasMessageContaining("starting with /");
        assertThatThrownBy(() -> parse("metrics:\n  path: /m?x=1\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no query");
        assertThatThrownBy(() -> parse("metrics:\n  bind: \"\"\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("metrics.bind");
    }
}
