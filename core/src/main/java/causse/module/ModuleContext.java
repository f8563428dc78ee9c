package causse.module;

import causse.jid.Jid;
import causse.routing.RemoteDelivery;
import causse.routing.StanzaRouter;
import causse.session.Sessions;
import causse.stanza.Stanza;
import causse.xml.XmlElement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

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

    /** Tells {@code listener} of every account removed through {@link #removeAccount}. */
    void addAccountRemovalListener(AccountRemovalListener listener);

    /**
     * Removes an account: each removal listener reads what it needs, {@code delete} deletes the stored account,
     * and, if it returned true, each listener finishes (in the order they were added). Runs on the caller's
     * thread, which must not be an event loop. Returns what {@code delete} returned.
     */
    boolean removeAccount(Jid account, BooleanSupplier delete);

    /**
     * Advertises a stream feature before authentication (e.g. XEP-0077's {@code <register/>}); IQs of
     * {@link IqScope#UNAUTHENTICATED} handlers are accepted on such streams.
     */
    void addPreAuthFeature(XmlElement feature);

    /** Advertises a stream feature after authentication, next to resource binding (e.g. RFC 6121's roster versioning). */
    void addPostAuthFeature(XmlElement feature);

    /**
     * Hosts a service at {@code prefix.<domain>} for every hosted domain (XEP-0060's {@code pubsub.example.org}):
     * every stanza addressed to that domain, with or without a local part or resource, goes to {@code handler},
     * and the domain's disco#items lists the service under {@code name}.
     */
    void registerService(String prefix, String name, StanzaRouter handler);

    /** Advertises a feature in the disco#info of every account's bare JID (XEP-0030 §3.1; PEP's features). */
    void addAccountFeature(String var);

    /** Advertises an identity in the disco#info of every account's bare JID ({@code pubsub/pep}, XEP-0163 §4). */
    void addAccountIdentity(DiscoIdentity identity);

    /** Takes over disco#info on accounts' nodes and disco#items on accounts (PEP); one module at most. */
    void setAccountNodes(AccountNodes nodes);

    StanzaRouter router();

    /**
     * Makes {@code delivery} take every stanza for a domain that is neither hosted nor a service (federation,
     * RFC 6120 §13.7); undone when the module stops, after which such stanzas bounce with
     * {@code <remote-server-not-found/>} again. One module at a time may provide it.
     *
     * @throws IllegalStateException when another module already provides remote delivery
     */
    void provideRemoteDelivery(RemoteDelivery delivery);

    /**
     * Sends an IQ get or set from a JID this server owns and returns its answer. The request's {@code from} is a
     * hosted domain (no local part, no resource), chosen by the caller; its {@code to} is any entity. Without an
     * {@code id}, a unique unguessable one is generated. The future completes with the {@code result} or
     * {@code error} stanza whose {@code from} is the request's {@code to} and whose id matches (an answer from any
     * other JID is ignored: {@code from} is stamped by the server, so this stops spoofed answers), or
     * exceptionally with a {@link java.util.concurrent.TimeoutException} once {@code timeout} has passed, or with
     * a {@link java.util.concurrent.RejectedExecutionException} when too many requests are waiting, or with an
     * {@link IllegalStateException} when a request with the same id, {@code from} and {@code to} still waits.
     * The future completes on the answering connection's event loop or on a timer thread: what is chained to it
     * must not block.
     *
     * @throws IllegalArgumentException when the stanza is no IQ get/set, its {@code from} is no hosted domain,
     *     or it has no {@code to}
     */
    CompletableFuture<Stanza> request(Stanza iq, Duration timeout);

    Sessions sessions();

    /** True for a domain this server hosts. */
    boolean isLocal(String domain);
}
