package causse.server.session;

import causse.jid.Jid;
import causse.session.ClientSession;
import causse.session.Sessions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bound sessions of this node, by bare JID then resource. A single node keeps them in memory;
 * a cluster would put a distributed registry behind the same methods.
 *
 * <p>Each account's sessions are an immutable snapshot, replaced as a whole when one binds or unbinds. Routing
 * reads them for every stanza and sessions change rarely, so readers take the snapshot as it is, without a lock
 * or a copy.
 */
public final class SessionRegistry implements Sessions {
    private final Map<Jid, Resources> byBareJid = new ConcurrentHashMap<>();

    /** One account's sessions, by resource and as a list. */
    private record Resources(Map<String, ClientSession> byResource, List<ClientSession> all) {
        /** The snapshot of {@code sessions}, or null (no entry) when there is none. */
        static Resources of(Map<String, ClientSession> sessions) {
            return sessions.isEmpty() ? null : new Resources(Map.copyOf(sessions), List.copyOf(sessions.values()));
        }

        Map<String, ClientSession> editable() {
            return new HashMap<>(byResource);
        }
    }

    /**
     * Registers a freshly bound session and returns the session it replaces on the same full JID
     * (the caller ends that one with {@code <conflict/>}), or null.
     */
    public ClientSession bind(ClientSession session) {
        return bind(session, Integer.MAX_VALUE).replaced();
    }

    /**
     * Like {@link #bind}, unless the account has {@code maxResources} sessions bound already and this one
     * replaces none of them: then nothing changes and the result says it was refused.
     */
    public Binding bind(ClientSession session, int maxResources) {
        Jid jid = session.jid();
        Binding[] result = new Binding[1];
        byBareJid.compute(jid.bare(), (bare, resources) -> {
            Map<String, ClientSession> map = resources == null ? new HashMap<>(2) : resources.editable();
            if (!map.containsKey(jid.resource()) && map.size() >= maxResources) {
                result[0] = Binding.REFUSED;
                return resources;
            }
            result[0] = new Binding(false, map.put(jid.resource(), session));
            return Resources.of(map);
        });
        return result[0];
    }

    /** The outcome of {@link #bind(ClientSession, int)}: refused, or bound, replacing {@code replaced} (or null). */
    public record Binding(boolean refused, ClientSession replaced) {
        static final Binding REFUSED = new Binding(true, null);
    }

    /** Removes the session if it is still the one bound to its JID. */
    public void unbind(ClientSession session) {
        Jid jid = session.jid();
        byBareJid.computeIfPresent(jid.bare(), (bare, resources) -> {
            if (resources.byResource().get(jid.resource()) != session) {
                return resources;
            }
            Map<String, ClientSession> map = resources.editable();
            map.remove(jid.resource());
            return Resources.of(map);
        });
    }

    @Override
    public ClientSession get(Jid fullJid) {
        Resources resources = byBareJid.get(fullJid.bare());
        return resources == null || fullJid.resource() == null ? null : resources.byResource().get(fullJid.resource());
    }

    /** Every session of the account, as an unmodifiable list that later binds and unbinds leave as it is. */
    @Override
    public List<ClientSession> sessionsOf(Jid bareJid) {
        Resources resources = byBareJid.get(bareJid);
        return resources == null ? List.of() : resources.all();
    }

    public int size() {
        int n = 0;
        for (Resources r : byBareJid.values()) {
            n += r.all().size();
        }
        return n;
    }
}
