package causse.pubsub.xmpp;

/** The namespaces of XEP-0060 and its companions. */
public final class PubSubNamespaces {
    public static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    public static final String OWNER = PUBSUB + "#owner";
    public static final String EVENT = PUBSUB + "#event";
    public static final String ERRORS = PUBSUB + "#errors";
    public static final String DATA = "jabber:x:data";
    public static final String RSM = "http://jabber.org/protocol/rsm";
    public static final String DELAY = "urn:xmpp:delay";
    public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";

    private PubSubNamespaces() {
    }
}
