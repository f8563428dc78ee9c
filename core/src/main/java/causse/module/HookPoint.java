package causse.module;

/** Where a {@link StanzaHook} sits on a stanza's path. */
public enum HookPoint {
    /**
     * A stanza a local client sent, checked and with its {@code from} stamped, before the router sees it
     * (presence broadcast, blocking of outgoing stanzas, carbons of sent messages).
     */
    OUTBOUND,
    /**
     * A stanza addressed to a local account (bare or full JID), from anyone, before the router delivers it
     * (subscription handling, probes, blocking of incoming stanzas, carbons of received messages).
     */
    INBOUND
}
