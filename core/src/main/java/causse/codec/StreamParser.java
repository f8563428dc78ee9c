package causse.codec;

import causse.codec.StreamEvent.ElementReceived;
import causse.codec.StreamEvent.StreamClosed;
import causse.codec.StreamEvent.StreamFailed;
import causse.stanza.StreamErrorCondition;
import causse.xml.XmlElement;
import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.UncheckedStreamException;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLInputFactory2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One XML document of a connection, from the stream header to the closing tag, read by one Aalto
 * async reader; a stream restart replaces the whole parser. It applies the restrictions of RFC 6120
 * §11.1 that Aalto does not, counts the bytes of each first-level element, and hands each event to a
 * {@link Sink}, which may ask it to stop right after that event.
 *
 * <p>Offsets: Aalto's {@code getEndingByteOffset()} is the sum of the lengths of the earlier feeds
 * plus the index in the current array (it includes the {@code off} passed to {@code feedInput}), so
 * an event ends at array index {@code endingByteOffset - fedBefore}. {@code getLocation()} gives the
 * start of the event and is of no use here.
 */
final class StreamParser {
    /** Takes one event; returns false to stop parsing right after it (stream restart or suspension). */
    interface Sink {
        boolean accept(StreamEvent event);
    }

    private static final Logger LOG = LoggerFactory.getLogger(StreamParser.class);

    /**
     * Immutable configuration. Readers are never closed, on purpose: closing merges a reader's
     * symbol table (every element and attribute name it saw) into the factory's shared one, which
     * would let peers grow it without bound. The one exception teaches it a fixed vocabulary
     * ({@link ParserVocabulary}).
     */
    static final AsyncXMLInputFactory FACTORY = newFactory();

    private static final StreamClosed CLOSED = new StreamClosed();

    private final AsyncXMLStreamReader<AsyncByteArrayFeeder> reader = FACTORY.createAsyncForByteArray();
    private final XmlTreeBuilder tree = new XmlTreeBuilder();
    private final Utf8Validator utf8 = new Utf8Validator();
    private final int maxStanzaBytes;
    private final int maxDepth;
    private final Sink sink;

    /** Bytes fed to this reader before the current slice: Aalto's base for its offsets. */
    private long fedBefore;
    /** Where the pending top-level unit (header, first-level element) began, in bytes fed. */
    private long unitStart;
    /** 0 in the prolog, 1 inside the stream, 2 and more inside a first-level element. */
    private int depth;
    private int sliceStart;
    private int sliceEnd;
    /** The start of a character cut by the end of the last read, kept from Aalto until it is whole. */
    private final byte[] carry = new byte[3];
    private int carried;
    /** How many bytes at the end of the current read went to {@link #carry} rather than to Aalto. */
    private int heldBack;
    /** Carried bytes and the next read, joined into one array for Aalto; reused, as Aalto is done with it by then. */
    private byte[] joined = new byte[0];
    /** Array index up to which the events of the current slice have been handed out. */
    private int position;
    /** The current slice has a byte that is not UTF-8: the stream fails once the bytes before it are parsed. */
    private boolean brokenUtf8;
    private boolean atDocumentStart = true;
    private boolean inProlog = true;
    private boolean afterLessThan;
    private boolean closed;
    private boolean failed;

    StreamParser(int maxStanzaBytes, int maxDepth, Sink sink) {
        this.maxStanzaBytes = maxStanzaBytes;
        this.maxDepth = maxDepth;
        this.sink = sink;
    }

    private static AsyncXMLInputFactory newFactory() {
        InputFactoryImpl f = new InputFactoryImpl();
        // Entities are never expanded: undeclared ones must surface as ENTITY_REFERENCE to be refused.
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        // Names come from the reader's own symbol table; interning them in the JVM buys nothing.
        f.setProperty(XMLInputFactory2.P_INTERN_NAMES, false);
        f.setProperty(XMLInputFactory2.P_INTERN_NS_URIS, false);
        ParserVocabulary.teach(f);
        return f;
    }

    /** True once the stream was closed or broke: nothing more is to be fed. */
    boolean finished() {
        return closed || failed;
    }

    boolean failed() {
        return failed;
    }

    /**
     * Feeds {@code len} bytes and hands out their events. Returns how many of them were consumed: all
     * of them, or fewer when the sink asked to stop (the rest stay inside the reader and
     * {@link #resume()} continues with them). The return value means nothing once {@link #finished()}.
     */
    int parse(byte[] bytes, int off, int len) {
        int skipped = atDocumentStart ? leadingWhitespace(bytes, off, len) : 0;
        if (skipped == len) {
            return len;
        }
        // Only the valid part goes to Aalto, so the elements before a bad byte are still delivered.
        int valid = utf8.validPrefix(bytes, off + skipped, len - skipped);
        // The prolog scan stops at the bad byte too: the first fault in the bytes is the one reported,
        // however the reads cut them.
        if (inProlog && !prologAllowed(bytes, off + skipped, valid)) {
            fail(StreamErrorCondition.RESTRICTED_XML, "DTD or comment");
            return 0;
        }
        brokenUtf8 = valid < len - skipped;
        byte[] input = bytes;
        int start = off + skipped;
        int count = valid;
        int carriedIn = carried;
        if (carriedIn > 0) {
            input = join(bytes, start, valid);
            start = 0;
            count = carriedIn + valid;
        }
        // Aalto's async reader drops a character outside the BMP from an attribute value or a namespace
        // URI when a read cuts its four bytes (text is fine): it only ever sees whole characters.
        heldBack = brokenUtf8 ? 0 : incompleteTail(input, start, count);
        count -= heldBack;
        System.arraycopy(input, start + count, carry, 0, heldBack);
        carried = heldBack;
        if (count == 0 && !brokenUtf8) {
            return len;
        }
        // As Aalto does at each feed, whether or not the previous slice was parsed to its end.
        fedBefore += sliceEnd - sliceStart;
        sliceStart = start;
        sliceEnd = start + count;
        position = start;
        try {
            reader.getInputFeeder().feedInput(input, sliceStart, count);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("fed before the previous input was consumed", e);
        }
        // In the caller's bytes: the skipped whitespace is consumed, the carried-in ones were already.
        return run() + skipped - carriedIn;
    }

    /** The bytes carried over from the last read followed by {@code len} bytes of this one. */
    private byte[] join(byte[] bytes, int off, int len) {
        if (joined.length < carried + len) {
            joined = new byte[carried + len];
        }
        System.arraycopy(carry, 0, joined, 0, carried);
        System.arraycopy(bytes, off, joined, carried, len);
        return joined;
    }

    /** How many bytes at the end of the (valid UTF-8) range start a character that is not complete yet. */
    private static int incompleteTail(byte[] bytes, int off, int len) {
        for (int i = off + len - 1; i >= Math.max(off, off + len - 3); i--) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                return 0;
            }
            if (b >= 0xC0) {
                int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                int have = off + len - i;
                return have < length ? have : 0;
            }
        }
        return 0;
    }

    /** Continues with the bytes of the last slice that a stop left unread; same result as {@link #parse}. */
    int resume() {
        return run();
    }

    private int run() {
        int from = position;
        try {
            int type;
            while ((type = reader.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                if (!handle(type)) {
                    if (!finished()) {
                        position = (int) (reader.getLocationInfo().getEndingByteOffset() - fedBefore);
                    }
                    return position - from;
                }
            }
        } catch (XMLStreamException e) {
            fail(classify(e), firstLine(e.getMessage()));
            return 0;
        } catch (UncheckedStreamException e) {
            // Aalto finishes a text event lazily: a bad character after its first one (x&#x1C;) is
            // found inside getTextCharacters(), which can only throw it wrapped. Still the peer's fault.
            if (e.getCause() instanceof XMLStreamException cause) {
                fail(classify(cause), firstLine(cause.getMessage()));
            } else {
                fail(StreamErrorCondition.NOT_WELL_FORMED, firstLine(e.getMessage()));
            }
            return 0;
        } catch (RuntimeException e) {
            if (reservedPrefixOnElement(e)) {
                fail(StreamErrorCondition.BAD_NAMESPACE_PREFIX, "element with the reserved prefix xmlns");
                return 0;
            }
            LOG.warn("XML parser failure", e);
            fail(StreamErrorCondition.INTERNAL_SERVER_ERROR, "parser failure");
            return 0;
        }
        position = sliceEnd;
        int end = sliceEnd + heldBack;
        if (brokenUtf8) {
            // RFC 6120 §4.9.3.22: a stream "improperly encoded (e.g., by violating the rules of UTF-8)".
            fail(StreamErrorCondition.UNSUPPORTED_ENCODING, "invalid UTF-8");
        } else if (fedBefore + (sliceEnd - sliceStart) - unitStart > maxStanzaBytes) {
            // Still arriving (perhaps not even past its start tag) and already too big: refuse it now
            // rather than let Aalto and the tree buffer the rest.
            fail(StreamErrorCondition.POLICY_VIOLATION, "stanza exceeds " + maxStanzaBytes + " bytes");
        }
        return end - from;
    }

    private boolean handle(int type) throws XMLStreamException {
        return switch (type) {
            case XMLStreamConstants.START_ELEMENT -> startElement();
            case XMLStreamConstants.END_ELEMENT -> endElement();
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text();
            case XMLStreamConstants.START_DOCUMENT -> declaration();
            case XMLStreamConstants.END_DOCUMENT -> true;
            case XMLStreamConstants.COMMENT -> refuse("comment");
            case XMLStreamConstants.PROCESSING_INSTRUCTION -> refuse("processing instruction");
            case XMLStreamConstants.DTD -> refuse("DTD");
            case XMLStreamConstants.ENTITY_REFERENCE -> refuse("entity reference &" + reader.getLocalName() + ";");
            default -> failed(StreamErrorCondition.NOT_WELL_FORMED, "unexpected XML event " + type);
        };
    }

    private boolean declaration() {
        String encoding = reader.getCharacterEncodingScheme();
        if (encoding != null && !"UTF-8".equalsIgnoreCase(encoding)) {
            return failed(StreamErrorCondition.UNSUPPORTED_ENCODING, "encoding " + encoding);
        }
        String version = reader.getVersion();
        if (version != null && !"1.0".equals(version)) {
            // XMPP is XML 1.0; 1.1 would let control characters in through character references.
            return failed(StreamErrorCondition.NOT_WELL_FORMED, "XML version " + version);
        }
        return true;
    }

    private boolean startElement() throws XMLStreamException {
        String excess = MarkupLimits.violation(reader);
        if (excess != null) {
            return failed(StreamErrorCondition.POLICY_VIOLATION, excess);
        }
        if (depth == 0) {
            depth = 1;
            inProlog = false;
            unitStart = endPosition();
            return sink.accept(XmlTreeBuilder.streamOpened(reader));
        }
        if (depth > maxDepth) {
            return failed(StreamErrorCondition.POLICY_VIOLATION, "elements nested deeper than " + maxDepth);
        }
        tree.start(reader);
        depth++;
        return true;
    }

    private boolean endElement() throws XMLStreamException {
        depth--;
        if (depth == 0) {
            closed = true;
            sink.accept(CLOSED);
            return false;
        }
        XmlElement element = tree.end();
        if (depth > 1) {
            return true;
        }
        long end = endPosition();
        if (end - unitStart > maxStanzaBytes) {
            return failed(StreamErrorCondition.POLICY_VIOLATION, "stanza exceeds " + maxStanzaBytes + " bytes");
        }
        unitStart = end;
        return sink.accept(new ElementReceived(element));
    }

    private boolean text() throws XMLStreamException {
        if (depth > 1) {
            tree.text(reader);
        } else if (depth == 1) {
            // Whitespace between stanzas (keep-alives) counts towards no stanza.
            unitStart = endPosition();
        }
        return true;
    }

    /** Bytes fed to this reader up to the end of the current event. */
    private long endPosition() throws XMLStreamException {
        return reader.getLocationInfo().getEndingByteOffset() - sliceStart;
    }

    /**
     * COMPAT: whitespace before the XML declaration is not XML, but a keep-alive sent while a SASL
     * outcome was pending lands there when the held bytes start the new stream; skip it.
     */
    private int leadingWhitespace(byte[] bytes, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
            i++;
        }
        atDocumentStart = i == end;
        return i - off;
    }

    /**
     * In the prolog {@code <!} can only open a DOCTYPE or a comment, both refused. Aalto's async reader
     * cannot parse an internal subset at all (it reports a syntax error, not a DTD), so the bytes are
     * checked before Aalto sees them; the scan ends at the root element's {@code <}.
     */
    private boolean prologAllowed(byte[] bytes, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            byte b = bytes[i];
            if (afterLessThan) {
                afterLessThan = false;
                if (b == '!') {
                    return false;
                }
                if (b != '?') {
                    inProlog = false;
                    return true;
                }
            } else if (b == '<') {
                afterLessThan = true;
            }
        }
        return true;
    }

    private boolean refuse(String what) {
        return failed(StreamErrorCondition.RESTRICTED_XML, what);
    }

    private boolean failed(StreamErrorCondition condition, String detail) {
        fail(condition, detail);
        return false;
    }

    /** Ends the stream with this violation, once: the sink gets the one {@link StreamFailed}. */
    void fail(StreamErrorCondition condition, String detail) {
        if (!finished()) {
            failed = true;
            sink.accept(new StreamFailed(condition, detail));
        }
    }

    /** Aalto reports every violation as a WFCException; only its message tells them apart. */
    static StreamErrorCondition classify(XMLStreamException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("Unbound namespace prefix")) {
            return StreamErrorCondition.BAD_NAMESPACE_PREFIX;
        }
        if (message.startsWith("Unexpanded ENTITY_REFERENCE")) {
            return StreamErrorCondition.RESTRICTED_XML;
        }
        if (message.startsWith("Unsupported encoding")) {
            return StreamErrorCondition.UNSUPPORTED_ENCODING;
        }
        return StreamErrorCondition.NOT_WELL_FORMED;
    }

    /**
     * Aalto meets {@code <xmlns:x>} (an element may not use that prefix, Namespaces in XML §3) with a bare
     * RuntimeException instead of a WFCException: the peer's fault, not a parser failure to log.
     */
    private static boolean reservedPrefixOnElement(RuntimeException e) {
        return e.getMessage() != null && e.getMessage().startsWith("Trying to create non-singleton binding for ns prefix");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
