package causse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import causse.server.config.ConfigException;
import causse.server.config.ModuleOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/** Each module's disco#info features appear exactly when the module runs; a mistake in `modules` stops start-up. */
class ModuleSwitchesTest {
    static final Map<String, String> FEATURE_OF = Map.of(
            "ping", "urn:xmpp:ping", "version", "jabber:iq:version", "time", "urn:xmpp:time",
            "vcard", "vcard-temp", "blocking", "urn:xmpp:blocking", "carbons", "urn:xmpp:carbons:2",
            "offline", "msgoffline", "register", "jabber:iq:register", "private", "jabber:iq:private",
            "caps", "http://jabber.org/protocol/caps");

    @Test
    void defaultsAdvertiseEveryModuleButRegistration(@TempDir Path dir) throws Exception {
        DiscoverInfo info = serverInfo(dir, Map.of());
        FEATURE_OF.forEach((module, feature) -> {
            if (!module.equals("register") && !module.equals("private")) {
                assertThat(info.containsFeature(feature)).as(module).isTrue();
            }
        });
        assertThat(info.containsFeature("jabber:iq:register")).isFalse();
    }

    @Test
    void disabledModulesAreNotAdvertisedAndRegistrationIsWhenAskedFor(@TempDir Path dir) throws Exception {
        Map<String, ModuleOptions> modules = new java.util.HashMap<>();
        for (String m : List.of("ping", "version", "time", "vcard", "blocking", "carbons", "offline", "caps")) {
            modules.put(m, ModuleOptions.of(m, Map.of("enabled", false)));
        }
        modules.put("register", ModuleOptions.of("register", Map.of("enabled", true)));
        DiscoverInfo info = serverInfo(dir, modules);
        for (String m : List.of("ping", "version", "time", "vcard", "blocking", "carbons", "offline", "caps")) {
            assertThat(info.containsFeature(FEATURE_OF.get(m))).as(m).isFalse();
        }
        assertThat(info.containsFeature("jabber:iq:register")).isTrue();
        assertThat(info.containsFeature("http://jabber.org/protocol/disco#info")).isTrue();
    }

    @Test
    void anUnknownModuleOrOptionStopsStartUp(@TempDir Path dir) {
        assertThatThrownBy(() -> TestServer.start(dir, c -> c.withModules(Map.of("chatrooms",
                ModuleOptions.of("chatrooms", Map.of())))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown module 'chatrooms'");
        assertThatThrownBy(() -> TestServer.start(dir, c -> c.withModules(Map.of("blocking",
                ModuleOptions.of("blocking", Map.of("max_blocked", 10))))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max_blocked");
        assertThatThrownBy(() -> TestServer.start(dir, c -> c.withModules(Map.of("caps",
                ModuleOptions.of("caps", Map.of("cache_size", 0))))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cache_size");
        // Nothing was left open: the data directory's database is free again.
        assertThat(dir.resolve("causse.lock.db")).doesNotExist();
    }

    private static DiscoverInfo serverInfo(Path dir, Map<String, ModuleOptions> modules) throws Exception {
        try (TestServer server = TestServer.start(dir, c -> c.withModules(modules))) {
            server.addUser("probe");
            XMPPTCPConnection c = server.login("probe", "disco");
            try {
                return ServiceDiscoveryManager.getInstanceFor(c).discoverInfo(JidCreate.domainBareFrom("localhost"));
            } finally {
                c.disconnect();
            }
        }
    }
}
