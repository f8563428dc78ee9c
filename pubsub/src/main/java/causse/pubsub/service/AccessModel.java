package causse.pubsub.service;

import java.util.Locale;

/** Who may subscribe and retrieve items (XEP-0060 §4.5). */
public enum AccessModel {
    OPEN, PRESENCE, ROSTER, AUTHORIZE, WHITELIST;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
