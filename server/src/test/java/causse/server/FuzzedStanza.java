package causse.server;

import causse.xml.Namespaces;
import causse.xml.XmlElement;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns fuzzer bytes into a well-formed stanza, so that {@link StanzaDispatchFuzzTest} spends its time in
 * dispatch rather than in the XML parser (which {@code XmppStreamDecoderFuzzTest} covers). The bytes are
 * read as UTF-8 lines, a small language that keeps the seed files readable:
 * <pre>
 * iq                     first line: the element's name (message, presence, iq, or anything else)
 * &#64;type get               an attribute on the current element
 * +urn:xmpp:ping ping    opens a child element (namespace, then name), which becomes the current one
 * "some text             text inside the current element
 * -                      closes the current element
 * </pre>
 * Names are cut down to XML name characters and characters XML cannot carry are dropped, so whatever
 * the bytes, the result is one element the server's parser accepts.
 */
final class FuzzedStanza {
    private FuzzedStanza() {
    }

    static XmlElement parse(String script) {
        String[] lines = script.split("\n", -1);
        Deque<XmlElement.Builder> open = new ArrayDeque<>();
        open.push(XmlElement.builder(name(lines[0]), Namespaces.CLIENT));
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            String rest = line.substring(1);
            switch (line.charAt(0)) {
                case '@' -> {
                    int space = rest.indexOf(' ');
                    String key = name(space < 0 ? rest : rest.substring(0, space));
                    open.peek().attribute(key, xmlChars(space < 0 ? "" : rest.substring(space + 1)));
                }
                case '+' -> {
                    int space = rest.indexOf(' ');
                    String namespace = xmlChars(space < 0 ? "" : rest.substring(0, space));
                    open.push(XmlElement.builder(name(space < 0 ? rest : rest.substring(space + 1)), namespace));
                }
                case '"' -> open.peek().text(xmlChars(rest));
                case '-' -> close(open);
                default -> { }
            }
        }
        while (open.size() > 1) {
            close(open);
        }
        return open.pop().build();
    }

    private static void close(Deque<XmlElement.Builder> open) {
        if (open.size() > 1) {
            XmlElement child = open.pop().build();
            open.peek().child(child);
        }
    }

    /** An XML name without prefix: letters, digits, '.', '-', '_', not starting with a digit, '.' or '-'. */
    private static String name(String raw) {
        StringBuilder b = new StringBuilder();
        raw.codePoints().filter(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_'))
                .forEach(b::appendCodePoint);
        if (b.length() == 0 || !(Character.isLetter(b.charAt(0)) || b.charAt(0) == '_')) {
            b.insert(0, 'x');
        }
        // "xmlns" as an attribute name would declare a namespace rather than carry a value.
        return b.toString().toLowerCase(java.util.Locale.ROOT).startsWith("xml") ? "x" + b : b.toString();
    }

    /** Drops what XML 1.0 cannot carry at all (control characters, U+FFFE, U+FFFF). */
    private static String xmlChars(String raw) {
        StringBuilder b = new StringBuilder(raw.length());
        raw.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000).forEach(b::appendCodePoint);
        return b.toString();
    }
}
