package causse.server.modules.roster;

import causse.jid.Jid;
import causse.module.ModuleContext;
import causse.server.modules.roster.SubscriptionStateMachine.Transition;
import causse.server.modules.roster.SubscriptionStateMachine.Type;
import causse.session.ClientSession;
import causse.stanza.Stanza;
import causse.storage.RosterItem;
import causse.storage.RosterStore;
import causse.xml.XmlWriter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence subscriptions (RFC 6121 §3): the user's side when a client sends one, the contact's side when one
 * arrives for a local account, whoever sent it. Each side runs on the queue of the account whose roster it
 * changes. A request waiting for an answer lives in the store's pending requests, not in a roster item: a
 * stranger's request must not put an item into the roster.
 */
final class Subscriptions {
    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);
    private final Rosters rosters;
    private final ModuleContext context;

    Subscriptions(Rosters rosters, ModuleContext context) {
        this.rosters = rosters;
        this.context = context;
    }

    /** A local client sent a subscription stanza; it leaves with its {@code from} stamped as the bare JID (§3.1.2). */
    void outbound(Stanza stanza, Type type) {
        Jid owner = stanza.from().bare();
        Jid contact = stanza.to().bare();
        Stanza routed = stanza.withAddresses(owner, contact);
        rosters.queue().submit(owner.toString(), () -> applyOutbound(owner, contact, type, routed));
    }

    /** A subscription stanza arrived for the local account {@code stanza.to()}. */
    void inbound(Stanza stanza, Type type) {
        Jid owner = stanza.to().bare();
        Jid peer = stanza.from().bare();
        Stanza delivered = stanza.withAddresses(peer, owner);
        rosters.queue().submit(owner.toString(), () -> applyInbound(owner, peer, type, delivered));
    }

    private void applyOutbound(Jid owner, Jid contact, Type type, Stanza routed) {
        Optional<RosterItem> stored = rosters.store().item(owner.toString(), contact.toString());
        RosterItem before = current(owner, contact, stored);
        Transition t = SubscriptionStateMachine.outbound(type, before);
        persist(owner, contact, stored, before, t.item());
        if (!t.forward()) {
            return;
        }
        context.router().route(routed);
        boolean fromEnded = SubscriptionStateMachine.hasFrom(before) && !SubscriptionStateMachine.hasFrom(t.item());
        if (fromEnded) {
            // The former subscriber must not keep showing the user online (§3.2.2).
            PresenceStanzas.unavailableFromEach(context.sessions(), owner, contact).forEach(context.router()::route);
        }
        boolean fromStarted = !SubscriptionStateMachine.hasFrom(before) && SubscriptionStateMachine.hasFrom(t.item());
        if (fromStarted) {
            // The new subscriber gets the user's current presence at once (§3.1.5).
            PresenceStanzas.currentOfEach(context.sessions(), owner, contact).forEach(context.router()::route);
        }
    }

    private void applyInbound(Jid owner, Jid peer, Type type, Stanza stanza) {
        if (!rosters.accountExists(owner.toString())) {
            // No such account: refuse without saying more (§3.1.3).
            if (type == Type.SUBSCRIBE) {
                context.router().route(PresenceStanzas.subscription(owner, peer, "unsubscribed"));
            }
            return;
        }
        Optional<RosterItem> stored = rosters.store().item(owner.toString(), peer.toString());
        RosterItem before = current(owner, peer, stored);
        Transition t = SubscriptionStateMachine.inbound(type, before);
        if (type == Type.SUBSCRIBE && t.item().pendingIn()) {
            // Kept until answered, and sent again at each login until then (§3.1.3).
            rosters.store().savePendingRequest(owner.toString(), peer.toString(), XmlWriter.toXml(stanza.element()));
        }
        persist(owner, peer, stored, before, t.item());
        if (t.autoReply()) {
            context.router().route(PresenceStanzas.subscription(owner, peer, "subscribed"));
            PresenceStanzas.currentOfEach(context.sessions(), owner, peer).forEach(context.router()::route);
        }
        if (t.forward()) {
            for (ClientSession s : context.sessions().sessionsOf(owner)) {
                if (s.isAvailable()) {
                    s.send(stanza.element());
                }
            }
        }
        if (type == Type.UNSUBSCRIBE && SubscriptionStateMachine.hasFrom(before)) {
            PresenceStanzas.unavailableFromEach(context.sessions(), owner, peer).forEach(context.router()::route);
        }
    }

    /** The owner's item for the contact, with {@code pendingIn} read from the pending requests. */
    private RosterItem current(Jid owner, Jid contact, Optional<RosterItem> stored) {
        String c = contact.toString();
        boolean pendingIn = rosters.store().pendingRequests(owner.toString()).stream()
                .anyMatch(p -> p.contact().equals(c));
        return stored.orElse(RosterItem.of(c)).withPendingIn(pendingIn);
    }

    /** Stores what changed and pushes a changed item; a bare item for a contact not in the roster is not created. */
    private void persist(Jid owner, Jid contact, Optional<RosterItem> stored, RosterItem before, RosterItem after) {
        RosterStore store = rosters.store();
        String o = owner.toString();
        String c = contact.toString();
        if (before.pendingIn() && !after.pendingIn()) {
            store.removePendingRequest(o, c);
        }
        RosterItem kept = after.withPendingIn(false);
        boolean changed = stored.map(s -> !s.withPendingIn(false).equals(kept))
                .orElse(!kept.equals(RosterItem.of(c)));
        if (changed) {
            log.debug("Roster of {}: {} now {}", o, c, kept.subscription());
            long version = store.put(o, kept);
            rosters.push(context.sessions(), o, c, kept, version);
        }
    }
}
