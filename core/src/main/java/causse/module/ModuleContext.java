package causse.module;

import causse.routing.StanzaRouter;
import causse.session.Sessions;
import causse.xml.XmlElement;

/**
 * What a module may touch while it runs. Every registration is recorded by the context and undone
 * when the module stops.
 */
public interface ModuleContext {
    /** Handles IQ get/set whose payload is {@code <name xmlns=namespace/>} in the given scope. */
    void registerIq(IqScope scope, String name, String namespace, IqHandler handler);

    /** Advertises a feature in the server's disco#info (XEP-0030). */
    void addFeature(String var);

    /** Advertises an identity in the server's disco#info. */
    void addIdentity(DiscoIdentity identity);

    /** Adds a hook; hooks at one point run in ascending {@code order} until one takes the stanza. */
    void hook(HookPoint point, int order, StanzaHook hook);

    void addSessionListener(SessionListener listener);

    /**
     * Advertises a stream feature before authentication (e.g. XEP-0077's {@code <register/>}); IQs of
     * {@link IqScope#UNAUTHENTICATED} handlers are accepted on such streams.
     */
    void addPreAuthFeature(XmlElement feature);

    /** Advertises a stream feature after authentication, next to resource binding (e.g. RFC 6121's roster versioning). */
    void addPostAuthFeature(XmlElement feature);

    StanzaRouter router();

    Sessions sessions();

    /** True for a domain this server hosts. */
    boolean isLocal(String domain);
}
