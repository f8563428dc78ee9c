package causse.pubsub.service;

import java.util.Locale;

/** XEP-0060 §4.1 affiliations, strongest first. */
public enum Affiliation {
    OWNER, PUBLISHER, PUBLISH_ONLY, MEMBER, NONE, OUTCAST;

    /** The attribute value: {@code publish-only}, {@code owner}... */
    public String attribute() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The affiliation of an attribute value, or null when it names none. */
    public static Affiliation of(String attribute) {
        for (Affiliation a : values()) {
            if (a.attribute().equals(attribute)) {
                return a;
            }
        }
        return null;
    }

    /** May publish to a node whose publish model is {@code publishers} (§4.1 table 4). */
    boolean canPublish() {
        return this == OWNER || this == PUBLISHER || this == PUBLISH_ONLY;
    }
}
