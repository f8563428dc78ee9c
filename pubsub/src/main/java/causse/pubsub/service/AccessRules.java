package causse.pubsub.service;

import static causse.stanza.StanzaErrorCondition.FORBIDDEN;
import static causse.stanza.StanzaErrorCondition.NOT_ALLOWED;
import static causse.stanza.StanzaErrorCondition.NOT_AUTHORIZED;

import java.util.Set;

/** XEP-0060 §4.5 access models: who may subscribe to a node and retrieve its items, with §6.1.3's errors. */
public final class AccessRules {
    private final Contacts contacts;

    public AccessRules(Contacts contacts) {
        this.contacts = contacts;
    }

    /** True when {@code bareJid} may retrieve the node's items (and so hear of them, for PEP). May block. */
    public boolean allows(Node node, String bareJid) {
        try {
            check(node, bareJid, false);
            return true;
        } catch (PubSubException e) {
            return false;
        }
    }

    /**
     * Throws the refusal for {@code bareJid}; returns true when an {@code authorize} node must ask its owners
     * first (subscribing), false when access is granted.
     */
    boolean check(Node node, String bareJid, boolean subscribing) {
        Affiliation a = node.affiliation(bareJid);
        if (a == Affiliation.OUTCAST || a == Affiliation.PUBLISH_ONLY) {
            // §4.1 table 4: neither may subscribe nor retrieve items (§6.1.3.8, §6.5.9.10: forbidden).
            throw PubSubException.of(FORBIDDEN);
        }
        if (a == Affiliation.OWNER || a == Affiliation.PUBLISHER) {
            return false;
        }
        switch (node.config().accessModel()) {
            case OPEN -> {
                return false;
            }
            case PRESENCE -> {
                if (node.owners().stream().noneMatch(o -> o.equals(bareJid) || contacts.seesPresence(o, bareJid))) {
                    throw PubSubException.of(NOT_AUTHORIZED, "presence-subscription-required");
                }
                return false;
            }
            case ROSTER -> {
                Set<String> allowed = Set.copyOf(node.config().rosterGroupsAllowed());
                boolean inGroup = node.owners().stream()
                        .anyMatch(o -> contacts.groups(o, bareJid).stream().anyMatch(allowed::contains));
                if (!inGroup) {
                    throw PubSubException.of(NOT_AUTHORIZED, "not-in-roster-group");
                }
                return false;
            }
            case WHITELIST -> {
                if (a != Affiliation.MEMBER) {
                    throw PubSubException.of(NOT_ALLOWED, "closed-node");
                }
                return false;
            }
            case AUTHORIZE -> {
                if (a == Affiliation.MEMBER) {
                    return false;
                }
                if (subscribing) {
                    return true;
                }
                if (!node.isSubscribed(bareJid)) {
                    throw PubSubException.of(NOT_AUTHORIZED, "not-subscribed");
                }
                return false;
            }
            default -> throw new IllegalStateException();
        }
    }
}
