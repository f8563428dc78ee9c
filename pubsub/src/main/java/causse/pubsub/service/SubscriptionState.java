package causse.pubsub.service;

import java.util.Locale;

/** XEP-0060 §4.2 subscription states ({@code none} is the absence of a subscription). */
public enum SubscriptionState {
    NONE, PENDING, UNCONFIGURED, SUBSCRIBED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SubscriptionState of(String value) {
        for (SubscriptionState s : values()) {
            if (s.value().equals(value)) {
                return s;
            }
        }
        return null;
    }
}
