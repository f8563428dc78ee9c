package causse.stanza;

import causse.jid.Jid;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import causse.xml.XmlNode;

/**
 * A stanza error (RFC 6120 §8.3): a condition, its type, an optional human-readable text and an optional
 * application-specific condition element (§8.3.2, e.g. XEP-0191's {@code <blocked/>}).
 */
public record StanzaError(StanzaErrorCondition condition, String type, String text, XmlElement applicationCondition) {

    public StanzaError(StanzaErrorCondition condition, String type, String text) {
        this(condition, type, text, null);
    }

    public static StanzaError of(StanzaErrorCondition condition) {
        return new StanzaError(condition, condition.defaultType(), null, null);
    }

    public static StanzaError of(StanzaErrorCondition condition, String text) {
        return new StanzaError(condition, condition.defaultType(), text, null);
    }

    /** The same error with an application-specific condition added (it goes after the text, §8.3.2). */
    public StanzaError withApplicationCondition(XmlElement element) {
        return new StanzaError(condition, type, text, element);
    }

    /** The {@code <error/>} child, in the namespace of the stanza it goes into. */
    public XmlElement toElement(String stanzaNamespace) {
        XmlElement.Builder b = XmlElement.builder("error", stanzaNamespace).attribute("type", type)
                .child(XmlElement.empty(condition.elementName(), Namespaces.STANZA_ERRORS));
        if (text != null) {
            b.child(XmlElement.builder("text", Namespaces.STANZA_ERRORS).attribute("xml:lang", "en").text(text).build());
        }
        b.child(applicationCondition);
        return b.build();
    }

    /**
     * The error reply to {@code original}: addresses swapped, {@code type='error'}, the original payload
     * kept for messages and presence (RFC 6120 §8.3.1 allows it and clients use it to show what failed),
     * dropped for IQs where it could be large.
     *
     * @param errorFrom who the error comes from (the original's {@code to}, or the server's domain)
     */
    public Stanza replyTo(Stanza original, Jid errorFrom) {
        XmlElement o = original.element();
        XmlElement.Builder b = XmlElement.builder(o.name(), o.namespace())
                .attribute("id", o.attribute("id")).attribute("type", "error")
                .attribute("from", errorFrom == null ? null : errorFrom.toString())
                .attribute("to", original.from() == null ? null : original.from().toString());
        if (original.kind() != Stanza.Kind.IQ) {
            for (XmlNode child : o.children()) {
                if (!(child instanceof XmlElement e && e.name().equals("error"))) {
                    b.child(child);
                }
            }
        }
        b.child(toElement(o.namespace()));
        return new Stanza(original.kind(), b.build(), errorFrom, original.from());
    }
}
