package causse.pubsub.service;

/**
 * One subscription: a JID (bare or full, as the subscriber asked), its id, its state, and whether
 * notifications are delivered to it ({@code pubsub#deliver}, the one subscription option Causse keeps).
 */
public record Subscription(String jid, String subid, SubscriptionState state, boolean deliver) {
    public Subscription withState(SubscriptionState newState) {
        return new Subscription(jid, subid, newState, deliver);
    }

    public Subscription withDeliver(boolean newDeliver) {
        return new Subscription(jid, subid, state, newDeliver);
    }

    /** Stored options text: storage does not look inside. */
    String optionsText() {
        return "deliver=" + deliver;
    }

    static boolean deliverOf(String optionsText) {
        return optionsText == null || !optionsText.contains("deliver=false");
    }
}
