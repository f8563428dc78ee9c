package causse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static CausseConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "t.yml");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(String yaml) {
        return assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class);
    }

    @Test
    void shippedConfigurationFileEqualsTheDefaults() {
        Path file = Path.of("..", "conf", "causse.yml");
        assertThat(file).exists();

        assertThat(ConfigLoader.load(file)).isEqualTo(CausseConfig.defaults());
    }

    @Test
    void emptyFileMeansDefaults() {
        assertThat(parse("")).isEqualTo(CausseConfig.defaults());
        assertThat(parse("# nothing but a comment\n")).isEqualTo(CausseConfig.defaults());
    }

    @Test
    void absentSectionsKeepTheirDefaults() {
        CausseConfig config = parse("""
                limits:
                  max_stanza_size: 65536
                """);

        assertThat(config.limits()).isEqualTo(new LimitsConfig(65536, Duration.ofSeconds(300)));
        assertThat(config.withLimits(CausseConfig.defaults().limits())).isEqualTo(CausseConfig.defaults());
    }

    @Test
    void nullOrEmptyValueMeansDefault() {
        CausseConfig config = parse("""
                data_dir:
                auth:
                  scram_iterations: null
                limits: ~
                """);

        assertThat(config).isEqualTo(CausseConfig.defaults());
    }

    @Test
    void readsAFullConfiguration() {
        CausseConfig config = parse("""
                hosts:
                  - domain: Example.ORG
                    certificate: /etc/causse/example.crt
                    private_key: /etc/causse/example.key
                  - domain: chat.example.net
                data_dir: /var/lib/causse
                storage:
                  url: jdbc:postgresql://db/causse
                  user: causse
                  password: 1234
                listeners:
                  - type: c2s
                    bind: "::"
                    port: 5222
                    starttls: optional
                  - type: C2S_DIRECT_TLS
                    port: 0x1467
                auth:
                  mechanisms: [scram-sha-256, PLAIN]
                  allow_plain_without_tls: True
                  legacy_auth: true
                  scram_iterations: 10000
                limits:
                  max_stanza_size: 1048576
                  unauthenticated_timeout: 2m
                modules:
                  ping:
                    enabled: false
                  offline:
                """);

        assertThat(config.hosts()).containsExactly(
                new HostConfig("example.org", Path.of("/etc/causse/example.crt"), Path.of("/etc/causse/example.key")),
                new HostConfig("chat.example.net", null, null));
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/causse"));
        assertThat(config.storage()).isEqualTo(new StorageConfig("jdbc:postgresql://db/causse", "causse", "1234"));
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db/causse");
        assertThat(config.listeners()).containsExactly(
                new ListenerConfig(ListenerType.C2S, "::", 5222, TlsPolicy.OPTIONAL),
                new ListenerConfig(ListenerType.C2S_DIRECT_TLS, "0.0.0.0", 5223, TlsPolicy.REQUIRED));
        assertThat(config.auth()).isEqualTo(new AuthConfig(List.of("SCRAM-SHA-256", "PLAIN"), true, true, 10000));
        assertThat(config.limits()).isEqualTo(new LimitsConfig(1048576, Duration.ofMinutes(2)));
        assertThat(config.modules()).containsOnlyKeys("ping", "offline");
        assertThat(config.module("ping").enabled()).isFalse();
        assertThat(config.module("offline").enabled()).isTrue();
        assertThat(config.module("version")).isEqualTo(ModuleOptions.empty("version"));
    }

    @Test
    void streamManagementIsOnByDefaultAndItsTimeoutAndQueueAreRead() {
        assertThat(parse("hosts:\n  - domain: localhost\n").streamManagement())
                .isEqualTo(StreamManagementConfig.defaults());
        StreamManagementConfig sm = parse("""
                stream_management:
                  resume_timeout: 60
                  max_unacked: 100
                """).streamManagement();
        assertThat(sm).isEqualTo(new StreamManagementConfig(true, Duration.ofSeconds(60), 100));
        assertThat(sm.resumable()).isTrue();
        StreamManagementConfig acksOnly = parse("stream_management:\n  resume_timeout: 0\n").streamManagement();
        assertThat(acksOnly.enabled()).isTrue();
        assertThat(acksOnly.resumable()).isFalse();
        assertThat(parse("stream_management:\n  enabled: false\n").streamManagement().enabled()).isFalse();
        assertFails("stream_management:\n  max_unacked: 5\n").hasMessageContaining("max_unacked");
        assertFails("stream_management:\n  resume: 5\n").hasMessageContaining("unknown key 'stream_management.resume'");
    }

    @Test
    void clientStateIndicationIsOnByDefaultAndItsQueueIsRead() {
        assertThat(parse("hosts:\n  - domain: localhost\n").clientState()).isEqualTo(ClientStateConfig.defaults());
        assertThat(parse("client_state:\n  enabled: false\n  max_held: 10\n").clientState())
                .isEqualTo(new ClientStateConfig(false, 10));
        assertFails("client_state:\n  max_held: 0\n").hasMessageContaining("max_held");
    }

    @Test
    void listenerPortDefaultsDependOnType() {
        CausseConfig config = parse("""
                listeners:
                  - type: c2s_direct_tls
                  - type: c2s
                    bind: 127.0.0.1
                """);

        assertThat(config.listeners()).containsExactly(
                ListenerConfig.directTls("0.0.0.0", 5223), ListenerConfig.c2s("127.0.0.1", 5222, TlsPolicy.REQUIRED));
        assertThat(parse("listeners: []").listeners()).isEmpty();
    }

    @Test
    void severalEphemeralPortsDoNotCollide() {
        CausseConfig config = parse("""
                listeners:
                  - {type: c2s, bind: 127.0.0.1, port: 0}
                  - {type: c2s_direct_tls, bind: 127.0.0.1, port: 0}
                """);

        assertThat(config.listeners()).extracting(ListenerConfig::port).containsExactly(0, 0);
    }

    @ParameterizedTest
    @CsvSource({"300, 300", "'\"300\"', 300", "300s, 300", "5m, 300", "2h, 7200", "1d, 86400", "1000ms, 1", "1, 1"})
    void durationsAcceptSecondsAndUnits(String written, long seconds) {
        CausseConfig config = parse("limits:\n  unauthenticated_timeout: " + written + "\n");

        assertThat(config.limits().unauthenticatedTimeout()).isEqualTo(Duration.ofSeconds(seconds));
    }

    // --- errors: each names file:line:column, the key, and what is allowed

    @Test
    void unknownTopLevelKeyIsNamedWithANearMissAndTheAllowedKeys() {
        assertFails("""
                hosts:
                  - domain: localhost
                sotrage:
                  url: null
                """).hasMessage("t.yml:3:1: unknown key 'sotrage' (did you mean 'storage'?); allowed keys: hosts,"
                + " data_dir, storage, listeners, auth, limits, metrics, modules, stream_management, client_state");
    }

    @Test
    void unknownNestedKeysAreNamedWithTheirPath() {
        assertFails("""
                limits:
                  max_stanza_size: 2048
                  idle_time: 60
                """).hasMessage("t.yml:3:3: unknown key 'limits.idle_time'; allowed keys in limits:"
                + " max_stanza_size, unauthenticated_timeout, connections_per_ip, connection_rate_per_ip,"
                + " exempt_loopback, max_resources_per_account, auth_free_failures, auth_max_delay, auth_lock_after,"
                + " auth_failure_window, auth_lock_time, idle_timeout, ping_timeout, max_outbound_queue,"
                + " slow_reader_timeout, shaper_rate, shaper_burst, flood_timeout");
        assertFails("""
                hosts:
                  - domain: a.org
                  - domain: b.org
                    cert: b.crt
                """).hasMessageStartingWith("t.yml:4:5: unknown key 'hosts[1].cert'")
                .hasMessageEndingWith("allowed keys in hosts[1]: domain, certificate, private_key");
        assertFails("""
                listeners:
                  - type: c2s
                    tls: required
                """).hasMessageStartingWith("t.yml:3:5: unknown key 'listeners[0].tls'");
    }

    @Test
    void wrongTypes() {
        assertFails("limits:\n  max_stanza_size: big\n")
                .hasMessage("t.yml:2:20: limits.max_stanza_size: expected a whole number in 1024..16777216, found 'big'");
        assertFails("limits:\n  max_stanza_size: 2048.5\n")
                .hasMessageStartingWith("t.yml:2:20: limits.max_stanza_size: expected a whole number");
        assertFails("auth:\n  legacy_auth: yes\n")
                .hasMessage("t.yml:2:16: auth.legacy_auth: expected true or false, found 'yes'");
        assertFails("limits: 5\n").hasMessage("t.yml:1:9: limits: expected a mapping (key: value lines), found '5'");
        assertFails("hosts: localhost\n").hasMessageStartingWith("t.yml:1:8: hosts: expected a list");
        assertFails("hosts:\n  - localhost\n")
                .hasMessageStartingWith("t.yml:2:5: hosts[0]: expected a mapping (key: value lines), found 'localhost'");
        assertFails("data_dir: [a, b]\n").hasMessage("t.yml:1:11: data_dir: expected a single value, found a list");
        assertFails("auth:\n  mechanisms: PLAIN\n").hasMessageStartingWith("t.yml:2:15: auth.mechanisms: expected a list");
        assertFails("- a\n- b\n").hasMessageStartingWith("t.yml:1:1: expected a mapping");
    }

    @Test
    void outOfRangeNumbersGiveTheBounds() {
        assertFails("limits:\n  max_stanza_size: 100\n")
                .hasMessage("t.yml:2:20: limits.max_stanza_size: 100 is out of range; allowed 1024..16777216");
        assertFails("limits:\n  max_stanza_size: 99999999999999999999\n")
                .hasMessage("t.yml:2:20: limits.max_stanza_size: 99999999999999999999 is out of range; allowed 1024..16777216");
        assertFails("auth:\n  scram_iterations: 1000\n")
                .hasMessage("t.yml:2:21: auth.scram_iterations: 1000 is out of range; allowed 4096..10000000");
        assertFails("listeners:\n  - type: c2s\n    port: 70000\n")
                .hasMessage("t.yml:3:11: listeners[0].port: 70000 is out of range; allowed 0..65535");
        assertFails("listeners:\n  - type: c2s\n    port: -1\n")
                .hasMessage("t.yml:3:11: listeners[0].port: -1 is out of range; allowed 0..65535");
    }

    @Test
    void badDurations() {
        assertFails("limits:\n  unauthenticated_timeout: 0\n")
                .hasMessage("t.yml:2:28: limits.unauthenticated_timeout: '0' is out of range; allowed 1s..86400s");
        assertFails("limits:\n  unauthenticated_timeout: 2d\n")
                .hasMessage("t.yml:2:28: limits.unauthenticated_timeout: '2d' is out of range; allowed 1s..86400s");
        assertFails("limits:\n  unauthenticated_timeout: 5 minutes\n")
                .hasMessage("t.yml:2:28: limits.unauthenticated_timeout: expected a duration: whole seconds (300) or a"
                        + " number with a unit ms, s, m, h or d (300s, 5m), found '5 minutes'");
        assertFails("limits:\n  unauthenticated_timeout: -5\n").hasMessageContaining("expected a duration");
        assertFails("limits:\n  unauthenticated_timeout: 999999999999999999d\n").hasMessageContaining("out of range");
    }

    @Test
    void enumValuesListTheAllowedOnes() {
        assertFails("listeners:\n  - type: c2s\n    starttls: maybe\n")
                .hasMessage("t.yml:3:15: listeners[0].starttls: 'maybe' is not allowed; allowed values: required, optional");
        assertFails("listeners:\n  - type: s2s\n")
                .hasMessage("t.yml:2:11: listeners[0].type: 's2s' is not allowed; allowed values: c2s, c2s_direct_tls");
        assertFails("listeners:\n  - port: 5222\n")
                .hasMessage("t.yml:2:5: listeners[0].type: missing; allowed values: c2s, c2s_direct_tls");
        assertFails("listeners:\n  - type: c2s_direct_tls\n    starttls: optional\n")
                .hasMessage("t.yml:3:15: listeners[0].starttls: a c2s_direct_tls listener always uses TLS; remove this key");
    }

    @Test
    void mechanismsAreCheckedOneByOne() {
        assertFails("auth:\n  mechanisms: [SCRAM-SHA-256, DIGEST-MD5]\n")
                .hasMessage("t.yml:2:31: auth.mechanisms[1]: 'DIGEST-MD5' is not supported; allowed: SCRAM-SHA-256,"
                        + " SCRAM-SHA-1, PLAIN");
        assertFails("auth:\n  mechanisms:\n    - PLAIN\n    - plain\n")
                .hasMessage("t.yml:4:7: auth.mechanisms[1]: PLAIN is listed twice");
        assertFails("auth:\n  mechanisms: []\n")
                .hasMessage("t.yml:2:15: auth.mechanisms: at least one mechanism is required; allowed: SCRAM-SHA-256,"
                        + " SCRAM-SHA-1, PLAIN");
    }

    @Test
    void hostsAreCheckedAndLowerCased() {
        assertFails("hosts: []\n").hasMessage("t.yml:1:8: hosts: at least one host is required");
        assertFails("hosts:\n  - certificate: a.crt\n    private_key: a.key\n")
                .hasMessage("t.yml:2:5: hosts[0].domain: missing; every host needs a domain");
        assertFails("hosts:\n  - domain: exa mple.org\n")
                .hasMessageStartingWith("t.yml:2:13: hosts[0].domain: 'exa mple.org' is not a valid domain name: only letters");
        assertFails("hosts:\n  - domain: -bad.org\n").hasMessageContaining("starts or ends with a hyphen");
        assertFails("hosts:\n  - domain: a..org\n").hasMessageContaining("empty label");
        assertFails("hosts:\n  - domain: 192.0.2.1\n").hasMessageContaining("IP addresses");
        assertFails("hosts:\n  - domain: " + "a".repeat(64) + ".org\n").hasMessageContaining("longer than 63");
        assertFails("""
                hosts:
                  - domain: example.org
                  - domain: chat.example.org
                  - domain: EXAMPLE.org
                """).hasMessage("t.yml:4:13: hosts[2].domain: duplicate domain 'example.org' (first given at line 2)");
        assertFails("hosts:\n  - domain: a.org\n    certificate: a.crt\n")
                .hasMessage("t.yml:3:18: hosts[0].certificate: certificate and private_key go together: give both, or"
                        + " neither to use a generated self-signed certificate");
    }

    @Test
    void duplicateListenersAreRefused() {
        assertFails("""
                listeners:
                  - type: c2s
                    port: 5222
                  - type: c2s_direct_tls
                    port: 5222
                """).hasMessage("t.yml:5:11: listeners[1].port: another listener already uses 0.0.0.0 port 5222 (line 3)");
        assertThat(parse("""
                listeners:
                  - {type: c2s, bind: 127.0.0.1}
                  - {type: c2s, bind: 192.0.2.1}
                """).listeners()).hasSize(2);
    }

    @Test
    void duplicateKeysAreRefused() {
        assertFails("""
                limits:
                  max_stanza_size: 2048
                  max_stanza_size: 4096
                """).hasMessage("t.yml:3:3: duplicate key 'limits.max_stanza_size' (first given at line 2)");
    }

    @Test
    void storageUrlMustBeJdbc() {
        assertFails("storage:\n  url: postgres://db/causse\n")
                .hasMessageStartingWith("t.yml:2:8: storage.url: expected a JDBC URL starting with 'jdbc:'");
    }

    @Test
    void moduleEnabledIsCheckedAtLoad() {
        assertFails("modules:\n  ping:\n    enabled: sometimes\n")
                .hasMessage("t.yml:3:14: modules.ping.enabled: expected true or false, found 'sometimes'");
        assertFails("modules:\n  ping: false\n")
                .hasMessage("t.yml:2:9: modules.ping: expected a mapping (key: value lines), found 'false'");
    }

    @Test
    void yamlSyntaxErrorsCarryTheirPosition() {
        assertFails("limits:\n  max_stanza_size: [1, 2\n")
                .hasMessageStartingWith("t.yml:3:1: not valid YAML:");
        assertFails("a: 1\n---\nb: 2\n").hasMessageStartingWith("t.yml:").hasMessageContaining("not valid YAML");
    }

    @Test
    void loadNamesTheFileInErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("causse.yml");
        Files.writeString(file, "limits:\n  max_stanza_size: 1\n");

        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":2:20: limits.max_stanza_size:")
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.source()).isEqualTo(file.toString());
                    assertThat(ce.line()).isEqualTo(2);
                    assertThat(ce.column()).isEqualTo(20);
                });
    }

    @Test
    void unreadableFilesAreConfigErrors(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.yml");
        assertThatThrownBy(() -> ConfigLoader.load(missing)).isInstanceOf(ConfigException.class)
                .hasMessage(missing + ":1:1: cannot read the configuration file: it does not exist");

        Path latin1 = dir.resolve("latin1.yml");
        Files.write(latin1, "data_dir: d\u00e9j\u00e0\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ConfigLoader.load(latin1)).isInstanceOf(ConfigException.class)
                .hasMessage(latin1 + ":1:1: the file is not valid UTF-8");
    }
}
