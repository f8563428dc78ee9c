package causse.module;

import causse.routing.StanzaRouter;

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

    StanzaRouter router();
}
