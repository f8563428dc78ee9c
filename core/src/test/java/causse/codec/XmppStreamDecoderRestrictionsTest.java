package causse.codec;

import static causse.codec.DecoderHarness.HEADER;
import static causse.codec.DecoderHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import causse.codec.DecoderHarness.Kind;
import causse.codec.StreamEvent.ElementReceived;
import causse.codec.StreamEvent.StreamFailed;
import causse.codec.StreamEvent.StreamOpened;
import causse.stanza.StreamErrorCondition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6120 §11.1 restricted XML, malformed input and the size limits. */
class XmppStreamDecoderRestrictionsTest {
    private static final int MAX = 4096;
    private static final String BARE_HEADER =
            "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost'>";

    private static DecoderHarness decode(String xml) {
        return new DecoderHarness(MAX).feed(xml);
    }

    /** Decodes {@code xml} whole, then one byte at a time: both must fail alike, having released all. */
    private static DecoderHarness assertRefused(String xml, StreamErrorCondition condition) {
        DecoderHarness whole = decode(xml);
        whole.assertFailedWith(condition);
        whole.assertAllReleased();
        DecoderHarness bytewise = new DecoderHarness(MAX);
        byte[] bytes = utf8(xml);
        for (byte b : bytes) {
            bytewise.feed(new byte[] {b}, Kind.DIRECT);
        }
        bytewise.assertFailedWith(condition);
        bytewise.assertAllReleased();
        assertThat(bytewise.events).isEqualTo(whole.events);
        return whole;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<!DOCTYPE stream>",
        "<?xml version='1.0'?><!DOCTYPE stream:stream>",
        "<!DOCTYPE x SYSTEM 'http://evil.example/x.dtd'>",
        "<!DOCTYPE x PUBLIC '-//W3C//DTD XHTML 1.0//EN' 'http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd'>",
        "<!DOCTYPE x [<!ENTITY a 'b'>]>",
        "<?xml version='1.0'?>\n<!DOCTYPE x[<!ELEMENT x ANY>]>"})
    void aDtdIsRefused(String prolog) {
        DecoderHarness h = assertRefused(prolog + BARE_HEADER + "<message/>", StreamErrorCondition.RESTRICTED_XML);
        assertThat(h.events).hasSize(1);
    }

    @Test
    void billionLaughsIsRefusedWithoutExpansion() {
        StringBuilder doc = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>");
        doc.append("<!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>");
        for (int i = 2; i <= 9; i++) {
            doc.append("<!ENTITY lol").append(i).append(" '").append(("&lol" + (i - 1) + ";").repeat(10)).append("'>");
        }
        doc.append("]>").append(BARE_HEADER).append("<message><body>&lol9;</body></message>");
        DecoderHarness h = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertRefused(doc.toString(), StreamErrorCondition.RESTRICTED_XML));
        assertThat(h.events).hasSize(1);
    }

    @Test
    void theLaughsWithoutTheirDtdAreRefusedToo() {
        assertRefused(HEADER + "<message><body>&lol9;&lol9;</body></message>", StreamErrorCondition.RESTRICTED_XML);
    }

    @Test
    void anExternalEntityIsRefusedAndNeverFetched() {
        DecoderHarness h = assertRefused("<?xml version='1.0'?><!DOCTYPE foo [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
                + BARE_HEADER + "<message><body>&xxe;</body></message>", StreamErrorCondition.RESTRICTED_XML);
        assertThat(((StreamFailed) h.last()).detail()).doesNotContain("root:");
    }

    @Test
    void anUndeclaredEntityIsRefusedInTextAndInAttributes() {
        assertRefused(HEADER + "<message><body>a &foo; b</body></message>", StreamErrorCondition.RESTRICTED_XML);
        assertRefused(HEADER + "&foo;", StreamErrorCondition.RESTRICTED_XML);
        assertRefused(HEADER + "<message to='&foo;'/>", StreamErrorCondition.RESTRICTED_XML);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<?xml version='1.0'?><?xml-stylesheet href='a.xsl'?>" + BARE_HEADER,
        HEADER + "<?php echo 1; ?>",
        HEADER + "<message><?pi data?></message>"})
    void aProcessingInstructionIsRefused(String xml) {
        assertRefused(xml, StreamErrorCondition.RESTRICTED_XML);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<!-- hello -->" + BARE_HEADER,
        "<?xml version='1.0'?>\n<!-- hello -->" + BARE_HEADER,
        HEADER + "<!-- between stanzas -->",
        HEADER + "<message><body>a<!-- inside -->b</body></message>"})
    void aCommentIsRefused(String xml) {
        assertRefused(xml, StreamErrorCondition.RESTRICTED_XML);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ISO-8859-1", "US-ASCII", "UTF-16", "EBCDIC-not-really"})
    void anEncodingOtherThanUtf8IsUnsupported(String encoding) {
        assertRefused("<?xml version='1.0' encoding='" + encoding + "'?>" + BARE_HEADER,
                StreamErrorCondition.UNSUPPORTED_ENCODING);
    }

    @Test
    void xml11IsRefused() {
        assertRefused("<?xml version='1.1'?>" + BARE_HEADER, StreamErrorCondition.NOT_WELL_FORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        HEADER + "<message></presence>",
        HEADER + "<message to=b/>",
        HEADER + "<message a='1' a='2'/>",
        HEADER + "<message>&#0;</message>",
        HEADER + "<message>&#x1;</message>",
        HEADER + "<message><body>\u0001</body></message>",
        // Found by XmppStreamDecoderFuzzTest: a control character after the first one of a text
        // surfaced from Aalto wrapped in an unchecked exception and became internal-server-error.
        HEADER + "<message>x\u001c</message>",
        HEADER + "<message><body>hello\u0001</body></message>",
        HEADER + "<message to='a'>  \u0008</message>",
        HEADER + "<<message/>",
        HEADER + "</stream:streams>",
        "<?xml version='1.0'?><?xml version='1.0'?>" + BARE_HEADER,
        "junk" + BARE_HEADER})
    void malformedXmlIsNotWellFormed(String xml) {
        assertRefused(xml, StreamErrorCondition.NOT_WELL_FORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FF", "C3 3C", "C0 80", "C0 BC", "E0 80 BC", "ED A0 80", "F0 80 80 80", "F4 90 80 80", "80"})
    void invalidUtf8IsUnsupportedEncodingEvenWhereAaltoWouldDecodeIt(String sequence) {
        String[] parts = sequence.split(" ");
        byte[] bad = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bad[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        for (Kind kind : Kind.values()) {
            DecoderHarness h = new DecoderHarness(MAX).feed(HEADER + "<message><body>");
            h.feed(bad, kind).feed("</body></message>");
            // RFC 6120 §4.9.3.22: violating the rules of UTF-8 is <unsupported-encoding/>.
            h.assertFailedWith(StreamErrorCondition.UNSUPPORTED_ENCODING);
            assertThat(h.elements()).isEmpty();
            h.assertAllReleased();
        }
    }

    @Test
    void elementsBeforeABadByteInTheSameChunkAreStillDelivered() {
        byte[] good = utf8(HEADER + "<message/><presence/>");
        byte[] bytes = java.util.Arrays.copyOf(good, good.length + 1);
        bytes[good.length] = (byte) 0xC0;
        DecoderHarness h = new DecoderHarness(MAX).feed(bytes, Kind.DIRECT);
        assertThat(h.elements()).hasSize(2);
        h.assertFailedWith(StreamErrorCondition.UNSUPPORTED_ENCODING);
    }

    @Test
    void aBadByteBeforeADoctypeIsReportedFirstHoweverTheBytesAreCut() {
        // Seen while writing XmppStreamDecoderFuzzTest's cut invariance: a whole read scanned the prolog past the bad byte and
        // reported the DOCTYPE behind it, a read cut before the DOCTYPE reported the bad byte.
        byte[] bytes = utf8("<?xml version='1.0'?>\n<!DOCTYPE x>" + BARE_HEADER);
        bytes[21] = (byte) 0xFF;
        new DecoderHarness(MAX).feed(bytes, Kind.DIRECT).assertFailedWith(StreamErrorCondition.UNSUPPORTED_ENCODING);
        DecoderHarness cut = new DecoderHarness(MAX).feedCut(bytes, new int[] {22}, Kind.DIRECT);
        cut.assertFailedWith(StreamErrorCondition.UNSUPPORTED_ENCODING);
        cut.assertAllReleased();
    }

    /** The last two found by XmppStreamDecoderFuzzTest: Aalto threw a bare RuntimeException, which became internal-server-error. */
    @ParameterizedTest
    @ValueSource(strings = {"<foo:message/>", "<message foo:bar='1'/>", "<message><x:y/></message>",
        "<xmlns:message/>", "<message><xmlns:x/></message>"})
    void anUnboundOrReservedPrefixIsABadNamespacePrefix(String stanza) {
        assertRefused(HEADER + stanza, StreamErrorCondition.BAD_NAMESPACE_PREFIX);
    }

    @Test
    void aStreamHeaderWithTheReservedPrefixIsABadNamespacePrefix() {
        assertRefused("<xmlns:stream xmlns:stream='http://etherx.jabber.org/streams' to='localhost'>",
                StreamErrorCondition.BAD_NAMESPACE_PREFIX);
    }

    @Test
    void nothingIsEmittedAfterAFailure() {
        DecoderHarness h = decode(HEADER + "<message><!-- x --></message><message/>");
        h.feed("<presence/>").feed(utf8("<iq type='get' id='1'/>"), Kind.DIRECT).feed("</stream:stream>");
        assertThat(h.events).hasSize(2);
        assertThat(h.events.get(0)).isInstanceOf(StreamOpened.class);
        h.assertFailedWith(StreamErrorCondition.RESTRICTED_XML);
        h.assertAllReleased();
    }

    @Test
    void restartAfterAFailureChangesNothing() {
        DecoderHarness h = decode(HEADER + "<!-- x -->");
        h.decoder.restart(false);
        h.feed(HEADER + "<message/>");
        h.assertFailedWith(StreamErrorCondition.RESTRICTED_XML);
        h.assertAllReleased();
    }

    // ---- sizes -------------------------------------------------------------------------------

    @Test
    void anOversizeStanzaIsRefusedWhileStillArriving() {
        DecoderHarness h = decode(HEADER).feed("<message><body>");
        int chunk = 100;
        int chunksFed = 0;
        byte[] filler = utf8("a".repeat(chunk));
        while (chunksFed < 1000 && !(h.last() instanceof StreamFailed)) {
            h.feed(filler, chunksFed % 2 == 0 ? Kind.DIRECT : Kind.HEAP_OFFSET);
            chunksFed++;
        }
        h.assertFailedWith(StreamErrorCondition.POLICY_VIOLATION);
        // Refused as soon as the body passed the limit, not after the 100 kB that would have followed.
        assertThat(chunksFed).isBetween(MAX / chunk - 1, MAX / chunk + 1);
        h.feed(filler, Kind.DIRECT);
        assertThat(h.events).hasSize(2);
        h.assertAllReleased();
    }

    @Test
    void aStartTagThatNeverEndsIsRefusedToo() {
        DecoderHarness h = decode(HEADER).feed("<message ");
        for (int i = 0; i < 1000 && !(h.last() instanceof StreamFailed); i++) {
            h.feed("a" + i + "='x' ");
        }
        h.assertFailedWith(StreamErrorCondition.POLICY_VIOLATION);
        h.assertAllReleased();
    }

    @Test
    void aHugeAttributeValueIsRefusedWhileStillArriving() {
        DecoderHarness h = decode(HEADER).feed("<message to='");
        int chunksFed = 0;
        byte[] filler = utf8("x".repeat(100));
        while (chunksFed < 1000 && !(h.last() instanceof StreamFailed)) {
            h.feed(filler, Kind.DIRECT);
            chunksFed++;
        }
        h.assertFailedWith(StreamErrorCondition.POLICY_VIOLATION);
        assertThat(chunksFed).isBetween(MAX / 100 - 1, MAX / 100 + 1);
        h.assertAllReleased();
    }

    @Test
    void aLargeAttributeValueWithinTheLimitArrivesWhole() {
        String value = "v&lt;".repeat((MAX - 100) / 5);
        DecoderHarness h = decode(HEADER + "<message id='" + value + "'/>");
        assertThat(h.elements()).singleElement().satisfies(m -> assertThat(m.attribute("id"))
                .isEqualTo("v<".repeat((MAX - 100) / 5)));
    }

    @Test
    void thousandsOfNestedElementsAreRefusedAtTheLimitWhateverTheCuts() {
        String deep = HEADER + "<message>" + "<a>".repeat(10_000) + "</a>".repeat(10_000) + "</message>";
        DecoderHarness h = new DecoderHarness(1 << 20).feed(deep);
        h.assertFailedWith(StreamErrorCondition.POLICY_VIOLATION);
        assertThat(h.elements()).isEmpty();
        h.assertAllReleased();
        DecoderHarness closed = new DecoderHarness(1 << 20).feed(HEADER + "<message>" + "<a/>".repeat(10_000) + "</message>");
        assertThat(closed.elements()).hasSize(1);
    }

    /**
     * Found by XmppStreamDecoderFuzzTest: the JDK's parser (Smack's) refuses names and namespace URIs over
     * 1000 characters, so a relayed stanza carrying one would end its recipient's connection.
     */
    @ParameterizedTest
    @ValueSource(strings = {"<N/>", "<message N='1'/>", "<message><x xmlns='N'/></message>", "<message xmlns:N='u'/>",
        "<message xmlns:p='N' p:a='1'/>", "<N:message xmlns:N='jabber:client'/>"})
    void namesAndNamespacesLongerThanTheJdkParsesArePolicyViolations(String template) {
        String atLimit = template.replace("N", "n".repeat(MarkupLimits.MAX_NAME_CHARS));
        assertThat(decode(HEADER + atLimit).elements()).hasSize(1);
        assertRefused(HEADER + template.replace("N", "n".repeat(MarkupLimits.MAX_NAME_CHARS + 1)),
                StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void tooManyAttributesOnOneElementAreAPolicyViolation() {
        StringBuilder ok = new StringBuilder("<message");
        for (int i = 0; i < MarkupLimits.MAX_ATTRIBUTES; i++) {
            ok.append(" a").append(i).append("=''");
        }
        DecoderHarness fine = new DecoderHarness(1 << 16).feed(HEADER + ok + "/>");
        assertThat(fine.elements()).singleElement().satisfies(m -> assertThat(m.attributes()).hasSize(MarkupLimits.MAX_ATTRIBUTES));
        DecoderHarness refused = new DecoderHarness(1 << 16).feed(HEADER + ok + " one-more=''/>");
        refused.assertFailedWith(StreamErrorCondition.POLICY_VIOLATION);
        assertThat(refused.elements()).isEmpty();
    }

    @Test
    void anOversizeStreamHeaderIsRefused() {
        DecoderHarness h = new DecoderHarness(MAX).feed("<stream:stream ");
        for (int i = 0; i < 1000 && h.events.isEmpty(); i++) {
            h.feed("a" + i + "='x' ");
        }
        h.assertFailedWith(StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void anOversizeStanzaArrivingAtOnceIsRefused() {
        for (int size : new int[] {MAX + 1, 3 * XmppStreamDecoder.SLICE}) {
            String body = "b".repeat(size);
            DecoderHarness h = decode(HEADER + "<message><body>" + body + "</body></message><presence/>");
            h.assertFailedWith(StreamErrorCondition.POLICY_VIOLATION);
            assertThat(h.elements()).isEmpty();
        }
    }

    @Test
    void theLimitCountsTheElementsOwnBytesOnly() {
        String open = "<message><body>";
        String close = "</body></message>";
        String exact = open + "x".repeat(MAX - open.length() - close.length()) + close;
        assertThat(utf8(exact)).hasSize(MAX);
        String keepAlives = " ".repeat(MAX / 2);
        DecoderHarness h = decode(HEADER + keepAlives).feed(keepAlives + exact + keepAlives)
                .feed(keepAlives + exact);
        assertThat(h.elements()).hasSize(2);

        String tooBig = open + "x".repeat(MAX - open.length() - close.length() + 1) + close;
        decode(HEADER + keepAlives + tooBig).assertFailedWith(StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void manyStanzasInOneChunkAreEachWithinTheLimit() {
        String stanza = "<message><body>" + "x".repeat(1000) + "</body></message>";
        DecoderHarness h = decode(HEADER + stanza.repeat(40));
        assertThat(h.elements()).hasSize(40);
        assertThat(h.events).allMatch(e -> e instanceof StreamOpened || e instanceof ElementReceived);
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        DecoderHarness ok = new DecoderHarness(new XmppStreamDecoder(MAX, 3))
                .feed(HEADER + "<message><a><b/></a></message>");
        assertThat(ok.elements()).hasSize(1);
        DecoderHarness deep = new DecoderHarness(new XmppStreamDecoder(MAX, 3))
                .feed(HEADER + "<message><a><b><c/></b></a></message>");
        deep.assertFailedWith(StreamErrorCondition.POLICY_VIOLATION);
        DecoderHarness byDefault = decode(HEADER + "<a>".repeat(200));
        byDefault.assertFailedWith(StreamErrorCondition.POLICY_VIOLATION);
    }
}
