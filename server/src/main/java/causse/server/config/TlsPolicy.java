package causse.server.config;

/** Whether a {@code c2s} listener insists on STARTTLS before authentication; written {@code required | optional}. */
public enum TlsPolicy {
    REQUIRED,
    OPTIONAL
}
