package causse.server.modules.roster;

import causse.jid.Jid;
import causse.module.HookPoint;
import causse.module.Module;
import causse.module.ModuleContext;
import causse.module.SessionListener;
import causse.server.config.ModuleOptions;
import causse.server.modules.roster.SubscriptionStateMachine.Type;
import causse.session.ClientSession;
import causse.session.SessionKey;
import causse.stanza.Stanza;
import causse.storage.PendingRequest;
import causse.storage.Roster;
import causse.storage.RosterItem;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import causse.xml.XmlParser;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence (RFC 6121 §3, §4): subscriptions both ways, broadcast of a user's presence to subscribers and to the
 * user's own resources, probes and their answers, directed presence, and unavailable presence when a session
 * ends however it ends. Work that reads a roster runs on the account's queue, so that presence and roster
 * changes of one account are seen in the order they happened (at once, for an account with no roster data and
 * nothing queued: {@link Rosters#withRoster}).
 */
public final class PresenceModule implements Module {
    private static final Logger log = LoggerFactory.getLogger(PresenceModule.class);
    /** After the other modules' hooks (blocking, privacy), which may stop a stanza first. */
    private static final int HOOK_ORDER = 500;
    /** The stream feature that announces subscription pre-approval (RFC 6121 §3.4.1). */
    public static final String PRE_APPROVAL_FEATURE = "urn:xmpp:features:pre-approval";

    /** Typed options of the {@code presence} module: none yet besides {@code enabled}. */
    public record Options() {
        public static Options from(ModuleOptions o) {
            o.allowOnly(Set.of(ModuleOptions.ENABLED));
            return new Options();
        }
    }

    private final Rosters rosters;
    private final SessionKey<Set<Jid>> directed = new SessionKey<>("presence-directed");
    private ModuleContext context;
    private Subscriptions subscriptions;

    public PresenceModule(Options options, Rosters rosters) {
        this.rosters = rosters;
    }

    @Override
    public String name() {
        return "presence";
    }

    @Override
    public void start(ModuleContext context) {
        this.context = context;
        this.subscriptions = new Subscriptions(rosters, context);
        rosters.loadOwners();
        context.addPostAuthFeature(XmlElement.empty("sub", PRE_APPROVAL_FEATURE));
        context.hook(HookPoint.OUTBOUND, HOOK_ORDER, this::outbound);
        context.hook(HookPoint.INBOUND, HOOK_ORDER, this::inbound);
        context.addAccountRemovalListener(this::removing);
        context.addSessionListener(new SessionListener() {
            @Override
            public void presenceChanged(ClientSession session, Stanza presence, boolean wasAvailable) {
                changed(session, presence, wasAvailable);
            }

            @Override
            public void ended(ClientSession session, boolean wasAvailable) {
                PresenceModule.this.ended(session, wasAvailable);
            }
        });
    }

    /** Runs the unavailable broadcasts of the sessions the shutdown ended before the storage executor stops. */
    @Override
    public void stop() {
        rosters.queue().drain(Duration.ofSeconds(5));
    }

    private boolean outbound(Stanza stanza) {
        if (stanza.kind() != Stanza.Kind.PRESENCE || stanza.to() == null) {
            return false;
        }
        String type = stanza.type();
        Type subscription = Type.of(type);
        if (subscription != null) {
            subscriptions.outbound(stanza, subscription);
            return true;
        }
        ClientSession session = context.sessions().get(stanza.from());
        if (session != null && type.equals("available")) {
            directedTargets(session).add(stanza.to());
        } else if (session != null && type.equals("unavailable")) {
            directedTargets(session).remove(stanza.to());
        }
        return false;
    }

    private boolean inbound(Stanza stanza) {
        if (stanza.kind() != Stanza.Kind.PRESENCE || stanza.from() == null) {
            return false;
        }
        String type = stanza.type();
        Type subscription = Type.of(type);
        if (subscription != null) {
            subscriptions.inbound(stanza, subscription);
            return true;
        }
        if (type.equals("probe")) {
            Jid owner = stanza.to().bare();
            Jid prober = stanza.from().bare();
            rosters.queue().submit(owner.toString(), () -> answerProbe(owner, prober));
            return true;
        }
        String owner = stanza.to().bare().toString();
        if (rosters.queue().busy(owner)) {
            // Behind a queued subscription stanza from the same sender: keep their order (RFC 6120 §10.1).
            rosters.queue().submit(owner, () -> deliver(stanza));
            return true;
        }
        return false;
    }

    /** What the router does with presence for a local account, for presence held back behind queued work. */
    private void deliver(Stanza stanza) {
        if (stanza.to().hasResource()) {
            ClientSession s = context.sessions().get(stanza.to());
            if (s != null) {
                s.send(stanza.element());
            }
            return;
        }
        for (ClientSession s : context.sessions().sessionsOf(stanza.to())) {
            if (s.isAvailable()) {
                s.send(stanza.element());
            }
        }
    }

    private void changed(ClientSession session, Stanza presence, boolean wasAvailable) {
        String owner = session.jid().bare().toString();
        if (presence.type().equals("available")) {
            XmlElement element = presence.element();
            boolean initial = !wasAvailable;
            rosters.withRoster(owner, initial,
                    (roster, pending) -> broadcastAvailable(session, element, initial, roster, pending));
        } else if (presence.type().equals("unavailable")) {
            Set<Jid> targets = takeDirectedTargets(session);
            if (wasAvailable || !targets.isEmpty()) {
                XmlElement element = presence.element();
                rosters.withRoster(owner, false,
                        (roster, pending) -> broadcastUnavailable(session, element, targets, roster));
            }
        }
    }

    private void ended(ClientSession session, boolean wasAvailable) {
        Set<Jid> targets = takeDirectedTargets(session);
        if (wasAvailable || !targets.isEmpty()) {
            XmlElement unavailable = XmlElement.builder("presence", Namespaces.CLIENT).attribute("type", "unavailable")
                    .attribute("from", session.jid().toString()).build();
            rosters.withRoster(session.jid().bare().toString(), false,
                    (roster, pending) -> broadcastUnavailable(session, unavailable, targets, roster));
        }
    }

    /** RFC 6121 §4.2.2 (initial: also probes, other resources' presence, waiting requests) and §4.4.2 (update). */
    private void broadcastAvailable(ClientSession session, XmlElement presence, boolean initial, Roster roster,
                                    List<PendingRequest> pending) {
        Jid full = session.jid();
        Jid owner = full.bare();
        for (RosterItem item : roster.items()) {
            Jid contact = Jid.parse(item.contact());
            if (SubscriptionStateMachine.hasFrom(item)) {
                context.router().route(PresenceStanzas.readdressed(presence, full, contact));
            }
            if (initial && SubscriptionStateMachine.hasTo(item)) {
                context.router().route(PresenceStanzas.presence(owner, contact, "probe"));
            }
        }
        for (ClientSession other : context.sessions().sessionsOf(owner)) {
            // An account is subscribed to its own presence, the sending resource included.
            if (other.isAvailable()) {
                other.send(PresenceStanzas.readdressed(presence, full, other.jid()).element());
            }
            XmlElement otherPresence = other.presence();
            if (initial && other != session && other.isAvailable() && otherPresence != null) {
                session.send(PresenceStanzas.readdressed(otherPresence, other.jid(), full).element());
            }
        }
        resendPendingRequests(session, owner, pending);
    }

    private static void resendPendingRequests(ClientSession session, Jid owner, List<PendingRequest> pending) {
        for (PendingRequest request : pending) {
            try {
                session.send(XmlParser.parse(request.stanzaXml()));
            } catch (RuntimeException e) {
                log.warn("Unreadable pending subscription request for {} from {}", owner, request.contact(), e);
            }
        }
    }

    /** RFC 6121 §4.5.2 and §4.6.3: subscribers, the user's other resources, and directed-presence recipients. */
    private void broadcastUnavailable(ClientSession session, XmlElement unavailable, Set<Jid> directedTargets,
                                      Roster roster) {
        Jid full = session.jid();
        Jid owner = full.bare();
        Set<Jid> sent = new HashSet<>();
        for (RosterItem item : roster.items()) {
            if (SubscriptionStateMachine.hasFrom(item)) {
                Jid contact = Jid.parse(item.contact());
                context.router().route(PresenceStanzas.readdressed(unavailable, full, contact));
                sent.add(contact);
            }
        }
        for (ClientSession other : context.sessions().sessionsOf(owner)) {
            if (other != session && other.isAvailable()) {
                other.send(PresenceStanzas.readdressed(unavailable, full, other.jid()).element());
            }
        }
        for (Jid target : directedTargets) {
            if (!sent.contains(target) && !sent.contains(target.bare()) && !target.bare().equals(owner)) {
                context.router().route(PresenceStanzas.readdressed(unavailable, full, target));
            }
        }
    }

    /**
     * XEP-0077 §3.2: a removed account's subscriptions are cancelled as if it had sent each unsubscribed and
     * unsubscribe itself (RFC 6121 §3.2.2, §3.3.2): a subscriber sees each available resource go unavailable and
     * then gets unsubscribed, a contact whose presence it had or had asked for gets unsubscribe, and one waiting
     * for its answer gets unsubscribed. Its roster is read here, before the delete takes it; the sessions still
     * open then end with a roster that is empty.
     */
    private Runnable removing(Jid account) {
        String owner = account.toString();
        Roster roster = rosters.store().roster(owner);
        List<PendingRequest> waiting = rosters.store().pendingRequests(owner);
        return () -> {
            Set<Jid> denied = new HashSet<>();
            for (RosterItem item : roster.items()) {
                Jid contact = Jid.parse(item.contact());
                if (SubscriptionStateMachine.hasFrom(item)) {
                    PresenceStanzas.unavailableFromEach(context.sessions(), account, contact)
                            .forEach(context.router()::route);
                    context.router().route(PresenceStanzas.subscription(account, contact, "unsubscribed"));
                    denied.add(contact);
                }
                if (SubscriptionStateMachine.hasTo(item) || item.pendingOut()) {
                    context.router().route(PresenceStanzas.subscription(account, contact, "unsubscribe"));
                }
            }
            for (PendingRequest request : waiting) {
                Jid contact = Jid.parse(request.contact());
                if (denied.add(contact)) {
                    context.router().route(PresenceStanzas.subscription(account, contact, "unsubscribed"));
                }
            }
        };
    }

    /** RFC 6121 §4.3.2: a subscriber gets the current presence of each available resource, others unsubscribed. */
    private void answerProbe(Jid owner, Jid prober) {
        Optional<RosterItem> item = rosters.store().item(owner.toString(), prober.toString());
        boolean allowed = owner.equals(prober) || item.map(SubscriptionStateMachine::hasFrom).orElse(false);
        if (!allowed) {
            context.router().route(PresenceStanzas.subscription(owner, prober, "unsubscribed"));
            return;
        }
        List<Stanza> current = PresenceStanzas.currentOfEach(context.sessions(), owner, prober);
        if (current.isEmpty()) {
            context.router().route(PresenceStanzas.presence(owner, prober, "unavailable"));
        } else {
            current.forEach(context.router()::route);
        }
    }

    private Set<Jid> directedTargets(ClientSession session) {
        Set<Jid> targets = session.get(directed);
        if (targets == null) {
            targets = ConcurrentHashMap.newKeySet();
            session.set(directed, targets);
        }
        return targets;
    }

    private Set<Jid> takeDirectedTargets(ClientSession session) {
        Set<Jid> targets = session.get(directed);
        session.set(directed, null);
        return targets == null ? Set.of() : Set.copyOf(targets);
    }
}
