package causse.server.modules.privatexml;

import org.jivesoftware.smack.packet.IQ;
import org.jxmpp.jid.Jid;

/** An IQ whose child is written as given: for requests that well-behaved client libraries refuse to build. */
public final class RawIq extends IQ {
    private final String inner;

    public RawIq(Type type, Jid to, String element, String namespace, String inner) {
        super(element, namespace);
        this.inner = inner;
        setType(type);
        setTo(to);
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        if (inner.isEmpty()) {
            xml.setEmptyElement();
        } else {
            xml.rightAngleBracket();
            xml.append(inner);
        }
        return xml;
    }
}
