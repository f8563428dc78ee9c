package causse.xml;

import static org.assertj.core.api.Assertions.assertThat;

import causse.codec.StreamEvent;
import causse.codec.StreamEvent.ElementReceived;
import causse.codec.XmppStreamDecoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a parser does to the writer's output: each element must come back equal. */
class XmlWriterEdgeCasesTest {
    private static final String HEADER =
            "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

    private static String write(XmlElement e) {
        StringBuilder sb = new StringBuilder();
        XmlWriter.write(e, Namespaces.CLIENT, sb);
        return sb.toString();
    }

    private static XmlElement parseBack(String xml) {
        EmbeddedChannel channel = new EmbeddedChannel(new XmppStreamDecoder(1 << 20));
        channel.writeInbound(Unpooled.copiedBuffer(HEADER + xml, StandardCharsets.UTF_8));
        Object opened = channel.readInbound();
        assertThat(opened).isInstanceOf(StreamEvent.StreamOpened.class);
        Object event = channel.readInbound();
        assertThat(event).as("parsing %s", xml).isInstanceOf(ElementReceived.class);
        return ((ElementReceived) event).element();
    }

    private static void assertRoundTrips(XmlElement e) {
        assertThat(parseBack(write(e))).isEqualTo(e);
    }

    @Test
    void carriageReturnsInTextSurviveLineEndNormalisation() {
        XmlElement body = XmlElement.builder("body", Namespaces.CLIENT).text("a\r\nb\rc\n").build();
        assertThat(write(body)).isEqualTo("<body>a&#13;\nb&#13;c\n</body>");
        assertRoundTrips(XmlElement.builder("message", Namespaces.CLIENT).child(body).build());
    }

    @Test
    void whitespaceInAttributesSurvivesAttributeValueNormalisation() {
        XmlElement e = XmlElement.builder("message", Namespaces.CLIENT).attribute("a", "x\ty\nz\r ").build();
        assertThat(write(e)).isEqualTo("<message a=\"x&#9;y&#10;z&#13; \"/>");
        assertRoundTrips(e);
    }

    @Test
    void aClarkKeyInTheXmlNamespaceIsWrittenWithTheXmlPrefix() {
        XmlElement clark = XmlElement.builder("message", Namespaces.CLIENT)
                .attribute("{" + Namespaces.XML + "}lang", "en").build();
        assertThat(write(clark)).isEqualTo("<message xml:lang=\"en\"/>");
        assertThat(parseBack(write(clark)).attribute("xml:lang")).isEqualTo("en");
    }

    /**
     * A peer may send {@code <xml:x/>}; declared as a default namespace ({@code xmlns="...XML/1998/namespace"})
     * it would be refused by every recipient's parser, so one client could break another's stream.
     */
    @Test
    void anElementInTheXmlNamespaceIsWrittenWithTheXmlPrefix() {
        XmlElement inner = XmlElement.builder("x", Namespaces.XML).attribute("a", "1")
                .child(XmlElement.empty("y", "urn:example")).child(XmlElement.empty("z", Namespaces.CLIENT)).build();
        XmlElement message = XmlElement.builder("message", Namespaces.CLIENT).child(inner).build();
        assertThat(write(message)).isEqualTo("<message><xml:x a=\"1\"><y xmlns=\"urn:example\"/><z/></xml:x></message>");
        assertRoundTrips(message);
        assertThat(XmlParser.parse(XmlWriter.toXml(inner))).isEqualTo(inner);
    }

    /**
     * Found by XmppStreamDecoderFuzzTest: a peer may put an element of the streams namespace inside a stanza;
     * written alone (offline storage, vCards, private XML, pubsub items) its stream: prefix was undeclared,
     * so the stored text never parsed again: the offline message was lost, the vCard answered an error.
     */
    @Test
    void aStreamsNamespaceElementInsideAStanzaParsesBackWhenWrittenAlone() {
        XmlElement message = XmlElement.builder("message", Namespaces.CLIENT)
                .child(XmlElement.builder("x", "urn:example").child(XmlElement.empty("y", Namespaces.STREAM)).build()).build();
        assertThat(XmlWriter.toXml(message)).isEqualTo("<message xmlns:stream=\"" + Namespaces.STREAM
                + "\" xmlns=\"jabber:client\"><x xmlns=\"urn:example\"><stream:y/></x></message>");
        assertThat(XmlParser.parse(XmlWriter.toXml(message))).isEqualTo(message);
        assertRoundTrips(message);
        XmlElement features = XmlElement.builder("features", Namespaces.STREAM).child(XmlElement.empty("x", "urn:a")).build();
        assertThat(XmlParser.parse(XmlWriter.toXml(features))).isEqualTo(features);
    }

    @Test
    void markupCharactersAndTheirNeighboursRoundTrip() {
        assertRoundTrips(XmlElement.builder("message", Namespaces.CLIENT).attribute("id", "<&>\"'")
                .child(XmlElement.builder("body", Namespaces.CLIENT).text("]]> & < > \" ' &amp; héllo 😀").build())
                .build());
    }

    @Test
    void namespaceChangesAndClarkAttributesRoundTrip() {
        assertRoundTrips(XmlElement.builder("message", Namespaces.CLIENT)
                .attribute("{urn:a}x", "1").attribute("{urn:b}y", "2")
                .child(XmlElement.builder("c", "urn:a").attribute("{urn:a}z", "3")
                        .child(XmlElement.builder("none", "").child(XmlElement.empty("back", Namespaces.CLIENT)).build())
                        .build())
                .text("tail").build());
    }

    @Test
    void streamLevelElementsRoundTripInsideAStream() {
        assertRoundTrips(XmlElement.builder("error", Namespaces.STREAM)
                .child(XmlElement.empty("conflict", Namespaces.STREAMS_ERRORS))
                .child(XmlElement.builder("text", Namespaces.STREAMS_ERRORS).attribute("xml:lang", "en").text("x").build())
                .build());
    }

    @Test
    void textWithoutSpecialCharactersIsCopiedAsIs() {
        StringBuilder sb = new StringBuilder("prefix:");
        XmlWriter.escapeText("plain text, nothing to escape", sb);
        assertThat(sb).hasToString("prefix:plain text, nothing to escape");
        sb.setLength(0);
        XmlWriter.escapeAttribute("", sb);
        assertThat(sb).isEmpty();
    }
}
