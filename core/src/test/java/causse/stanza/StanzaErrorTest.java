package causse.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import causse.jid.Jid;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import causse.xml.XmlWriter;
import org.junit.jupiter.api.Test;

class StanzaErrorTest {
    @Test
    void anErrorReplySwapsAddressesKeepsTheMessagePayloadAndOrdersConditionTextAndApplicationCondition() {
        XmlElement msg = XmlElement.builder("message", Namespaces.CLIENT).attribute("id", "m1")
                .attribute("from", "a@x/r").attribute("to", "b@x")
                .child(XmlElement.builder("body", Namespaces.CLIENT).text("hi").build()).build();
        Stanza original = Stanza.of(msg);
        Stanza reply = StanzaError.of(StanzaErrorCondition.NOT_ACCEPTABLE, "no")
                .withApplicationCondition(XmlElement.empty("blocked", "urn:xmpp:blocking:errors"))
                .replyTo(original, Jid.parse("b@x"));
        assertThat(reply.to()).isEqualTo(Jid.parse("a@x/r"));
        StringBuilder sb = new StringBuilder();
        XmlWriter.write(reply.element(), Namespaces.CLIENT, sb);
        assertThat(sb.toString()).isEqualTo("<message id=\"m1\" type=\"error\" from=\"b@x\" to=\"a@x/r\">"
                + "<body>hi</body><error type=\"modify\">"
                + "<not-acceptable xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/>"
                + "<text xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\" xml:lang=\"en\">no</text>"
                + "<blocked xmlns=\"urn:xmpp:blocking:errors\"/></error></message>");
    }

    @Test
    void iqErrorsDropThePayload() {
        XmlElement iq = XmlElement.builder("iq", Namespaces.CLIENT).attribute("id", "q").attribute("type", "get")
                .attribute("from", "a@x/r").attribute("to", "x")
                .child(XmlElement.empty("query", "urn:unknown")).build();
        Stanza reply = StanzaError.of(StanzaErrorCondition.SERVICE_UNAVAILABLE).replyTo(Stanza.of(iq), Jid.parse("x"));
        assertThat(reply.element().elements()).hasSize(1);
        assertThat(reply.element().firstElement().attribute("type")).isEqualTo("cancel");
    }
}
