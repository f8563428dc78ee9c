package causse.storage;

/**
 * The subscription state of a roster item (RFC 6121 §2.1.2.5), seen from the roster's owner: {@code TO} means
 * the owner receives the contact's presence, {@code FROM} that the contact receives the owner's.
 */
public enum Subscription {
    NONE, TO, FROM, BOTH
}
