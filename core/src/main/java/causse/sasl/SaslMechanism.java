package causse.sasl;

/** A server-side SASL mechanism; one instance serves many connections, each through its own exchange. */
public interface SaslMechanism {
    /** The IANA name, e.g. {@code SCRAM-SHA-256}. */
    String name();

    /** True when the mechanism sends the password itself and must only run over TLS (unless configured otherwise). */
    boolean sendsPlaintextPassword();

    /** Starts one authentication exchange for a connection to {@code domain}. */
    SaslExchange start(String domain);
}
