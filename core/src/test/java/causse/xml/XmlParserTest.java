package causse.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class XmlParserTest {
    @Test
    void whatTheWriterWritesParsesBackEqual() {
        XmlElement msg = XmlElement.builder("message", Namespaces.CLIENT).attribute("to", "b@x").attribute("xml:lang", "fr")
                .attribute("{urn:y}flag", "1")
                .child(XmlElement.builder("body", Namespaces.CLIENT).text("a < b & \"c\" é日本😀\r\n").build())
                .child(XmlElement.builder("delay", "urn:xmpp:delay").attribute("stamp", "2026-01-01T00:00:00Z").build())
                .build();
        assertThat(XmlParser.parse(XmlWriter.toXml(msg))).isEqualTo(msg);
    }

    @Test
    void restrictedXmlAndGarbageAreRefused() {
        assertThatThrownBy(() -> XmlParser.parse("<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlParser.parse("<a><!-- no --></a>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlParser.parse("<a><?pi x?></a>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlParser.parse("<a>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlParser.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
