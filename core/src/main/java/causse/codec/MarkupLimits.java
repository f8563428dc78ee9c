package causse.codec;

import javax.xml.stream.XMLStreamReader;

/**
 * Bounds on the markup of one element, checked at its start tag. What the server accepts it relays, so it
 * accepts no more than common parsers take: the JDK's StAX parser (Smack's, and many Java clients') refuses
 * names, prefixes and namespace URIs over 1000 characters and elements with over 10,000 attributes
 * (FEATURE_SECURE_PROCESSING). Without these bounds one client could send a stanza that ends its
 * recipient's connection. Real XMPP markup stays far below both.
 */
final class MarkupLimits {
    /** Characters in a local name, a prefix or a namespace URI. */
    static final int MAX_NAME_CHARS = 1000;
    /**
     * Attributes and namespace declarations on one element. Far below the JDK's 10,000 because the
     * writer may add a declaration for each namespaced attribute.
     */
    static final int MAX_ATTRIBUTES = 1000;

    private MarkupLimits() {
    }

    /** What exceeds a bound on the element the reader is positioned on (a START_ELEMENT), or null. */
    static String violation(XMLStreamReader reader) {
        if (tooLong(reader.getLocalName()) || tooLong(reader.getPrefix()) || tooLong(reader.getNamespaceURI())) {
            return "element name or namespace longer than " + MAX_NAME_CHARS + " characters";
        }
        int attributes = reader.getAttributeCount();
        int declarations = reader.getNamespaceCount();
        if (attributes + declarations > MAX_ATTRIBUTES) {
            return "more than " + MAX_ATTRIBUTES + " attributes on one element";
        }
        for (int i = 0; i < attributes; i++) {
            if (tooLong(reader.getAttributeLocalName(i)) || tooLong(reader.getAttributePrefix(i))
                    || tooLong(reader.getAttributeNamespace(i))) {
                return "attribute name or namespace longer than " + MAX_NAME_CHARS + " characters";
            }
        }
        for (int i = 0; i < declarations; i++) {
            if (tooLong(reader.getNamespacePrefix(i)) || tooLong(reader.getNamespaceURI(i))) {
                return "namespace declaration longer than " + MAX_NAME_CHARS + " characters";
            }
        }
        return null;
    }

    private static boolean tooLong(String s) {
        return s != null && s.length() > MAX_NAME_CHARS;
    }
}
