package causse.pubsub.service;

import static causse.stanza.StanzaErrorCondition.BAD_REQUEST;
import static causse.stanza.StanzaErrorCondition.FORBIDDEN;
import static causse.stanza.StanzaErrorCondition.NOT_ACCEPTABLE;
import static causse.stanza.StanzaErrorCondition.UNEXPECTED_REQUEST;

import causse.jid.Jid;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The checks of XEP-0060's error tables that need no more than a node and the request: each throws the refusal. */
public final class NodeChecks {
    private NodeChecks() {
    }

    /** A node's requested access model must be one of §4.5's (§8.1.2, example 136). */
    static void checkAccessModel(Map<String, List<String>> config) {
        List<String> accessModel = config == null ? null : config.get("pubsub#access_model");
        if (accessModel != null && (accessModel.size() != 1 || Arrays.stream(AccessModel.values())
                .noneMatch(m -> m.value().equals(accessModel.get(0).trim())))) {
            throw PubSubException.of(NOT_ACCEPTABLE, "unsupported-access-model");
        }
    }

    /** The JID's subscription named by {@code subid}; {@code notSubscribedType} is the error type when it has none. */
    static Subscription subscriptionOf(Node n, Jid jid, String subid, String notSubscribedType) {
        List<Subscription> of = n.subscriptionsOf(jid.toString());
        if (of.isEmpty()) {
            throw PubSubException.of(UNEXPECTED_REQUEST, "not-subscribed").withType(notSubscribedType);
        }
        if (subid == null || subid.isEmpty()) {
            if (of.size() > 1) {
                throw PubSubException.of(BAD_REQUEST, "subid-required");
            }
            return of.get(0);
        }
        return of.stream().filter(s -> s.subid().equals(subid)).findFirst()
                .orElseThrow(() -> PubSubException.of(NOT_ACCEPTABLE, "invalid-subid"));
    }

    /** A retrieval's SubID must name one of the requester's subscriptions, and is needed when it has several. */
    static void checkSubid(Node n, Jid actor, String subid) {
        List<Subscription> bare = n.subscriptionsOf(actor.bareString());
        List<Subscription> full = actor.hasResource() ? n.subscriptionsOf(actor.toString()) : List.of();
        if (subid != null && !subid.isEmpty()) {
            if ((!bare.isEmpty() || !full.isEmpty())
                    && bare.stream().noneMatch(s -> s.subid().equals(subid))
                    && full.stream().noneMatch(s -> s.subid().equals(subid))) {
                throw PubSubException.of(NOT_ACCEPTABLE, "invalid-subid");
            }
        } else if (bare.size() > 1 || full.size() > 1) {
            throw PubSubException.of(BAD_REQUEST, "subid-required");
        }
    }

    static void checkPublisher(Node n, Jid actor) {
        Affiliation a = n.affiliation(actor.bareString());
        boolean allowed = switch (n.config.publishModel()) {
            case PUBLISHERS -> a.canPublish();
            case SUBSCRIBERS -> a.canPublish() || n.isSubscribed(actor.bareString());
            case OPEN -> a != Affiliation.OUTCAST;
        };
        if (!allowed) {
            throw PubSubException.of(FORBIDDEN);
        }
    }

    /** Causse has leaf nodes only: asking for another node type is XEP-0248 §5.1.3's unsupported "collections". */
    public static void checkLeaf(Map<String, List<String>> config) {
        List<String> type = config.get("pubsub#node_type");
        if (type != null && !type.isEmpty() && !type.get(0).trim().equals("leaf")) {
            throw PubSubException.unsupported("collections");
        }
    }
}
