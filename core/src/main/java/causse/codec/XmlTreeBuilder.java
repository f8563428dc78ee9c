package causse.codec;

import causse.codec.StreamEvent.StreamOpened;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Turns the reader's events for one first-level element into an {@link XmlElement}. Text is gathered
 * in one reused buffer because Aalto hands it over in many small pieces (one per fed chunk) and a
 * {@code String} per piece would be garbage.
 */
final class XmlTreeBuilder {
    /** A buffer grown by one huge text is dropped afterwards, so an idle connection does not keep it. */
    private static final int RETAINED_TEXT_CAPACITY = 16 * 1024;

    private final ArrayList<XmlElement.Builder> open = new ArrayList<>();
    private StringBuilder text = new StringBuilder(128);

    /** The element the reader is positioned on (a START_ELEMENT) opens. */
    void start(XMLStreamReader reader) {
        flushText();
        XmlElement.Builder b = XmlElement.builder(reader.getLocalName(), orEmpty(reader.getNamespaceURI()));
        for (int i = 0, n = reader.getAttributeCount(); i < n; i++) {
            b.attribute(attributeKey(reader, i), reader.getAttributeValue(i));
        }
        open.add(b);
    }

    /** Character data or CDATA inside the open element. */
    void text(XMLStreamReader reader) throws XMLStreamException {
        text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
    }

    /** The innermost open element closes; returns it (already attached to its parent, if any). */
    XmlElement end() {
        flushText();
        XmlElement element = open.remove(open.size() - 1).build();
        if (!open.isEmpty()) {
            open.get(open.size() - 1).child(element);
        }
        return element;
    }

    private void flushText() {
        if (text.length() == 0) {
            return;
        }
        open.get(open.size() - 1).text(text.toString());
        if (text.capacity() > RETAINED_TEXT_CAPACITY) {
            text = new StringBuilder(128);
        } else {
            text.setLength(0);
        }
    }

    /** The stream header the reader is positioned on, as an event. */
    static StreamOpened streamOpened(XMLStreamReader reader) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0, n = reader.getAttributeCount(); i < n; i++) {
            attributes.put(attributeKey(reader, i), reader.getAttributeValue(i));
        }
        Map<String, String> declarations = new LinkedHashMap<>();
        for (int i = 0, n = reader.getNamespaceCount(); i < n; i++) {
            declarations.put(orEmpty(reader.getNamespacePrefix(i)), orEmpty(reader.getNamespaceURI(i)));
        }
        return new StreamOpened(reader.getLocalName(), orEmpty(reader.getNamespaceURI()),
                Collections.unmodifiableMap(attributes), Collections.unmodifiableMap(declarations));
    }

    /** The key {@link XmlElement} uses: local name, {@code xml:name}, or Clark {@code {uri}name}. */
    static String attributeKey(XMLStreamReader reader, int index) {
        String local = reader.getAttributeLocalName(index);
        String ns = reader.getAttributeNamespace(index);
        if (ns == null || ns.isEmpty()) {
            return local;
        }
        if (Namespaces.XML.equals(ns)) {
            return "lang".equals(local) ? "xml:lang" : "xml:" + local;
        }
        return "{" + ns + "}" + local;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
