package causse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CausseConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        CausseConfig config = CausseConfig.defaults();

        assertThat(config.hosts()).containsExactly(new HostConfig("localhost", null, null));
        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.storage()).isEqualTo(new StorageConfig(null, "sa", ""));
        assertThat(config.listeners()).containsExactly(
                new ListenerConfig(ListenerType.C2S, "0.0.0.0", 5222, TlsPolicy.REQUIRED),
                new ListenerConfig(ListenerType.C2S_DIRECT_TLS, "0.0.0.0", 5223, TlsPolicy.REQUIRED));
        assertThat(config.auth()).isEqualTo(new AuthConfig(List.of("SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"), false, false, 4096));
        assertThat(config.limits()).isEqualTo(new LimitsConfig(262144, Duration.ofSeconds(300)));
        assertThat(config.metrics()).isEqualTo(new MetricsConfig(false, "127.0.0.1", 9464, "/metrics"));
        assertThat(config.modules()).containsOnlyKeys("version");
        ModuleOptions version = config.modules().get("version");
        assertThat(version.enabled()).isTrue();
        assertThat(version.string("name", null)).isEqualTo("Causse");
        assertThat(version.bool("show_os", true)).isFalse();
    }

    @Test
    void jdbcUrlDefaultsToEmbeddedH2InTheDataDirectory() {
        CausseConfig config = CausseConfig.defaults().withDataDir(Path.of("/var/lib/causse"));

        assertThat(config.jdbcUrl()).isEqualTo("jdbc:h2:file:/var/lib/causse/causse;AUTO_SERVER=TRUE");
        assertThat(CausseConfig.defaults().jdbcUrl())
                .isEqualTo("jdbc:h2:file:" + Path.of("data").toAbsolutePath() + "/causse;AUTO_SERVER=TRUE");
    }

    @Test
    void jdbcUrlIsTheConfiguredOneWhenGiven() {
        CausseConfig config = CausseConfig.defaults()
                .withStorage(new StorageConfig("jdbc:postgresql://db/causse", "causse", "secret"));

        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db/causse");
    }

    @Test
    void hostLooksUpByDomainAndHostDomainsAreLowerCased() {
        CausseConfig config = CausseConfig.defaults()
                .withHosts(List.of(HostConfig.selfSigned("Example.ORG"), HostConfig.selfSigned("localhost")));

        assertThat(config.host("example.org")).isEqualTo(HostConfig.selfSigned("example.org"));
        assertThat(config.host("localhost")).isNotNull();
        assertThat(config.host("other.org")).isNull();
    }

    @Test
    void withersReplaceOneFieldOnly() {
        CausseConfig base = CausseConfig.defaults();
        LimitsConfig fast = new LimitsConfig(4096, Duration.ofMillis(200));
        CausseConfig changed = base.withLimits(fast)
                .withListeners(List.of(ListenerConfig.c2s("127.0.0.1", 0, TlsPolicy.OPTIONAL)))
                .withAuth(new AuthConfig(List.of("PLAIN"), true, false, 4096))
                .withModules(Map.of("ping", ModuleOptions.of("ping", Map.of("enabled", false))));

        assertThat(changed.limits()).isEqualTo(fast);
        assertThat(changed.listeners()).extracting(ListenerConfig::port).containsExactly(0);
        assertThat(changed.auth().allowPlainWithoutTls()).isTrue();
        assertThat(changed.module("ping").enabled()).isFalse();
        assertThat(changed.module("version").enabled()).isTrue();
        assertThat(changed.hosts()).isEqualTo(base.hosts());
        assertThat(changed.storage()).isEqualTo(base.storage());
    }

    @Test
    void recordsRefuseImpossibleValues() {
        assertThatThrownBy(() -> CausseConfig.defaults().withHosts(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListenerConfig.c2s("::", 65536, TlsPolicy.REQUIRED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostConfig("a.org", Path.of("a.crt"), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LimitsConfig(1024, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storagePasswordStaysOutOfToString() {
        StorageConfig storage = new StorageConfig("jdbc:postgresql://db/causse", "causse", "hunter2");

        assertThat(storage.toString()).doesNotContain("hunter2").contains("causse");
        assertThat(CausseConfig.defaults().withStorage(storage).toString()).doesNotContain("hunter2");
    }

    @Test
    void collectionsAreImmutableCopies() {
        CausseConfig config = CausseConfig.defaults();

        assertThatThrownBy(() -> config.hosts().add(HostConfig.selfSigned("x.org"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.modules().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
