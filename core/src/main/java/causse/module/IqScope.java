package causse.module;

/** Whose IQs a handler answers. */
public enum IqScope {
    /** IQs addressed to a hosted domain itself (or a service JID): disco, ping, version, time. */
    SERVER,
    /** IQs addressed to a user's bare JID, or with no {@code to}, that the server answers on the account's behalf: roster, vCard. */
    ACCOUNT,
    /** IQs a client sends before it has authenticated (in-band registration, XEP-0077); the request has no {@code from}. */
    UNAUTHENTICATED
}
