package causse.pubsub.service;

import causse.stanza.StanzaErrorCondition;

/**
 * A refused request, with the XMPP condition and the pubsub-specific condition (XEP-0060's
 * {@code http://jabber.org/protocol/pubsub#errors} element, e.g. {@code item-forbidden}) its tables give.
 * The error-type may differ from the condition's default where the XEP says so.
 */
public final class PubSubException extends RuntimeException {
    private final StanzaErrorCondition condition;
    private final String pubsubCondition;
    private final String feature;
    private final String type;

    private PubSubException(StanzaErrorCondition condition, String pubsubCondition, String feature, String type) {
        super(condition.elementName() + (pubsubCondition == null ? "" : "/" + pubsubCondition)
                + (feature == null ? "" : " " + feature), null, false, false);
        this.condition = condition;
        this.pubsubCondition = pubsubCondition;
        this.feature = feature;
        this.type = type == null ? condition.defaultType() : type;
    }

    public static PubSubException of(StanzaErrorCondition condition) {
        return new PubSubException(condition, null, null, null);
    }

    public static PubSubException of(StanzaErrorCondition condition, String pubsubCondition) {
        return new PubSubException(condition, pubsubCondition, null, null);
    }

    /** {@code <feature-not-implemented/>} with {@code <unsupported feature='...'/>} (e.g. purge of a node that keeps no items, §8.5.3). */
    public static PubSubException unsupported(String feature) {
        return new PubSubException(StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED, "unsupported", feature, null);
    }

    public PubSubException withType(String errorType) {
        return new PubSubException(condition, pubsubCondition, feature, errorType);
    }

    public StanzaErrorCondition condition() {
        return condition;
    }

    /** The pubsub#errors element name, or null. */
    public String pubsubCondition() {
        return pubsubCondition;
    }

    /** The {@code feature} attribute of {@code <unsupported/>}, or null. */
    public String feature() {
        return feature;
    }

    public String type() {
        return type;
    }
}
