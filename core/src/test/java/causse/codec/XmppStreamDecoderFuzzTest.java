package causse.codec;

import static org.assertj.core.api.Assertions.assertThat;

import causse.codec.DecoderHarness.Kind;
import causse.codec.StreamEvent.ElementReceived;
import causse.codec.StreamEvent.StreamClosed;
import causse.codec.StreamEvent.StreamFailed;
import causse.codec.StreamEvent.StreamOpened;
import causse.stanza.StreamErrorCondition;
import causse.xml.XmlElement;
import causse.xml.XmlParser;
import causse.xml.XmlWriter;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Fuzzes the XML framing decoder with whole byte streams. Without {@code JAZZER_FUZZ} this replays the
 * seeds in {@code src/test/resources/causse/codec/XmppStreamDecoderFuzzTestInputs/decodesAnyBytes/}
 * (see the README on running a campaign).
 *
 * <p>Properties checked for every input: no exception leaves the decoder; the events follow the
 * stream grammar (nothing after the one close or failure); a failure is never the parser's own
 * {@code internal-server-error}; how the bytes are cut into reads changes nothing (whole, one byte at a
 * time, random cuts); every buffer is released; every delivered element respects the depth limit and
 * survives a write and a re-parse unchanged, so what the server relays means what the sender sent.
 */
class XmppStreamDecoderFuzzTest {
    /** Small limits, so that the fuzzer reaches them with short inputs. */
    private static final int MAX_BYTES = 2048;
    private static final int MAX_DEPTH = 6;
    private static final XMLInputFactory JDK_XML = XMLInputFactory.newDefaultFactory();

    @FuzzTest(maxDuration = "5m")
    void decodesAnyBytes(byte[] input) {
        List<StreamEvent> whole = decode(input, new int[0], Kind.HEAP_OFFSET);
        checkGrammar(whole);
        int[] everyByte = new int[Math.max(0, input.length - 1)];
        Arrays.setAll(everyByte, i -> i + 1);
        assertSameOutcome(whole, decode(input, everyByte, Kind.DIRECT));
        assertSameOutcome(whole, decode(input, randomCuts(input), Kind.COMPOSITE));
    }

    /**
     * Feeds {@code input} cut at {@code cuts}, restarting the stream after any {@code <success/>} the
     * way the SASL negotiation does (a restart that keeps the following bytes, so cuts cannot matter).
     */
    private static List<StreamEvent> decode(byte[] input, int[] cuts, Kind kind) {
        DecoderHarness h = new DecoderHarness(new XmppStreamDecoder(MAX_BYTES, MAX_DEPTH))
                .onElement((decoder, element) -> {
                    if (element.name().equals("success")) {
                        decoder.restart(false);
                    }
                });
        h.feedCut(input, cuts, kind);
        h.channel.finishAndReleaseAll();
        h.assertAllReleased();
        assertThat(h.others).isEmpty();
        return h.events;
    }

    private static int[] randomCuts(byte[] input) {
        Random random = new Random(Arrays.hashCode(input));
        return random.ints(Math.min(input.length, 8), 1, Math.max(2, input.length))
                .distinct().sorted().filter(c -> c < input.length).toArray();
    }

    private static void checkGrammar(List<StreamEvent> events) {
        boolean open = false;
        for (int i = 0; i < events.size(); i++) {
            StreamEvent e = events.get(i);
            boolean last = i == events.size() - 1;
            if (e instanceof StreamOpened) {
                open = true;
            } else if (e instanceof ElementReceived r) {
                assertThat(open).as("element before any stream header: %s", events).isTrue();
                checkElement(r.element(), 2);
                // After <success/> the next event must be a new header (or the end).
                open = !r.element().name().equals("success");
            } else if (e instanceof StreamClosed) {
                assertThat(last).as("events after the close: %s", events).isTrue();
            } else if (e instanceof StreamFailed f) {
                assertThat(last).as("events after a failure: %s", events).isTrue();
                assertThat(f.condition()).as("parser failure in %s", events)
                        .isNotEqualTo(StreamErrorCondition.INTERNAL_SERVER_ERROR);
            }
        }
    }

    private static void checkElement(XmlElement element, int depth) {
        assertThat(depth).as("depth of %s", element).isLessThanOrEqualTo(MAX_DEPTH + 1);
        String xml = XmlWriter.toXml(element);
        assertThat(XmlParser.parse(xml)).as("round trip of %s", xml).isEqualTo(element);
        if (depth == 2) {
            assertJdkParses(xml);
        }
        for (XmlElement child : element.elements()) {
            checkElement(child, depth + 1);
        }
    }

    /** Relayed XML must also suit a stricter parser than Aalto: the JDK's, which Smack and many clients use. */
    private static void assertJdkParses(String xml) {
        try {
            XMLStreamReader reader = JDK_XML.createXMLStreamReader(new StringReader(xml));
            while (reader.hasNext()) {
                reader.next();
            }
        } catch (XMLStreamException e) {
            throw new AssertionError("the JDK's parser refuses what the server would relay: " + xml, e);
        }
    }

    /**
     * The same events whatever the cuts. Two exceptions, both about which of two faults is named when a
     * read holds both, never about whether the stream fails: an element that outgrows the size limit is
     * refused as soon as a read shows it too big, which may come before Aalto reaches a syntax error
     * that a larger read would have met first; and the prolog is scanned for {@code <!} (DOCTYPE,
     * comment) a whole read ahead of Aalto, so a DOCTYPE may be refused before a syntax error that
     * precedes it in the same read. Then only the events before the failure must agree. A third is
     * about whether: Aalto refuses {@code ]]>} in text only when one read holds all three characters;
     * accepting it is harmless (the writer escapes {@code >}), so either outcome may follow.
     */
    private static void assertSameOutcome(List<StreamEvent> expected, List<StreamEvent> actual) {
        if (cdataEndInText(expected) || cdataEndInText(actual)) {
            assertPrefix(withoutFailure(expected), withoutFailure(actual));
            return;
        }
        if (prologRefusal(expected) || prologRefusal(actual)) {
            assertThat(condition(actual)).as("failure with another cut: %s vs %s", actual, expected).isNotNull();
            assertThat(condition(expected)).as("failure with another cut: %s vs %s", actual, expected).isNotNull();
            assertThat(withoutFailure(actual)).as("events with another cut").isEqualTo(withoutFailure(expected));
            return;
        }
        if (sizeRefusal(expected) || sizeRefusal(actual)) {
            assertPrefix(withoutFailure(expected), withoutFailure(actual));
            return;
        }
        assertThat(withoutFailure(actual)).as("events with another cut").isEqualTo(withoutFailure(expected));
        assertThat(condition(actual)).as("failure with another cut: %s vs %s", actual, expected)
                .isEqualTo(condition(expected));
    }

    /** One list of events is the start of the other. */
    private static void assertPrefix(List<StreamEvent> a, List<StreamEvent> b) {
        List<StreamEvent> shorter = a.size() <= b.size() ? a : b;
        List<StreamEvent> longer = a.size() <= b.size() ? b : a;
        assertThat(longer.subList(0, shorter.size())).as("events with another cut").isEqualTo(shorter);
    }

    private static boolean cdataEndInText(List<StreamEvent> events) {
        return condition(events) == StreamErrorCondition.NOT_WELL_FORMED
                && ((StreamFailed) events.get(events.size() - 1)).detail().startsWith("String ']]>' not allowed");
    }

    private static boolean prologRefusal(List<StreamEvent> events) {
        return condition(events) == StreamErrorCondition.RESTRICTED_XML
                && ((StreamFailed) events.get(events.size() - 1)).detail().equals("DTD or comment");
    }

    private static boolean sizeRefusal(List<StreamEvent> events) {
        return condition(events) == StreamErrorCondition.POLICY_VIOLATION;
    }

    private static StreamErrorCondition condition(List<StreamEvent> events) {
        return !events.isEmpty() && events.get(events.size() - 1) instanceof StreamFailed f ? f.condition() : null;
    }

    private static List<StreamEvent> withoutFailure(List<StreamEvent> events) {
        return condition(events) == null ? events : events.subList(0, events.size() - 1);
    }
}
