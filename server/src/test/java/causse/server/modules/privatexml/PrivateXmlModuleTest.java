package causse.server.modules.privatexml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import causse.server.SmackServerExtension;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/** Private XML storage (XEP-0049) against a real server, with the exact requests a client sends. */
class PrivateXmlModuleTest {
    private static final String NS = "jabber:iq:private";
    @RegisterExtension
    static final SmackServerExtension smack = SmackServerExtension.withUsers("alice", "bob");

    private XMPPTCPConnection login(String user) throws Exception {
        return smack.login(user, "res");
    }

    private static String request(XMPPTCPConnection c, IQ.Type type, String to, String inner) throws Exception {
        IQ answer = c.sendIqRequestAndWaitForResponse(
                new RawIq(type, to == null ? null : JidCreate.from(to), "query", NS, inner));
        // Smack parses jabber:iq:private answers itself; its serialisation keeps names, namespaces and texts.
        return answer.toXML().toString();
    }

    private static StanzaError.Condition errorOf(XMPPTCPConnection c, IQ.Type type, String to, String inner) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> request(c, type, to, inner));
        assertThat(t).isInstanceOf(XMPPException.XMPPErrorException.class);
        return ((XMPPException.XMPPErrorException) t).getStanzaError().getCondition();
    }

    @Test
    void storesAndReturnsFragmentsByNamespaceAndSurvivesReconnect() throws Exception {
        XMPPTCPConnection alice = login("alice");
        request(alice, IQ.Type.set, null, "<prefs xmlns='urn:example:prefs'><theme dark='yes'>night</theme></prefs>"
                + "<notes xmlns='urn:example:notes'><item>milk</item></notes>");
        alice.disconnect();

        XMPPTCPConnection again = login("alice");
        assertThat(request(again, IQ.Type.get, "alice@localhost", "<prefs xmlns='urn:example:prefs'/>"))
                .contains("urn:example:prefs").contains("night").doesNotContain("milk");
        assertThat(request(again, IQ.Type.get, null, "<notes xmlns='urn:example:notes'/>")).contains("milk");
        // Same namespace, other element name: another key.
        assertThat(request(again, IQ.Type.get, null, "<prefs xmlns='urn:example:notes'/>")).doesNotContain("milk");
    }

    @Test
    void unknownKeyReturnsTheEmptyElement() throws Exception {
        XMPPTCPConnection bob = login("bob");
        String answer = request(bob, IQ.Type.get, null, "<nothing xmlns='urn:example:none'/>");
        assertThat(answer).contains("nothing").contains("urn:example:none");
    }

    @Test
    void errorsOfXep0049() throws Exception {
        XMPPTCPConnection bob = login("bob");
        assertThat(errorOf(bob, IQ.Type.get, null, "")).isEqualTo(StanzaError.Condition.bad_request);
        assertThat(errorOf(bob, IQ.Type.get, null, "<a xmlns='urn:x:a'/><b xmlns='urn:x:b'/>"))
                .isEqualTo(StanzaError.Condition.bad_request);
        assertThat(errorOf(bob, IQ.Type.set, null, "")).isEqualTo(StanzaError.Condition.not_acceptable);
        assertThat(errorOf(bob, IQ.Type.set, null, "<inherits/>")).isEqualTo(StanzaError.Condition.not_acceptable);
        assertThat(errorOf(bob, IQ.Type.set, null, "<message xmlns='jabber:client'/>"))
                .isEqualTo(StanzaError.Condition.not_acceptable);
        assertThat(errorOf(bob, IQ.Type.get, null, "<query xmlns='jabber:iq:private'/>"))
                .isEqualTo(StanzaError.Condition.not_acceptable);
        assertThat(errorOf(bob, IQ.Type.get, "alice@localhost", "<prefs xmlns='urn:example:prefs'/>"))
                .isEqualTo(StanzaError.Condition.forbidden);
        assertThat(errorOf(bob, IQ.Type.set, "alice@localhost", "<prefs xmlns='urn:example:prefs'/>"))
                .isEqualTo(StanzaError.Condition.forbidden);
    }
}
