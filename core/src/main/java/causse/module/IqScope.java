package causse.module;

/** Whose IQs a handler answers. */
public enum IqScope {
    /** IQs addressed to a hosted domain itself (or a service JID): disco, ping, version, time. */
    SERVER,
    /** IQs addressed to a user's bare JID, or with no {@code to}, that the server answers on the account's behalf: roster, vCard. */
    ACCOUNT
}
