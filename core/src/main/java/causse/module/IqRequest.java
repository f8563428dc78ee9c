package causse.module;

import causse.jid.Jid;
import causse.routing.StanzaRouter;
import causse.stanza.Stanza;
import causse.stanza.StanzaError;
import causse.stanza.StanzaErrorCondition;
import causse.xml.XmlElement;
import java.net.InetAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IQ get/set handed to an {@link IqHandler}, with the means to answer it. The answer may come
 * from any thread (after a storage call, say); only the first answer is sent.
 */
public final class IqRequest {
    private static final Logger log = LoggerFactory.getLogger(IqRequest.class);

    private final Stanza iq;
    private final Jid responder;
    private final StanzaRouter router;
    private final InetAddress peer;
    private final AtomicBoolean answered = new AtomicBoolean();

    /**
     * @param responder the JID the answer comes from: the request's {@code to}, or for a request with
     *     no {@code to} the sender's bare JID (RFC 6120 §10.3.3)
     */
    public IqRequest(Stanza iq, Jid responder, StanzaRouter router) {
        this(iq, responder, router, null);
    }

    /**
     * @param router where the answer goes; for an unauthenticated request, a sink writing to that connection
     * @param peer the client's address when the request comes straight from a client connection, else null
     */
    public IqRequest(Stanza iq, Jid responder, StanzaRouter router, InetAddress peer) {
        this.iq = iq;
        this.responder = responder;
        this.router = router;
        this.peer = peer;
    }

    /** The requesting client's IP address, when known (for per-address limits). */
    public InetAddress peer() {
        return peer;
    }

    public Stanza stanza() {
        return iq;
    }

    /** The requester's JID; null for an {@link IqScope#UNAUTHENTICATED} request. */
    public Jid from() {
        return iq.from();
    }

    public Jid to() {
        return responder;
    }

    public boolean isGet() {
        return "get".equals(iq.type());
    }

    public boolean isSet() {
        return "set".equals(iq.type());
    }

    /** The request's single child element. */
    public XmlElement payload() {
        return iq.element().firstElement();
    }

    /**
     * Runs {@code work} on {@code executor} (storage work, off the event loop), which answers the request
     * itself; answers {@code <resource-constraint/>} when the executor refuses the work (it is saturated) and
     * {@code <internal-server-error/>} when the work fails without answering.
     */
    public void answerOn(Executor executor, Runnable work) {
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.warn("IQ {} for {} failed", payload() == null ? "?" : payload().namespace(), responder, e);
                    error(StanzaErrorCondition.INTERNAL_SERVER_ERROR);
                }
            });
        } catch (RejectedExecutionException e) {
            error(StanzaErrorCondition.RESOURCE_CONSTRAINT);
        }
    }

    /** Sends {@code type='result'} with this payload (or none when null). */
    public void result(XmlElement payload) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        String ns = iq.element().namespace();
        XmlElement reply = XmlElement.builder("iq", ns).attribute("type", "result").attribute("id", iq.id())
                .attribute("from", responder == null ? null : responder.toString())
                .attribute("to", iq.from() == null ? null : iq.from().toString()).child(payload).build();
        router.route(new Stanza(Stanza.Kind.IQ, reply, responder, iq.from()));
    }

    public void error(StanzaError error) {
        if (answered.compareAndSet(false, true)) {
            router.route(error.replyTo(iq, responder));
        }
    }

    public void error(StanzaErrorCondition condition) {
        error(StanzaError.of(condition));
    }
}
