package causse.jid;

/** A string that is not a valid JID (RFC 7622); protocol code answers it with {@code <jid-malformed/>}. */
public final class JidFormatException extends IllegalArgumentException {
    public JidFormatException(String message) {
        super(message);
    }
}
