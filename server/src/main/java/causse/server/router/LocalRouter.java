package causse.server.router;

import causse.jid.Jid;
import causse.module.HookPoint;
import causse.module.IqRequest;
import causse.module.IqScope;
import causse.routing.RemoteDelivery;
import causse.routing.StanzaRouter;
import causse.session.ClientSession;
import causse.server.session.SessionRegistry;
import causse.stanza.Stanza;
import causse.stanza.StanzaError;
import causse.stanza.StanzaErrorCondition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Implements the routing table of {@code package-info.java}. Thread-safe; runs on the sender's event loop. */
public final class LocalRouter implements StanzaRouter {
    private final Set<String> hostedDomains;
    private final SessionRegistry sessions;
    private final IqDispatcher iqs;
    private final RoutingMetrics metrics;
    private final StanzaHooks hooks;
    private final PendingRequests pending;
    private volatile UndeliverableMessages undeliverable;
    private final RemoteDelivery bounceRemote = s -> bounce(s, StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND);
    private volatile RemoteDelivery remote = bounceRemote;
    private final Map<String, StanzaRouter> services = new ConcurrentHashMap<>();

    public LocalRouter(Set<String> hostedDomains, SessionRegistry sessions, IqDispatcher iqs, StanzaHooks hooks,
                       PendingRequests pending, RoutingMetrics metrics) {
        this.hostedDomains = Set.copyOf(hostedDomains);
        this.sessions = sessions;
        this.iqs = iqs;
        this.hooks = hooks;
        this.pending = pending;
        this.metrics = metrics;
        this.undeliverable = m -> bounce(m, StanzaErrorCondition.SERVICE_UNAVAILABLE);
    }

    /** Replaces what happens to messages nobody can take now (the offline module stores them). */
    public void setUndeliverable(UndeliverableMessages handler) {
        this.undeliverable = handler;
    }

    /** Hands every stanza addressed to {@code domain} (a service such as pubsub.example.org) to {@code handler}. */
    public void addService(String domain, StanzaRouter handler) {
        if (hostedDomains.contains(domain) || services.putIfAbsent(domain, handler) != null) {
            throw new IllegalArgumentException("domain already routed: " + domain);
        }
    }

    public void removeService(String domain, StanzaRouter handler) {
        services.remove(domain, handler);
    }

    /**
     * Hands stanzas for other domains to {@code delivery} (the s2s module).
     *
     * @throws IllegalStateException when another remote delivery is already in place
     */
    public synchronized void provideRemote(RemoteDelivery delivery) {
        if (remote != bounceRemote) {
            throw new IllegalStateException("remote delivery is already provided");
        }
        remote = delivery;
    }

    /** Back to bouncing stanzas for other domains with remote-server-not-found, if {@code delivery} was in place. */
    public synchronized void removeRemote(RemoteDelivery delivery) {
        if (remote == delivery) {
            remote = bounceRemote;
        }
    }

    /**
     * Routes and times one stanza. A bounce routes its error through {@link #dispatch}, untimed, so a stanza
     * refused during routing is timed once, error included.
     */
    @Override
    public void route(Stanza stanza) {
        long start = System.nanoTime();
        try {
            dispatch(stanza);
        } finally {
            metrics.routingTook(System.nanoTime() - start);
        }
    }

    private void dispatch(Stanza stanza) {
        Jid to = stanza.to();
        if (to == null) {
            toOwnAccount(stanza);
        } else if (!hostedDomains.contains(to.domain())) {
            StanzaRouter service = services.get(to.domain());
            if (service != null) {
                metrics.routed(RoutingMetrics.Outcome.DELIVERED);
                service.route(stanza);
            } else {
                metrics.routed(RoutingMetrics.Outcome.REMOTE);
                remote.deliver(stanza);
            }
        } else if (to.local() == null) {
            toServer(stanza, to);
        } else if (hooks.run(HookPoint.INBOUND, stanza)) {
            return;
        } else if (to.hasResource()) {
            toFullJid(stanza, to);
        } else {
            toBareJid(stanza, to);
        }
    }

    private void toOwnAccount(Stanza stanza) {
        Jid account = stanza.from().bare();
        switch (stanza.kind()) {
            case MESSAGE -> toBareJid(stanza, account);
            case IQ -> {
                if (isRequest(stanza)) {
                    iqs.dispatch(IqScope.ACCOUNT, new IqRequest(stanza, account, this));
                }
            }
            case PRESENCE -> { }
        }
    }

    private void toServer(Stanza stanza, Jid to) {
        if (stanza.kind() == Stanza.Kind.IQ) {
            if (!isRequest(stanza)) {
                // An answer to a request the server sent, or else nothing anyone waits for: dropped.
                if (!to.hasResource()) {
                    pending.answer(stanza);
                }
                return;
            }
            if (to.hasResource()) {
                bounce(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE);
            } else {
                iqs.dispatch(IqScope.SERVER, new IqRequest(stanza, to, this));
            }
        } else if (stanza.kind() == Stanza.Kind.MESSAGE && !"headline".equals(stanza.type())) {
            bounce(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE);
        }
    }

    private void toFullJid(Stanza stanza, Jid to) {
        ClientSession session = sessions.get(to);
        if (session != null) {
            deliver(session, stanza);
            return;
        }
        String type = stanza.type();
        switch (stanza.kind()) {
            case MESSAGE -> {
                switch (type) {
                    case "groupchat" -> bounce(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE);
                    case "error" -> { }
                    default -> toBareJid(stanza, to.bare());
                }
            }
            case PRESENCE -> {
                if (isSubscription(type)) {
                    toBareJid(stanza, to.bare());
                }
            }
            case IQ -> {
                if (isRequest(stanza)) {
                    bounce(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE);
                }
            }
        }
    }

    private void toBareJid(Stanza stanza, Jid to) {
        switch (stanza.kind()) {
            case MESSAGE -> messageToBareJid(stanza, to);
            case PRESENCE -> {
                for (ClientSession s : sessions.sessionsOf(to)) {
                    if (s.isAvailable()) {
                        deliver(s, stanza);
                    }
                }
            }
            case IQ -> {
                if (isRequest(stanza)) {
                    iqs.dispatch(IqScope.ACCOUNT, new IqRequest(stanza, to, this));
                }
            }
        }
    }

    private void messageToBareJid(Stanza stanza, Jid to) {
        String type = stanza.type();
        if (type.equals("groupchat")) {
            bounce(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE);
            return;
        }
        List<ClientSession> targets = type.equals("headline")
                ? DeliveryRules.nonNegative(sessions.sessionsOf(to))
                : DeliveryRules.highestPriority(sessions.sessionsOf(to));
        if (!targets.isEmpty()) {
            for (ClientSession s : targets) {
                deliver(s, stanza);
            }
        } else if (type.equals("headline") || type.equals("error")) {
            metrics.routed(RoutingMetrics.Outcome.DROPPED);
        } else {
            metrics.routed(RoutingMetrics.Outcome.OFFLINE);
            undeliverable.handle(stanza);
        }
    }

    private void deliver(ClientSession session, Stanza stanza) {
        metrics.routed(RoutingMetrics.Outcome.DELIVERED);
        session.send(stanza.element());
    }

    /** Answers a stanza with an error from its recipient, except an error, which is never answered. */
    public void bounce(Stanza stanza, StanzaErrorCondition condition) {
        if (stanza.isError() || stanza.from() == null) {
            metrics.routed(RoutingMetrics.Outcome.DROPPED);
            return;
        }
        metrics.routed(RoutingMetrics.Outcome.ERROR);
        Jid errorFrom = stanza.to() != null ? stanza.to() : stanza.from().bare();
        dispatch(StanzaError.of(condition).replyTo(stanza, errorFrom));
    }

    private static boolean isRequest(Stanza iq) {
        String t = iq.type();
        return t.equals("get") || t.equals("set");
    }

    private static boolean isSubscription(String presenceType) {
        return switch (presenceType) {
            case "subscribe", "subscribed", "unsubscribe", "unsubscribed" -> true;
            default -> false;
        };
    }
}
