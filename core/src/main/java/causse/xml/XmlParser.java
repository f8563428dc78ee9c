package causse.xml;

import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses one complete XML element from text: what a store gave back (an offline message, a vCard).
 * Stored text was written by {@link XmlWriter}, but it is parsed with the same restrictions as the wire
 * (no DTD, no entity other than the predefined ones, no processing instruction), because a store is
 * still input. Thread-safe.
 */
public final class XmlParser {
    private static final XMLInputFactory FACTORY = factory();

    private XmlParser() {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = new InputFactoryImpl();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** The document element of {@code xml}; IllegalArgumentException when it is not one restricted-XML element. */
    public static XmlElement parse(String xml) {
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(xml));
            try {
                return read(r);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static XmlElement read(XMLStreamReader r) throws XMLStreamException {
        Deque<XmlElement.Builder> open = new ArrayDeque<>();
        XmlElement root = null;
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (root != null) {
                        throw new IllegalArgumentException("more than one element");
                    }
                    open.push(start(r));
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    XmlElement done = open.pop().build();
                    if (open.isEmpty()) {
                        root = done;
                    } else {
                        open.peek().child(done);
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!open.isEmpty()) {
                        open.peek().text(r.getText());
                    }
                }
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE,
                        XMLStreamConstants.PROCESSING_INSTRUCTION, XMLStreamConstants.COMMENT ->
                        throw new IllegalArgumentException("restricted XML (DTD, entity, comment or PI)");
                default -> { }
            }
        }
        if (root == null) {
            throw new IllegalArgumentException("no element");
        }
        return root;
    }

    private static XmlElement.Builder start(XMLStreamReader r) {
        String ns = r.getNamespaceURI();
        XmlElement.Builder b = XmlElement.builder(r.getLocalName(), ns == null ? "" : ns);
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String attrNs = r.getAttributeNamespace(i);
            String local = r.getAttributeLocalName(i);
            String key;
            if (attrNs == null || attrNs.isEmpty()) {
                key = local;
            } else if (XMLConstants.XML_NS_URI.equals(attrNs)) {
                key = "xml:" + local;
            } else {
                key = "{" + attrNs + "}" + local;
            }
            b.attribute(key, r.getAttributeValue(i));
        }
        return b;
    }
}
