package causse.sasl;

/** The server's next move in a SASL exchange. */
public sealed interface SaslStep {

    /** Send {@code <challenge/>} with this data and wait for a {@code <response/>}. */
    record Challenge(byte[] data) implements SaslStep {
    }

    /**
     * Authentication succeeded for {@code username} (the normalised localpart); send {@code <success/>}
     * carrying {@code additionalData} (may be empty).
     */
    record Success(String username, byte[] additionalData) implements SaslStep {
    }

    /**
     * Send {@code <failure/>} with this condition; the client may try again. {@code account} is the bare JID
     * the client tried, when the mechanism got that far (for throttling per account), else null.
     */
    record Failure(SaslFailure condition, String text, String account) implements SaslStep {
        public Failure(SaslFailure condition, String text) {
            this(condition, text, null);
        }
    }
}
