package causse.xml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XmlWriterTest {
    @Test
    void stanzaInsideClientStreamCarriesNoXmlns() {
        XmlElement msg = XmlElement.builder("message", Namespaces.CLIENT).attribute("to", "b@x")
                .child(XmlElement.builder("body", Namespaces.CLIENT).text("a < b & \"c\"").build())
                .child(XmlElement.empty("ping", "urn:xmpp:ping")).build();
        StringBuilder sb = new StringBuilder();
        XmlWriter.write(msg, Namespaces.CLIENT, sb);
        assertThat(sb.toString()).isEqualTo(
                "<message to=\"b@x\"><body>a &lt; b &amp; \"c\"</body><ping xmlns=\"urn:xmpp:ping\"/></message>");
    }

    @Test
    void streamElementsUseTheStreamPrefixAndTheirChildrenTheirOwnNamespace() {
        XmlElement features = XmlElement.builder("features", Namespaces.STREAM)
                .child(XmlElement.empty("bind", Namespaces.BIND)).build();
        StringBuilder sb = new StringBuilder();
        XmlWriter.write(features, Namespaces.CLIENT, sb);
        assertThat(sb.toString()).isEqualTo(
                "<stream:features><bind xmlns=\"urn:ietf:params:xml:ns:xmpp-bind\"/></stream:features>");
        assertThat(XmlWriter.toXml(features)).isEqualTo("<stream:features xmlns:stream=\"" + Namespaces.STREAM
                + "\"><bind xmlns=\"urn:ietf:params:xml:ns:xmpp-bind\"/></stream:features>");
    }

    @Test
    void attributesAreEscapedAndClarkNamesGetAPrefix() {
        XmlElement e = XmlElement.builder("x", "urn:x").attribute("a", "'<&>\"")
                .attribute("{urn:y}b", "1").attribute("xml:lang", "fr").build();
        assertThat(XmlWriter.toXml(e)).isEqualTo(
                "<x xmlns=\"urn:x\" a=\"&apos;&lt;&amp;&gt;&quot;\" xmlns:ns0=\"urn:y\" ns0:b=\"1\" xml:lang=\"fr\"/>");
    }
}
