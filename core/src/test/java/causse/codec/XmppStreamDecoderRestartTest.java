package causse.codec;

import static causse.codec.DecoderHarness.HEADER;
import static causse.codec.DecoderHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import causse.codec.DecoderHarness.Kind;
import causse.codec.StreamEvent.ElementReceived;
import causse.codec.StreamEvent.StreamOpened;
import causse.stanza.StreamErrorCondition;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Stream restarts after STARTTLS and SASL (RFC 6120 §4.3.3), and holding input while SASL is pending. */
class XmppStreamDecoderRestartTest {
    private static final int MAX = 16 * 1024;
    private static final String STARTTLS = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
    private static final String AUTH = "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFAYg==</auth>";
    private static final String BIND = "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>";
    private static final String INJECTED = "<message to='victim@localhost'><body>injected</body></message>";

    /** What the stream handler does on each negotiation element, synchronously. */
    private static final BiConsumer<XmppStreamDecoder, XmlElement> NEGOTIATOR = (decoder, e) -> {
        if (e.is("starttls", Namespaces.TLS)) {
            decoder.restart(true);
        } else if (e.is("auth", Namespaces.SASL)) {
            decoder.restart(false);
        }
    };

    private static boolean injected(DecoderHarness h) {
        return h.elements().stream().anyMatch(e -> e.toString().contains("injected"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void bytesAfterStarttlsInTheSameChunkAreDropped(Kind kind) {
        byte[] first = utf8(HEADER + STARTTLS + INJECTED + "<presence/>");
        int starttlsEnd = utf8(HEADER + STARTTLS).length;
        // Every way of cutting the input before </starttls> ends leaves the injection in the chunk
        // that completes <starttls/>.
        for (int cut = 1; cut < starttlsEnd; cut++) {
            DecoderHarness h = new DecoderHarness(MAX).onElement(NEGOTIATOR);
            h.feedCut(first, new int[] {cut}, kind);
            assertThat(h.events).as("cut %d", cut).hasSize(2);
            assertThat(h.elements()).extracting(XmlElement::name).containsExactly("starttls");

            // What comes next (over TLS, in real life) is a new stream.
            h.feed(utf8(HEADER + BIND), kind);
            assertThat(h.events).hasSize(4);
            assertThat(h.events.get(2)).isInstanceOf(StreamOpened.class);
            assertThat(h.elements()).extracting(XmlElement::name).containsExactly("starttls", "iq");
            assertThat(injected(h)).isFalse();
            h.assertAllReleased();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void bytesAfterSaslSuccessStartTheNewStream(Kind kind) {
        byte[] bytes = utf8(HEADER + AUTH + HEADER + BIND + "<presence/>");
        List<StreamEvent> expected = new DecoderHarness(MAX).onElement(NEGOTIATOR)
                .feed(bytes, Kind.HEAP_OFFSET).events;
        assertThat(expected).hasSize(5);
        assertThat(expected.get(2)).isInstanceOf(StreamOpened.class);
        assertThat(expected.get(4)).isEqualTo(new ElementReceived(XmlElement.empty("presence", Namespaces.CLIENT)));

        for (int cut = 1; cut < bytes.length; cut++) {
            DecoderHarness h = new DecoderHarness(MAX).onElement(NEGOTIATOR).feedCut(bytes, new int[] {cut}, kind);
            assertThat(h.events).as("cut %d", cut).isEqualTo(expected);
            h.assertAllReleased();
        }
    }

    @Test
    void aRestartThatKeepsBytesCanBeFollowedByOneThatDropsThem() {
        String all = HEADER + AUTH + HEADER + STARTTLS + INJECTED;
        DecoderHarness h = new DecoderHarness(MAX).onElement(NEGOTIATOR).feed(all);
        assertThat(h.elements()).extracting(XmlElement::name).containsExactly("auth", "starttls");
        assertThat(h.events).hasSize(4);
        h.feed(HEADER + "<presence/>");
        assertThat(h.elements()).extracting(XmlElement::name).containsExactly("auth", "starttls", "presence");
    }

    @Test
    void aRestartOutsideADispatchAppliesToTheNextBytes() {
        DecoderHarness h = new DecoderHarness(MAX).feed(HEADER + AUTH);
        h.decoder.restart(false);
        h.feed(HEADER + BIND);
        assertThat(h.events).hasSize(4);
        assertThat(h.events.get(2)).isInstanceOf(StreamOpened.class);
        assertThat(h.elements()).extracting(XmlElement::name).containsExactly("auth", "iq");
    }

    @Test
    void aRestartOutsideADispatchForgetsAHalfReadElement() {
        DecoderHarness h = new DecoderHarness(MAX).feed(HEADER + "<message><bo");
        h.decoder.restart(true);
        h.feed(HEADER + "<presence/>");
        assertThat(h.elements()).extracting(XmlElement::name).containsExactly("presence");
    }

    // ---- suspension: the SASL outcome comes later, from storage -----------------------------

    private static final BiConsumer<XmppStreamDecoder, XmlElement> SUSPEND_ON_AUTH = (decoder, e) -> {
        if (e.is("auth", Namespaces.SASL)) {
            decoder.suspend();
        }
    };

    @ParameterizedTest
    @EnumSource(Kind.class)
    void pipelinedBytesAreHeldUntilTheSaslOutcomeThenStartTheNewStream(Kind kind) {
        byte[] bytes = utf8(HEADER + AUTH + HEADER + BIND);
        for (int cut = 1; cut < bytes.length; cut++) {
            DecoderHarness h = new DecoderHarness(MAX).onElement(SUSPEND_ON_AUTH).feedCut(bytes, new int[] {cut}, kind);
            h.feed(utf8("<presence/>"), kind);
            assertThat(h.events).as("cut %d", cut).hasSize(2);

            h.decoder.restart(false);
            assertThat(h.events).hasSize(5);
            assertThat(h.events.get(2)).isInstanceOf(StreamOpened.class);
            assertThat(h.elements()).extracting(XmlElement::name).containsExactly("auth", "iq", "presence");
            h.assertAllReleased();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void afterASaslFailureTheHeldBytesContinueTheSameStream(Kind kind) {
        byte[] bytes = utf8(HEADER + AUTH + AUTH.replace("AGFAYg==", "AGFAYw==") + "<presence/>");
        for (int cut = 1; cut < bytes.length; cut++) {
            DecoderHarness h = new DecoderHarness(MAX).onElement(SUSPEND_ON_AUTH).feedCut(bytes, new int[] {cut}, kind);
            assertThat(h.elements()).as("cut %d", cut).hasSize(1);
            h.decoder.resume();
            assertThat(h.elements()).as("cut %d", cut).hasSize(2);
            h.decoder.resume();
            assertThat(h.elements()).extracting(XmlElement::text).containsExactly("AGFAYg==", "AGFAYw==", "");
            assertThat(h.events).hasSize(4);
            h.assertAllReleased();
        }
    }

    @Test
    void randomSplitsWithRestartsAndSuspensionsGiveTheSameEvents() {
        String laterAuth = AUTH.replace("PLAIN", "SCRAM-SHA-1");
        byte[] bytes = utf8(HEADER + "<presence/>" + AUTH + HEADER + BIND + "<message><body>x</body></message>"
                + laterAuth + "  " + HEADER + "<presence/>" + laterAuth + HEADER + "</stream:stream>");
        List<StreamEvent> expected = runWithNegotiation(bytes, new int[0], Kind.HEAP_OFFSET);
        assertThat(expected).hasSize(12);
        java.util.Random random = new java.util.Random(4_3_3L);
        Kind[] kinds = Kind.values();
        for (int iteration = 0; iteration < 400; iteration++) {
            int[] cuts = XmppStreamDecoderTest.randomCuts(random, bytes.length, 1 + random.nextInt(60));
            assertThat(runWithNegotiation(bytes, cuts, kinds[iteration % kinds.length]))
                    .as("iteration %d", iteration).isEqualTo(expected);
        }
        assertThat(runWithNegotiation(bytes, XmppStreamDecoderTest.everyN(bytes.length, 1), Kind.DIRECT))
                .isEqualTo(expected);
    }

    /** PLAIN succeeds at once; SCRAM suspends and succeeds once the read is over, as storage would. */
    private static List<StreamEvent> runWithNegotiation(byte[] bytes, int[] cuts, Kind kind) {
        boolean[] pending = new boolean[1];
        DecoderHarness h = new DecoderHarness(MAX).onElement((decoder, e) -> {
            if (e.is("auth", Namespaces.SASL) && "PLAIN".equals(e.attribute("mechanism"))) {
                decoder.restart(false);
            } else if (e.is("auth", Namespaces.SASL)) {
                decoder.suspend();
                pending[0] = true;
            }
        });
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : bytes.length;
            h.feed(DecoderHarness.slice(bytes, from, to), kind);
            from = to;
            while (pending[0]) {
                pending[0] = false;
                h.decoder.restart(false);
            }
        }
        h.assertAllReleased();
        return h.events;
    }

    @Test
    void aKeepAliveHeldDuringSaslDoesNotBreakTheNewStreamsXmlDeclaration() {
        DecoderHarness h = new DecoderHarness(MAX).onElement(SUSPEND_ON_AUTH).feed(HEADER + AUTH + " ");
        h.feed("\n").feed(" \t");
        h.decoder.restart(false);
        h.feed(" ").feed(HEADER + "<presence/>");
        assertThat(h.events).hasSize(4);
        assertThat(h.elements()).extracting(XmlElement::name).containsExactly("auth", "presence");
    }

    @Test
    void heldBytesAreDroppedByARestartThatDiscards() {
        DecoderHarness h = new DecoderHarness(MAX).onElement(SUSPEND_ON_AUTH).feed(HEADER + AUTH + INJECTED);
        h.feed(INJECTED);
        h.decoder.restart(true);
        h.feed(HEADER + "<presence/>");
        assertThat(injected(h)).isFalse();
        assertThat(h.elements()).extracting(XmlElement::name).containsExactly("auth", "presence");
        h.assertAllReleased();
    }

    @Test
    void heldInputIsBounded() {
        DecoderHarness h = new DecoderHarness(MAX).onElement(SUSPEND_ON_AUTH).feed(HEADER + AUTH);
        String chunk = " ".repeat(1024);
        for (int i = 0; i <= MAX / chunk.length(); i++) {
            h.feed(chunk);
        }
        h.assertFailedWith(StreamErrorCondition.POLICY_VIOLATION);
        h.decoder.resume();
        h.feed("<presence/>");
        h.assertFailedWith(StreamErrorCondition.POLICY_VIOLATION);
        h.assertAllReleased();
    }

    @Test
    void heldBuffersAreReleasedWhenTheConnectionCloses() {
        DecoderHarness h = new DecoderHarness(MAX).onElement(SUSPEND_ON_AUTH).feed(HEADER + AUTH + "<presence/>");
        h.feed("<presence/>");
        h.channel.close();
        h.assertAllReleased();
        assertThat(h.elements()).hasSize(1);
    }

    @Test
    void suspendAndResumeWithinOneDispatchChangeNothing() {
        DecoderHarness h = new DecoderHarness(MAX).onElement((decoder, e) -> {
            decoder.suspend();
            decoder.resume();
        }).feed(HEADER + "<a/><b/><c/>");
        assertThat(h.elements()).extracting(XmlElement::name).containsExactly("a", "b", "c");
    }
}
