package causse.server.router;

import causse.module.IqHandler;
import causse.module.IqRequest;
import causse.module.IqScope;
import causse.stanza.StanzaErrorCondition;
import causse.xml.XmlElement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Finds the module handler for an IQ get/set by scope and payload (name, namespace). */
public final class IqDispatcher {
    private record Key(IqScope scope, String name, String namespace) {
    }

    private final Map<Key, IqHandler> handlers = new ConcurrentHashMap<>();

    public void register(IqScope scope, String name, String namespace, IqHandler handler) {
        if (handlers.putIfAbsent(new Key(scope, name, namespace), handler) != null) {
            throw new IllegalStateException("two handlers for " + scope + " {" + namespace + "}" + name);
        }
    }

    public void unregister(IqScope scope, String name, String namespace, IqHandler handler) {
        handlers.remove(new Key(scope, name, namespace), handler);
    }

    public boolean handles(IqScope scope, String name, String namespace) {
        return handlers.containsKey(new Key(scope, name, namespace));
    }

    /** Hands the request to its handler, or answers {@code <service-unavailable/>} (RFC 6120 §8.4). */
    public void dispatch(IqScope scope, IqRequest request) {
        XmlElement payload = request.payload();
        IqHandler handler = payload == null ? null : handlers.get(new Key(scope, payload.name(), payload.namespace()));
        if (handler == null) {
            request.error(StanzaErrorCondition.SERVICE_UNAVAILABLE);
            return;
        }
        try {
            handler.handle(request);
        } catch (RuntimeException e) {
            request.error(StanzaErrorCondition.INTERNAL_SERVER_ERROR);
            throw e;
        }
    }
}
