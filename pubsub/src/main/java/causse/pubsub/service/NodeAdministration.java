package causse.pubsub.service;

import static causse.stanza.StanzaErrorCondition.BAD_REQUEST;
import static causse.stanza.StanzaErrorCondition.NOT_ACCEPTABLE;

import causse.jid.Jid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Affiliations and subscriptions as owners manage them (XEP-0060 §8.6, §8.8, §8.9) and as an entity lists
 * its own (§5.6, §5.7). Same threading as {@link PubSubService}.
 */
public final class NodeAdministration {
    private final PubSubService service;

    NodeAdministration(PubSubService service) {
        this.service = service;
    }

    /** One node's subscription or affiliation as listed to its owner or to the entity itself. */
    public record Entry<T>(String node, String jid, T value) {
    }

    public Map<String, Affiliation> affiliations(String svc, Jid actor, String node) {
        return Map.copyOf(service.owned(svc, actor, node).affiliations);
    }

    /**
     * Changes affiliations (§8.9.2); {@code none} removes one. When the changes would leave the node without
     * an owner, the owners' demotions are the invalid entries: the other changes are made (§8.9.2.4) and
     * {@code <not-acceptable/>} is thrown.
     */
    public void setAffiliations(String svc, Jid actor, String node, Map<String, Affiliation> changes) {
        Node n = service.owned(svc, actor, node);
        Map<String, Affiliation> after = new LinkedHashMap<>(n.affiliations);
        changes.forEach((jid, a) -> {
            if (a == Affiliation.NONE) {
                after.remove(jid);
            } else {
                after.put(jid, a);
            }
        });
        Map<String, Affiliation> valid = new LinkedHashMap<>(changes);
        boolean ownerless = !after.containsValue(Affiliation.OWNER);
        if (ownerless) {
            valid.entrySet().removeIf(e -> n.affiliation(e.getKey()) == Affiliation.OWNER);
        }
        valid.forEach((jid, a) -> {
            service.setAffiliation(n, jid, a);
            if (a == Affiliation.OUTCAST) {
                // An outcast loses its subscriptions (§4.1).
                for (Subscription s : List.copyOf(n.subscriptions)) {
                    if (Jid.parse(s.jid()).bareString().equals(jid)) {
                        service.removeSubscription(n, s);
                    }
                }
            }
        });
        if (ownerless) {
            throw PubSubException.of(NOT_ACCEPTABLE);
        }
    }

    public List<Subscription> subscriptions(String svc, Jid actor, String node) {
        return List.copyOf(service.owned(svc, actor, node).subscriptions);
    }

    /**
     * Changes subscriptions (§8.8.2): {@code none} removes every subscription of the JID, {@code subscribed}
     * creates or approves one; the subscriber is told.
     */
    public void setSubscriptions(String svc, Jid actor, String node, Map<String, SubscriptionState> changes) {
        Node n = service.owned(svc, actor, node);
        changes.forEach((jid, state) -> {
            List<Subscription> of = n.subscriptionsOf(jid);
            if (state == SubscriptionState.NONE) {
                of.forEach(s -> service.removeSubscription(n, s));
                tell(n, new Subscription(jid, null, SubscriptionState.NONE, true));
                return;
            }
            Subscription s = of.isEmpty()
                    ? new Subscription(jid, java.util.UUID.randomUUID().toString(), state, true)
                    : of.get(0).withState(state);
            service.putSubscription(n, s);
            tell(n, s);
        });
    }

    /** An owner's answer to a subscription approval request (§8.6). */
    public void approve(String svc, Jid actor, String node, String subscriber, String subid, boolean allow) {
        Node n = service.owned(svc, actor, node);
        Subscription pending = n.subscriptionsOf(subscriber).stream()
                .filter(s -> s.state() == SubscriptionState.PENDING && (subid == null || s.subid().equals(subid)))
                .findFirst().orElseThrow(() -> PubSubException.of(BAD_REQUEST));
        if (allow) {
            Subscription s = pending.withState(SubscriptionState.SUBSCRIBED);
            service.putSubscription(n, s);
            tell(n, s);
            service.sendLastItem(n, subscriber, SendLastItem.ON_SUB);
        } else {
            service.removeSubscription(n, pending);
            tell(n, pending.withState(SubscriptionState.NONE));
        }
    }

    /** The requester's affiliations across the service's nodes (§5.7), or with one node. */
    public List<Entry<Affiliation>> affiliationsOf(String svc, Jid actor, String node) {
        List<Entry<Affiliation>> out = new ArrayList<>();
        for (Node n : service.nodesOf(svc)) {
            Affiliation a = n.affiliation(actor.bareString());
            if (a != Affiliation.NONE && (node == null || n.name().equals(node))) {
                out.add(new Entry<>(n.name(), actor.bareString(), a));
            }
        }
        return out;
    }

    /** The requester's subscriptions (bare JID and its full JIDs) across the service's nodes (§5.6), or with one. */
    public List<Entry<Subscription>> subscriptionsOf(String svc, Jid actor, String node) {
        List<Entry<Subscription>> out = new ArrayList<>();
        String bare = actor.bareString();
        for (Node n : service.nodesOf(svc)) {
            if (node != null && !n.name().equals(node)) {
                continue;
            }
            for (Subscription s : n.subscriptions) {
                if (s.jid().equals(bare) || s.jid().startsWith(bare + "/")) {
                    out.add(new Entry<>(n.name(), s.jid(), s));
                }
            }
        }
        return out;
    }

    /** Tells the subscriber of its subscription's new state (§8.6.2), when the service does so. */
    private void tell(Node n, Subscription s) {
        if (service.policy().notifySubscriptionChanges()) {
            service.broadcaster().send(n, new NodeEvent.SubscriptionChanged(n.service(), n.name(), s), List.of(s.jid()));
        }
    }
}
