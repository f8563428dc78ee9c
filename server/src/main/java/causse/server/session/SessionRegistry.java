package causse.server.session;

import causse.session.ClientSession;
import causse.session.Sessions;
import causse.jid.Jid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bound sessions of this node, by bare JID then resource. A single node keeps them in memory;
 * a cluster would put a distributed registry behind the same methods.
 */
public final class SessionRegistry implements Sessions {
    private final Map<Jid, Map<String, ClientSession>> byBareJid = new ConcurrentHashMap<>();

    /**
     * Registers a freshly bound session and returns the session it replaces on the same full JID
     * (the caller ends that one with {@code <conflict/>}), or null.
     */
    public ClientSession bind(ClientSession session) {
        Jid jid = session.jid();
        ClientSession[] previous = new ClientSession[1];
        byBareJid.compute(jid.bare(), (bare, resources) -> {
            Map<String, ClientSession> map = resources == null ? new ConcurrentHashMap<>(4) : resources;
            previous[0] = map.put(jid.resource(), session);
            return map;
        });
        return previous[0];
    }

    /**
     * Like {@link #bind}, unless the account has {@code maxResources} sessions bound already and this one
     * replaces none of them: then nothing changes and the result says it was refused.
     */
    public Binding bind(ClientSession session, int maxResources) {
        Jid jid = session.jid();
        Binding[] result = new Binding[1];
        byBareJid.compute(jid.bare(), (bare, resources) -> {
            Map<String, ClientSession> map = resources == null ? new ConcurrentHashMap<>(4) : resources;
            if (!map.containsKey(jid.resource()) && map.size() >= maxResources) {
                result[0] = Binding.REFUSED;
            } else {
                result[0] = new Binding(false, map.put(jid.resource(), session));
            }
            return map.isEmpty() ? null : map;
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
            resources.remove(jid.resource(), session);
            return resources.isEmpty() ? null : resources;
        });
    }

    @Override
    public ClientSession get(Jid fullJid) {
        Map<String, ClientSession> resources = byBareJid.get(fullJid.bare());
        return resources == null ? null : resources.get(fullJid.resource());
    }

    @Override
    public List<ClientSession> sessionsOf(Jid bareJid) {
        Map<String, ClientSession> resources = byBareJid.get(bareJid);
        return resources == null ? List.of() : new ArrayList<>(resources.values());
    }

    public int size() {
        int n = 0;
        for (Map<String, ClientSession> r : byBareJid.values()) {
            n += r.size();
        }
        return n;
    }
}
