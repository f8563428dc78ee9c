package causse.server.modules.caps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.jid.Jid;
import causse.module.EntityCaps;
import causse.server.SmackServerExtension;
import causse.server.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.caps.EntityCapsManager;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** XEP-0115 with a real client: Smack announces its caps, the server learns its features and follows changes. */
class CapsSmackTest {
    @RegisterExtension
    static final SmackServerExtension smack = SmackServerExtension.withUsers("alice", "bob");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static CapsModule caps;
    private static final List<Notice> notices = new CopyOnWriteArrayList<>();

    private record Notice(Jid jid, Set<String> features) {
    }

    @BeforeAll
    static void findModule() {
        caps = (CapsModule) smack.server().server().module(EntityCaps.class).orElseThrow();
        caps.addListener((jid, features) -> notices.add(new Notice(jid, features)));
    }

    /** Logs in with {@code feature} already announced in the initial presence. */
    private static XMPPTCPConnection login(String user, String resource, String feature) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(
                smack.server().smackConfig(user, TestServer.PASSWORD, resource).build());
        smack.track(c);
        ServiceDiscoveryManager.getInstanceFor(c).addFeature(feature);
        c.connect().login();
        return c;
    }

    private static Jid jidOf(XMPPTCPConnection c) {
        return Jid.parse(c.getUser().toString());
    }

    private static List<Set<String>> noticesOf(Jid jid) {
        return notices.stream().filter(n -> n.jid().equals(jid)).map(Notice::features).toList();
    }

    @Test
    void theFeaturesOfAClientAreLearntAndFollowedWhenItAddsOne() throws Exception {
        XMPPTCPConnection alice = login("alice", "phone", "urn:example:x+notify");
        Jid jid = jidOf(alice);
        assertThat(EntityCapsManager.getInstanceFor(alice).entityCapsEnabled()).isTrue();

        await().atMost(WAIT).until(() -> caps.features(jid).contains("urn:example:x+notify"));
        assertThat(caps.features(jid)).contains("http://jabber.org/protocol/caps",
                "http://jabber.org/protocol/disco#info").doesNotContain("urn:example:y+notify");
        assertThat(noticesOf(jid)).singleElement().isEqualTo(caps.features(jid));

        // Smack computes a new ver and sends its presence again.
        ServiceDiscoveryManager.getInstanceFor(alice).addFeature("urn:example:y+notify");
        await().atMost(WAIT).until(() -> caps.features(jid).contains("urn:example:y+notify"));
        assertThat(caps.features(jid)).contains("urn:example:x+notify");
        assertThat(noticesOf(jid)).hasSize(2).last().isEqualTo(caps.features(jid));

        alice.disconnect();
        await().atMost(WAIT).until(() -> caps.features(jid).isEmpty());
    }

    @Test
    void aVerifiedVerIsSharedByTheNextClientThatAnnouncesIt() throws Exception {
        int before = caps.cachedVers();
        XMPPTCPConnection first = login("bob", "one", "urn:example:shared+notify");
        Jid firstJid = jidOf(first);
        await().atMost(WAIT).until(() -> caps.features(firstJid).contains("urn:example:shared+notify"));
        // Smack's answer hashes to its ver: cached for everyone.
        int cached = caps.cachedVers();
        assertThat(cached).isEqualTo(before + 1);

        XMPPTCPConnection second = login("bob", "two", "urn:example:shared+notify");
        Jid secondJid = jidOf(second);
        await().atMost(WAIT).until(() -> caps.features(secondJid).contains("urn:example:shared+notify"));
        assertThat(caps.features(secondJid)).isEqualTo(caps.features(firstJid));
        assertThat(caps.cachedVers()).isEqualTo(cached);
    }
}
