package causse.server.modules.roster;

import causse.storage.RosterItem;
import causse.storage.Subscription;

/**
 * RFC 6121 Appendix A as pure functions: a subscription stanza and the owner's item for the peer give the
 * item afterwards and whether the stanza goes on. The item's {@code pendingIn} stands for "a subscription
 * request from the peer waits for the owner's answer", wherever the caller keeps that fact.
 */
final class SubscriptionStateMachine {
    private SubscriptionStateMachine() {
    }

    enum Type {
        SUBSCRIBE, SUBSCRIBED, UNSUBSCRIBE, UNSUBSCRIBED;

        /** The subscription type of a presence {@code type} attribute, or null for any other presence. */
        static Type of(String presenceType) {
            return switch (presenceType) {
                case "subscribe" -> SUBSCRIBE;
                case "subscribed" -> SUBSCRIBED;
                case "unsubscribe" -> UNSUBSCRIBE;
                case "unsubscribed" -> UNSUBSCRIBED;
                default -> null;
            };
        }

        String attribute() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param item      the owner's item afterwards
     * @param forward   outbound: route the stanza to the peer; inbound: deliver it to the owner
     * @param autoReply inbound only: answer the peer with {@code subscribed} on the owner's behalf
     */
    record Transition(RosterItem item, boolean forward, boolean autoReply) {
    }

    /** The owner sends {@code type} to the peer (RFC 6121 §3.1.2, §3.1.5, §3.2.2, §3.3.2; Appendix A.2). */
    static Transition outbound(Type type, RosterItem item) {
        return switch (type) {
            case SUBSCRIBE -> new Transition(hasTo(item) ? item : item.withPendingOut(true), true, false);
            case UNSUBSCRIBE -> new Transition(item.withSubscription(withoutTo(item)).withPendingOut(false), true, false);
            case SUBSCRIBED -> outboundSubscribed(item);
            case UNSUBSCRIBED -> hasFrom(item) || item.pendingIn() || item.approved()
                    ? new Transition(item.withSubscription(withoutFrom(item)).withPendingIn(false).withApproved(false),
                            true, false)
                    : new Transition(item, false, false);
        };
    }

    private static Transition outboundSubscribed(RosterItem item) {
        if (item.pendingIn()) {
            return new Transition(item.withSubscription(withFrom(item)).withPendingIn(false), true, false);
        }
        if (hasFrom(item)) {
            return new Transition(item, false, false);
        }
        // Nothing to approve yet: a pre-approval, kept by the server and never routed (§3.4).
        return new Transition(item.withApproved(true), false, false);
    }

    /** The peer's {@code type} arrives for the owner (RFC 6121 §3.1.3, §3.1.6, §3.2.3, §3.3.3; Appendix A.3). */
    static Transition inbound(Type type, RosterItem item) {
        return switch (type) {
            case SUBSCRIBE -> inboundSubscribe(item);
            case SUBSCRIBED -> item.pendingOut() && !hasTo(item)
                    ? new Transition(item.withSubscription(withTo(item)).withPendingOut(false), true, false)
                    : new Transition(item, false, false);
            // A withdrawn request only clears the pending request: §3.3.3 delivers the unsubscribe solely to a
            // contact whose roster shows the subscription ("From" or "Both"); Appendix A.3.2 disagrees, the text wins.
            case UNSUBSCRIBE -> hasFrom(item) || item.pendingIn()
                    ? new Transition(item.withSubscription(withoutFrom(item)).withPendingIn(false), hasFrom(item), false)
                    : new Transition(item, false, false);
            case UNSUBSCRIBED -> hasTo(item) || item.pendingOut()
                    ? new Transition(item.withSubscription(withoutTo(item)).withPendingOut(false), true, false)
                    : new Transition(item, false, false);
        };
    }

    private static Transition inboundSubscribe(RosterItem item) {
        if (hasFrom(item)) {
            return new Transition(item, false, true);
        }
        if (item.approved()) {
            return new Transition(item.withSubscription(withFrom(item)).withApproved(false).withPendingIn(false),
                    false, true);
        }
        return new Transition(item.withPendingIn(true), true, false);
    }

    /** The owner receives the peer's presence. */
    static boolean hasTo(RosterItem item) {
        return item.subscription() == Subscription.TO || item.subscription() == Subscription.BOTH;
    }

    /** The peer receives the owner's presence. */
    static boolean hasFrom(RosterItem item) {
        return item.subscription() == Subscription.FROM || item.subscription() == Subscription.BOTH;
    }

    private static Subscription withTo(RosterItem item) {
        return hasFrom(item) ? Subscription.BOTH : Subscription.TO;
    }

    private static Subscription withFrom(RosterItem item) {
        return hasTo(item) ? Subscription.BOTH : Subscription.FROM;
    }

    private static Subscription withoutTo(RosterItem item) {
        return hasFrom(item) ? Subscription.FROM : Subscription.NONE;
    }

    private static Subscription withoutFrom(RosterItem item) {
        return hasTo(item) ? Subscription.TO : Subscription.NONE;
    }
}
