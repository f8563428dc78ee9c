package causse.pubsub.service;

import java.util.Locale;

/** Who may publish (XEP-0060 §16.4.3, {@code pubsub#publish_model}). */
public enum PublishModel {
    PUBLISHERS, SUBSCRIBERS, OPEN;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
