package causse.pubsub.service;

import java.util.Locale;

/** When the last published item goes to a subscriber ({@code pubsub#send_last_published_item}). */
public enum SendLastItem {
    NEVER, ON_SUB, ON_SUB_AND_PRESENCE;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
