package causse.server.router;

import causse.module.HookPoint;
import causse.module.SessionListener;
import causse.module.StanzaHook;
import causse.session.ClientSession;
import causse.stanza.Stanza;
import causse.xml.XmlElement;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hooks and session listeners modules have registered. Lists are copy-on-write: registration is rare,
 * iteration happens for every stanza.
 */
public final class StanzaHooks {
    private record Entry(int order, StanzaHook hook) {
    }

    private final Map<HookPoint, List<Entry>> hooks = new EnumMap<>(HookPoint.class);
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<XmlElement> preAuthFeatures = new CopyOnWriteArrayList<>();
    private final List<XmlElement> postAuthFeatures = new CopyOnWriteArrayList<>();

    public StanzaHooks() {
        for (HookPoint p : HookPoint.values()) {
            hooks.put(p, new CopyOnWriteArrayList<>());
        }
    }

    public void add(HookPoint point, int order, StanzaHook hook) {
        List<Entry> list = hooks.get(point);
        synchronized (list) {
            list.add(new Entry(order, hook));
            list.sort(Comparator.comparingInt(Entry::order));
        }
    }

    public void remove(HookPoint point, StanzaHook hook) {
        hooks.get(point).removeIf(e -> e.hook == hook);
    }

    /** Runs the hooks of {@code point}; true when one of them took the stanza. */
    public boolean run(HookPoint point, Stanza stanza) {
        for (Entry e : hooks.get(point)) {
            if (e.hook.handle(stanza)) {
                return true;
            }
        }
        return false;
    }

    public void addListener(SessionListener l) {
        listeners.add(l);
    }

    public void removeListener(SessionListener l) {
        listeners.remove(l);
    }

    public void bound(ClientSession s) {
        listeners.forEach(l -> l.bound(s));
    }

    public void presenceChanged(ClientSession s, Stanza presence, boolean wasAvailable) {
        listeners.forEach(l -> l.presenceChanged(s, presence, wasAvailable));
    }

    public void ended(ClientSession s, boolean wasAvailable) {
        listeners.forEach(l -> l.ended(s, wasAvailable));
    }

    public void addPreAuthFeature(XmlElement feature) {
        preAuthFeatures.add(feature);
    }

    public void removePreAuthFeature(XmlElement feature) {
        preAuthFeatures.remove(feature);
    }

    public List<XmlElement> preAuthFeatures() {
        return List.copyOf(preAuthFeatures);
    }

    public void addPostAuthFeature(XmlElement feature) {
        postAuthFeatures.add(feature);
    }

    public void removePostAuthFeature(XmlElement feature) {
        postAuthFeatures.remove(feature);
    }

    /** Stream features offered after authentication, besides resource binding. */
    public List<XmlElement> postAuthFeatures() {
        return List.copyOf(postAuthFeatures);
    }
}
