package causse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import causse.net.ShaperLimits;
import causse.s2s.AuthPolicy;
import causse.s2s.S2sOptions;
import causse.server.config.ConfigException;
import causse.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The {@code modules.s2s} section: the block documented in conf/causse.yml, uncommented, gives the defaults. */
class S2sConfigTest {
    @Test
    void theDocumentedBlockUncommentedGivesTheDefaults() throws Exception {
        String documented = Files.readAllLines(Path.of("..", "conf", "causse.yml")).stream()
                .dropWhile(line -> !line.equals("  # s2s:"))
                .takeWhile(line -> line.startsWith("  #"))
                .map(line -> line.replaceFirst("^  # ", "  "))
                .filter(line -> !line.isBlank() && !line.trim().startsWith("#"))
                .collect(Collectors.joining("\n"));
        assertThat(documented).contains("s2s:", "resolvers:", "max_queued_stanzas:");
        S2sOptions options = ModuleCatalog.s2sOptions(ConfigLoader.parse("modules:\n" + documented, "t.yml").module("s2s"));
        assertThat(options).isEqualTo(S2sOptions.DEFAULTS);
    }

    @Test
    void everyKeyIsRead() {
        S2sOptions o = ModuleCatalog.s2sOptions(ConfigLoader.parse("""
                modules:
                  s2s:
                    enabled: true
                    bind: 127.0.0.1
                    port: 15269
                    direct_tls_port: -1
                    require_tls: false
                    resolvers: [127.0.0.1:5353, "[::1]:53"]
                    trust_store: /etc/causse/ca.pem
                    policy: certificate_required
                    certificate_required: [Bank.Example]
                    dialback_allowed: [old.example]
                    idle_timeout: 5m
                    connect_timeout: 10s
                    max_stanza_size: 65536
                    max_queued_stanzas: 50
                    connections_per_ip: 3
                    connection_rate_per_ip: 2
                    exempt_loopback: false
                    shaper_rate: 2048
                    shaper_burst: 4096
                    flood_timeout: 0s
                """, "t.yml").module("s2s"));
        assertThat(o).isEqualTo(new S2sOptions("127.0.0.1", 15269, -1, false, List.of("127.0.0.1:5353", "[::1]:53"),
                Path.of("/etc/causse/ca.pem"), AuthPolicy.CERTIFICATE_REQUIRED, Set.of("bank.example"),
                Set.of("old.example"), Duration.ofMinutes(5), Duration.ofSeconds(10), 65536, 50,
                new S2sOptions.Incoming(3, 2, false, new ShaperLimits(2048, 4096, Duration.ZERO))));
        assertThat(o.policyFor("old.example")).isEqualTo(AuthPolicy.DIALBACK_ALLOWED);
        assertThat(o.policyFor("other.example")).isEqualTo(AuthPolicy.CERTIFICATE_REQUIRED);
    }

    @Test
    void mistakesStopStartUpWithTheKey() {
        assertThatThrownBy(() -> ModuleCatalog.s2sOptions(ConfigLoader.parse(
                "modules:\n  s2s:\n    policy: maybe\n", "t.yml").module("s2s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("policy").hasMessageContaining("dialback_allowed");
        assertThatThrownBy(() -> ModuleCatalog.s2sOptions(ConfigLoader.parse(
                "modules:\n  s2s:\n    prot: 5269\n", "t.yml").module("s2s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("prot");
    }
}
