package causse.server.modules.vcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import causse.server.SmackServerExtension;
import causse.server.TestServer;
import causse.server.config.ModuleOptions;
import causse.server.modules.privatexml.RawIq;
import java.util.Map;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/** vCard-temp (XEP-0054) through Smack's VCardManager against a real server. */
class VcardModuleTest {
    @RegisterExtension
    static final SmackServerExtension smack = SmackServerExtension.configured(c -> c.withModules(Map.of("vcard",
            ModuleOptions.of("vcard", Map.of("max_size", 2048)))), "alice", "bob", "carol", "dave");

    private XMPPTCPConnection login(String user) throws Exception {
        return smack.login(user, "res");
    }

    private static EntityBareJid bare(String user) throws Exception {
        return JidCreate.entityBareFrom(user + "@" + TestServer.DOMAIN);
    }

    @Test
    void ownVcardRoundTripsAndOthersReadIt() throws Exception {
        XMPPTCPConnection alice = login("alice");
        VCard card = new VCard();
        card.setFirstName("Alice");
        card.setLastName("Liddell");
        card.setNickName("ali");
        card.setEmailHome("alice@example.org");
        VCardManager.getInstanceFor(alice).saveVCard(card);

        VCard own = VCardManager.getInstanceFor(alice).loadVCard();
        assertThat(own.getFirstName()).isEqualTo("Alice");
        assertThat(own.getEmailHome()).isEqualTo("alice@example.org");

        XMPPTCPConnection bob = login("bob");
        VCard seen = VCardManager.getInstanceFor(bob).loadVCard(bare("alice"));
        assertThat(seen.getNickName()).isEqualTo("ali");
        assertThat(seen.getLastName()).isEqualTo("Liddell");
    }

    @Test
    void ownMissingVcardIsEmptyAndAnothersIsServiceUnavailable() throws Exception {
        XMPPTCPConnection carol = login("carol");
        VCard own = VCardManager.getInstanceFor(carol).loadVCard();
        assertThat(own.getFirstName()).isNull();
        assertThat(own.getNickName()).isNull();

        assertThatThrownBy(() -> VCardManager.getInstanceFor(carol).loadVCard(bare("dave")))
                .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e -> assertThat(
                        e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable));
        // The same answer for an account that does not exist: no directory harvesting (XEP-0054 §3.3).
        assertThatThrownBy(() -> VCardManager.getInstanceFor(carol).loadVCard(bare("nobody")))
                .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e -> assertThat(
                        e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable));
    }

    @Test
    void writingAnothersVcardIsForbidden() throws Exception {
        XMPPTCPConnection bob = login("bob");
        RawIq set = new RawIq(IQ.Type.set, bare("alice"), "vCard", "vcard-temp", "<FN>Mallory</FN>");
        assertThatThrownBy(() -> bob.sendIqRequestAndWaitForResponse(set))
                .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e -> assertThat(
                        e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
    }

    @Test
    void oversizeVcardIsNotAcceptableAndKeepsTheOldOne() throws Exception {
        XMPPTCPConnection bob = login("bob");
        VCard small = new VCard();
        small.setNickName("bobby");
        VCardManager.getInstanceFor(bob).saveVCard(small);

        VCard big = new VCard();
        big.setNickName("x".repeat(4000));
        assertThatThrownBy(() -> VCardManager.getInstanceFor(bob).saveVCard(big))
                .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e -> assertThat(
                        e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable));
        assertThat(VCardManager.getInstanceFor(bob).loadVCard().getNickName()).isEqualTo("bobby");
    }

    @Test
    void serverAdvertisesVcardTemp() throws Exception {
        XMPPTCPConnection alice = login("alice");
        assertThat(ServiceDiscoveryManager.getInstanceFor(alice)
                .serverSupportsFeature("vcard-temp")).isTrue();
    }
}
