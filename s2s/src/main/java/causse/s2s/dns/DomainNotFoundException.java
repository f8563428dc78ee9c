package causse.s2s.dns;

/** DNS gave no address at all for a remote domain's XMPP service (or said the domain offers none, RFC 6120 §3.2.1). */
public final class DomainNotFoundException extends Exception {
    public DomainNotFoundException(String message) {
        super(message, null, false, false);
    }
}
