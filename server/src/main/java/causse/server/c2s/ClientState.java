package causse.server.c2s;

import causse.stanza.Stanza;
import causse.xml.XmlElement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Client state indication (XEP-0352) for one session. While the client says it is inactive, what can wait is
 * held: presence updates (only the newest from each sender is kept), chat states and PEP notifications without a
 * body. Anything else (a message with a body, a request, a subscription) is sent at once, after everything held,
 * so the client sees stanzas in the order they came; so is everything when the client becomes active again, or
 * when more than the configured number wait.
 *
 * <p>Thread-safe: the session is written to from any thread. Stanzas are handed on under this object's lock, so
 * none overtakes another; the one it hands them to never takes this lock.
 */
final class ClientState {
    static final String NAMESPACE = "urn:xmpp:csi:0";
    static final XmlElement FEATURE = XmlElement.empty("csi", NAMESPACE);
    private static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";
    private static final String PUBSUB_EVENT = "http://jabber.org/protocol/pubsub#event";
    private static final String CARBONS = "urn:xmpp:carbons:2";
    private static final String FORWARD = "urn:xmpp:forward:0";
    private static final String DELAY = "urn:xmpp:delay";

    private final int maxHeld;
    private final Consumer<XmlElement> deliver;
    /** Held stanzas in arrival order; a presence is keyed by its sender, so a newer one replaces it at the end. */
    private final LinkedHashMap<Object, XmlElement> held = new LinkedHashMap<>();
    private volatile boolean inactive;
    private long sequence;

    ClientState(int maxHeld, Consumer<XmlElement> deliver) {
        this.maxHeld = maxHeld;
        this.deliver = deliver;
    }

    boolean isInactive() {
        return inactive;
    }

    /** Sends the stanza now, or holds it while the client is inactive and it can wait. */
    void offer(XmlElement stanza) {
        synchronized (this) {
            if (!inactive) {
                deliver.accept(stanza);
                return;
            }
            if (!canWait(stanza)) {
                flush();
                deliver.accept(stanza);
                return;
            }
            Object key = Stanza.Kind.of(stanza) == Stanza.Kind.PRESENCE && stanza.attribute("from") != null
                    ? "presence " + stanza.attribute("from") : Long.valueOf(sequence++);
            held.remove(key);
            held.put(key, stanza);
            if (held.size() > maxHeld) {
                flush();
            }
        }
    }

    /** {@code <inactive/>}: hold what can wait from now on. */
    void inactive() {
        inactive = true;
    }

    /** {@code <active/>}, or a new stream for the session: everything held is sent now, nothing is held after. */
    void active() {
        synchronized (this) {
            flush();
            inactive = false;
        }
    }

    /** The session ended: what was held could only have been presence and chat states for a client that is gone. */
    List<XmlElement> drop() {
        synchronized (this) {
            List<XmlElement> dropped = new ArrayList<>(held.values());
            held.clear();
            return dropped;
        }
    }

    private void flush() {
        for (Iterator<Map.Entry<Object, XmlElement>> it = held.entrySet().iterator(); it.hasNext(); ) {
            XmlElement stanza = it.next().getValue();
            it.remove();
            deliver.accept(stanza);
        }
    }

    /**
     * Presence that only says who is available (not a subscription, not an error), and messages without a body
     * whose every payload is a chat state or a PEP notification (from an account, not from a pubsub service, whose
     * channels bots and people subscribe to on purpose), a carbon copy of one included.
     */
    static boolean canWait(XmlElement stanza) {
        Stanza.Kind kind = Stanza.Kind.of(stanza);
        if (kind == Stanza.Kind.PRESENCE) {
            String type = stanza.attribute("type");
            return type == null || type.equals("unavailable");
        }
        if (kind != Stanza.Kind.MESSAGE || "error".equals(stanza.attribute("type")) || stanza.elements().isEmpty()) {
            return false;
        }
        for (XmlElement payload : stanza.elements()) {
            String ns = payload.namespace();
            boolean waits = switch (ns) {
                case CHAT_STATES, DELAY -> true;
                case PUBSUB_EVENT -> fromAccount(stanza.attribute("from"));
                case CARBONS -> {
                    XmlElement forwarded = payload.child("forwarded", FORWARD);
                    XmlElement inner = forwarded == null ? null : forwarded.firstElement();
                    yield inner != null && canWait(inner);
                }
                default -> false;
            };
            if (!waits) {
                return false;
            }
        }
        return true;
    }

    /** A bare JID with a local part: PEP, not a pubsub service. */
    private static boolean fromAccount(String from) {
        return from != null && from.indexOf('@') > 0 && from.indexOf('/') < 0;
    }
}
