package causse.codec;

import static causse.codec.DecoderHarness.HEADER;
import static causse.codec.DecoderHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import causse.codec.DecoderHarness.Kind;
import causse.codec.StreamEvent.ElementReceived;
import causse.codec.StreamEvent.StreamClosed;
import causse.codec.StreamEvent.StreamOpened;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import causse.xml.XmlText;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class XmppStreamDecoderTest {
    static final String TRANSCRIPT = HEADER
            + "  \n"
            + "<message to='b@localhost' type='chat' id='m1' xml:lang='fr'>"
            + "<body>héllo 日本 😀 &amp;&lt;&#65;&#x1F600;&gt;&quot;&apos;</body>"
            + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>"
            + " \n\t "
            + "<iq type='get' id='i1'><query xmlns='jabber:iq:roster' ver=''/></iq>"
            + "<presence><show>away</show><status>out <![CDATA[<b>lunch</b> & ]]>now</status>"
            + "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/></presence>"
            + "<iq type='set' id='i2'><pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='n'>"
            + "<item id='1'><entry xmlns='http://www.w3.org/2005/Atom'><title xml:lang='en'>T</title>"
            + "<p:x xmlns:p='urn:p' p:attr='v' plain='1'>nested <b>mixed</b> tail</p:x></entry></item>"
            + "</publish></pubsub></iq>"
            + "<message to='c@localhost' xmlns:ext='urn:ext' ext:hint='1'><body xmlns=''>second</body></message>"
            + " "
            + "</stream:stream>";

    static final int MAX = 64 * 1024;

    private static List<StreamEvent> decodeWhole(Kind kind) {
        DecoderHarness h = new DecoderHarness(MAX).feed(utf8(TRANSCRIPT), kind);
        h.assertAllReleased();
        return h.events;
    }

    @Test
    void wholeTranscriptGivesTheStreamItsElementsAndTheClose() {
        List<StreamEvent> events = decodeWhole(Kind.HEAP_OFFSET);

        assertThat(events).hasSize(7);
        StreamOpened opened = (StreamOpened) events.get(0);
        assertThat(opened.name()).isEqualTo("stream");
        assertThat(opened.namespace()).isEqualTo(Namespaces.STREAM);
        assertThat(opened.attributes()).containsExactly(Map.entry("to", "localhost"), Map.entry("version", "1.0"),
                Map.entry("xml:lang", "en"));
        assertThat(opened.declarations()).containsExactly(Map.entry("", Namespaces.CLIENT),
                Map.entry("stream", Namespaces.STREAM));
        assertThat(opened.contentNamespace()).isEqualTo(Namespaces.CLIENT);

        XmlElement message = XmlElement.builder("message", Namespaces.CLIENT).attribute("to", "b@localhost")
                .attribute("type", "chat").attribute("id", "m1").attribute("xml:lang", "fr")
                .child(XmlElement.builder("body", Namespaces.CLIENT).text("héllo 日本 😀 &<A😀>\"'").build())
                .child(XmlElement.empty("active", "http://jabber.org/protocol/chatstates")).build();
        assertThat(((ElementReceived) events.get(1)).element()).isEqualTo(message);
        assertThat(events.get(6)).isInstanceOf(StreamClosed.class);
    }

    @Test
    void namespacesAttributesAndMixedContentAreResolved() {
        List<StreamEvent> events = decodeWhole(Kind.HEAP_OFFSET);

        XmlElement iq = ((ElementReceived) events.get(2)).element();
        assertThat(iq.is("iq", Namespaces.CLIENT)).isTrue();
        assertThat(iq.child("query", "jabber:iq:roster").attributes()).containsExactly(Map.entry("ver", ""));

        XmlElement presence = ((ElementReceived) events.get(3)).element();
        assertThat(presence.childText("status", Namespaces.CLIENT)).isEqualTo("out <b>lunch</b> & now");
        assertThat(presence.child("status", Namespaces.CLIENT).children()).hasSize(1);

        XmlElement entry = ((ElementReceived) events.get(4)).element().firstElement().firstElement().firstElement()
                .firstElement();
        assertThat(entry.is("entry", "http://www.w3.org/2005/Atom")).isTrue();
        assertThat(entry.child("title", "http://www.w3.org/2005/Atom").attribute("xml:lang")).isEqualTo("en");
        XmlElement x = entry.child("x", "urn:p");
        assertThat(x.attributes()).containsExactly(Map.entry("{urn:p}attr", "v"), Map.entry("plain", "1"));
        assertThat(x.children()).containsExactly(new XmlText("nested "),
                XmlElement.builder("b", "http://www.w3.org/2005/Atom").text("mixed").build(), new XmlText(" tail"));

        XmlElement second = ((ElementReceived) events.get(5)).element();
        assertThat(second.attributes()).containsExactly(Map.entry("to", "c@localhost"), Map.entry("{urn:ext}hint", "1"));
        assertThat(second.child("body", "").text()).isEqualTo("second");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyBufferKindGivesTheSameEvents(Kind kind) {
        assertThat(decodeWhole(kind)).isEqualTo(decodeWhole(Kind.HEAP_OFFSET));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void oneByteAtATimeGivesTheSameEvents(Kind kind) {
        byte[] bytes = utf8(TRANSCRIPT);
        DecoderHarness h = new DecoderHarness(MAX);
        for (byte b : bytes) {
            h.feed(new byte[] {b}, kind);
        }
        assertThat(h.events).isEqualTo(decodeWhole(Kind.HEAP_OFFSET));
        h.assertAllReleased();
    }

    @Test
    void randomSplitsGiveTheSameEvents() {
        List<StreamEvent> expected = decodeWhole(Kind.HEAP_OFFSET);
        byte[] bytes = utf8(TRANSCRIPT);
        Random random = new Random(20261123L);
        Kind[] kinds = Kind.values();
        for (int iteration = 0; iteration < 500; iteration++) {
            int[] cuts = randomCuts(random, bytes.length, 1 + random.nextInt(40));
            DecoderHarness h = new DecoderHarness(MAX);
            h.feedCut(bytes, cuts, kinds[iteration % kinds.length]);
            assertThat(h.events).as("iteration %d", iteration).isEqualTo(expected);
            h.assertAllReleased();
        }
    }

    static int[] randomCuts(Random random, int length, int count) {
        TreeSet<Integer> cuts = new TreeSet<>();
        while (cuts.size() < Math.min(count, length - 1)) {
            cuts.add(1 + random.nextInt(length - 1));
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aUtf8CharacterCutBetweenChunksIsReassembled(Kind kind) {
        String prefix = HEADER + "<message><body>a";
        String rest = "😀日é</body></message>";
        byte[] bytes = utf8(prefix + rest);
        int start = utf8(prefix).length;
        for (int cut = start + 1; cut < start + 4 + 3 + 2; cut++) {
            DecoderHarness h = new DecoderHarness(MAX).feedCut(bytes, new int[] {cut}, kind);
            assertThat(h.elements()).as("cut at %d", cut).hasSize(1);
            assertThat(h.elements().get(0).childText("body", Namespaces.CLIENT)).isEqualTo("a😀日é");
        }
    }

    /**
     * Found by XmppStreamDecoderFuzzTest: Aalto's async reader dropped a character outside the BMP from an
     * attribute value or a namespace URI when a read cut its four bytes (the resource 'a😀' became 'a').
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCharacterOutsideTheBmpCutBetweenReadsSurvivesInAttributesAndNamespaces(Kind kind) {
        String xml = HEADER + "<message to='b@localhost/a😀' id='日😀é'><x xmlns='urn:😀' xmlns:p='urn:p😀' p:a='😀'/></message>";
        byte[] bytes = utf8(xml);
        XmlElement expected = new DecoderHarness(MAX).feed(xml).elements().get(0);
        assertThat(expected.attribute("to")).isEqualTo("b@localhost/a😀");
        assertThat(expected.firstElement().namespace()).isEqualTo("urn:😀");
        int[] everyByte = new int[bytes.length - 1];
        java.util.Arrays.setAll(everyByte, i -> i + 1);
        assertThat(new DecoderHarness(MAX).feedCut(bytes, everyByte, kind).elements()).containsExactly(expected);
        for (int cut = utf8(HEADER).length; cut < bytes.length; cut++) {
            DecoderHarness h = new DecoderHarness(MAX).feedCut(bytes, new int[] {cut}, kind);
            assertThat(h.elements()).as("cut at %d", cut).containsExactly(expected);
            h.assertAllReleased();
        }
        // A stream header cut inside such a character keeps it too.
        String header = HEADER.replace("to='localhost'", "to='localhost' from='x@localhost/😀'");
        DecoderHarness h = new DecoderHarness(MAX);
        for (byte b : utf8(header)) {
            h.feed(new byte[] {b}, kind);
        }
        assertThat(((StreamOpened) h.events.get(0)).attribute("from")).isEqualTo("x@localhost/😀");
    }

    @Test
    void textArrivingInManyPiecesBecomesOneTextNode() {
        String text = "0123456789abcdef".repeat(2000);
        byte[] bytes = utf8(HEADER + "<message><body>" + text + "</body></message>");
        DecoderHarness h = new DecoderHarness(MAX);
        h.feedCut(bytes, everyN(bytes.length, 7), Kind.DIRECT);
        XmlElement body = h.elements().get(0).firstElement();
        assertThat(body.children()).containsExactly(new XmlText(text));

        DecoderHarness whole = new DecoderHarness(MAX).feed(bytes, Kind.HEAP_OFFSET);
        assertThat(bytes.length).isGreaterThan(3 * XmppStreamDecoder.SLICE);
        assertThat(whole.elements().get(0).firstElement().children()).containsExactly(new XmlText(text));
    }

    static int[] everyN(int length, int n) {
        int[] cuts = new int[(length - 1) / n];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (i + 1) * n;
        }
        return cuts;
    }

    @Test
    void whitespaceKeepAlivesProduceNoEvents() {
        DecoderHarness h = new DecoderHarness(MAX).feed(HEADER);
        for (int i = 0; i < 100; i++) {
            h.feed(" ").feed("\n").feed("\t \r\n");
        }
        assertThat(h.events).hasSize(1).first().isInstanceOf(StreamOpened.class);
        h.feed("<presence/>");
        assertThat(h.elements()).containsExactly(XmlElement.empty("presence", Namespaces.CLIENT));
        h.assertAllReleased();
    }

    @Test
    void aStreamWithoutXmlDeclarationOrWithAUtf8OneIsAccepted() {
        String header = "<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'>";
        for (String prolog : List.of("", "<?xml version='1.0' encoding='UTF-8'?>", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")) {
            DecoderHarness h = new DecoderHarness(MAX).feed(prolog + header + "<db:result xmlns:db='jabber:server:dialback'/>");
            assertThat(((StreamOpened) h.events.get(0)).contentNamespace()).isEqualTo(Namespaces.SERVER);
            assertThat(h.elements()).containsExactly(XmlElement.empty("result", "jabber:server:dialback"));
        }
    }

    @Test
    void streamLevelElementsKeepTheStreamNamespace() {
        DecoderHarness h = new DecoderHarness(MAX).feed(HEADER
                + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism>"
                + "</mechanisms></stream:features><stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "</stream:error>");
        assertThat(h.elements()).extracting(XmlElement::name, XmlElement::namespace)
                .containsExactly(tuple("features", Namespaces.STREAM),
                        tuple("error", Namespaces.STREAM));
    }

    @Test
    void otherMessagesPassThrough() {
        DecoderHarness h = new DecoderHarness(MAX);
        h.channel.writeInbound("not bytes");
        assertThat(h.others).containsExactly("not bytes");
        assertThat(h.events).isEmpty();
    }

    @Test
    void nothingIsReadAfterTheStreamCloses() {
        DecoderHarness h = new DecoderHarness(MAX).feed(HEADER + "</stream:stream>").feed("<message/>junk<");
        assertThat(h.events).hasSize(2).last().isInstanceOf(StreamClosed.class);
        h.assertAllReleased();
    }

    @Test
    void aConnectionClosedMidStanzaEmitsNothingMore() {
        DecoderHarness h = new DecoderHarness(MAX).feed(HEADER + "<message><body>half");
        h.channel.close();
        assertThat(h.events).hasSize(1);
        h.assertAllReleased();
    }
}
