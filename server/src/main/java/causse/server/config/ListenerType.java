package causse.server.config;

/** What a listener speaks; written in lower case in YAML ({@code c2s}, {@code c2s_direct_tls}). */
public enum ListenerType {
    /** Client-to-server on a plain TCP port, upgraded with STARTTLS (RFC 6120 §5). */
    C2S,
    /** Client-to-server with TLS from the first byte (XEP-0368). */
    C2S_DIRECT_TLS
}
