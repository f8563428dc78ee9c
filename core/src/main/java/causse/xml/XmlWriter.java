package causse.xml;

import java.util.Map;

/**
 * Serialises {@link XmlElement} trees. An element's {@code xmlns} is written only where its namespace
 * differs from the one in scope, so a stanza written inside a {@code jabber:client} stream carries no
 * {@code xmlns} of its own. Clark-notation attributes get a prefix declared on the element. Elements in
 * the streams namespace are written with the {@code stream:} prefix, which the stream header declares.
 */
public final class XmlWriter {
    private static final String XML_CLARK = "{" + Namespaces.XML + "}";
    /** What {@link #escapeText} writes in place of a character, indexed by the character; null keeps it. */
    private static final String[] TEXT_REFERENCES = new String['>' + 1];
    /** What {@link #escapeAttribute} writes in place of a character: the text's references, and more. */
    private static final String[] ATTRIBUTE_REFERENCES;

    static {
        TEXT_REFERENCES['&'] = "&amp;";
        TEXT_REFERENCES['<'] = "&lt;";
        TEXT_REFERENCES['>'] = "&gt;";
        TEXT_REFERENCES['\r'] = "&#13;";
        ATTRIBUTE_REFERENCES = TEXT_REFERENCES.clone();
        ATTRIBUTE_REFERENCES['"'] = "&quot;";
        ATTRIBUTE_REFERENCES['\''] = "&apos;";
        ATTRIBUTE_REFERENCES['\t'] = "&#9;";
        ATTRIBUTE_REFERENCES['\n'] = "&#10;";
    }

    private XmlWriter() {
    }

    /** The element as a standalone document fragment, declaring its own namespace. */
    public static String toXml(XmlElement element) {
        StringBuilder sb = new StringBuilder(128);
        write(element, "", sb);
        if (usesStreamPrefix(element)) {
            // Alone, the element has no stream header to declare stream: for it or for a descendant a peer
            // put in the streams namespace (stored as text, it must parse back: offline messages, vCards).
            sb.insert(1 + qualifiedName(element).length(), " xmlns:stream=\"" + Namespaces.STREAM + "\"");
        }
        return sb.toString();
    }

    private static boolean usesStreamPrefix(XmlElement element) {
        if (Namespaces.STREAM.equals(element.namespace())) {
            return true;
        }
        for (XmlElement child : element.elements()) {
            if (usesStreamPrefix(child)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stream-level elements keep the stream: prefix that the stream header declares, because clients
     * such as Tsung match on the literal "stream:features" and "stream:error". An element a peer wrote
     * as {@code <xml:x/>} is in the XML namespace, which may only be bound to xml: (Namespaces in XML §3):
     * declared as a default namespace it would break the recipient's parser.
     */
    private static String qualifiedName(XmlElement element) {
        String ns = element.namespace();
        return Namespaces.STREAM.equals(ns) ? "stream:" + element.name()
                : Namespaces.XML.equals(ns) ? "xml:" + element.name() : element.name();
    }

    /** Appends {@code element} as it is written inside a parent whose default namespace is {@code inScope}. */
    public static void write(XmlElement element, String inScope, StringBuilder out) {
        String ns = element.namespace();
        String qname = qualifiedName(element);
        if (qname.length() != element.name().length()) {
            ns = inScope; // prefixed: the default namespace stays what it was
        }
        out.append('<').append(qname);
        if (!ns.equals(inScope)) {
            out.append(" xmlns=\"");
            escapeAttribute(ns, out);
            out.append('"');
        }
        int prefixes = 0;
        for (Map.Entry<String, String> a : element.attributes().entrySet()) {
            String key = a.getKey();
            out.append(' ');
            if (key.startsWith(XML_CLARK)) {
                // The XML namespace may only be bound to xml: (Namespaces in XML §3).
                out.append("xml:").append(key, XML_CLARK.length(), key.length());
            } else if (key.startsWith("{")) {
                int close = key.indexOf('}');
                String prefix = "ns" + (prefixes++);
                out.append("xmlns:").append(prefix).append("=\"");
                escapeAttribute(key.substring(1, close), out);
                out.append("\" ").append(prefix).append(':').append(key, close + 1, key.length());
            } else {
                out.append(key);
            }
            out.append("=\"");
            escapeAttribute(a.getValue(), out);
            out.append('"');
        }
        if (element.children().isEmpty()) {
            out.append("/>");
            return;
        }
        out.append('>');
        for (XmlNode child : element.children()) {
            if (child instanceof XmlElement e) {
                write(e, ns, out);
            } else if (child instanceof XmlText t) {
                escapeText(t.text(), out);
            }
        }
        out.append("</").append(qname).append('>');
    }

    /**
     * Escapes character data. A carriage return is written as a reference because a parser turns a
     * literal one into a line feed (XML 1.0 §2.11).
     */
    public static void escapeText(String s, StringBuilder out) {
        escape(s, TEXT_REFERENCES, out);
    }

    /**
     * Escapes an attribute value. Tab, line feed and carriage return are written as references because
     * a parser turns literal ones into spaces (attribute-value normalisation, XML 1.0 §3.3.3).
     */
    public static void escapeAttribute(String s, StringBuilder out) {
        escape(s, ATTRIBUTE_REFERENCES, out);
    }

    /** Appends {@code s}, each character that has an entry in {@code references} replaced by that entry. */
    private static void escape(String s, String[] references, StringBuilder out) {
        int done = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            String replacement = c < references.length ? references[c] : null;
            if (replacement != null) {
                out.append(s, done, i).append(replacement);
                done = i + 1;
            }
        }
        out.append(s, done, s.length());
    }
}
