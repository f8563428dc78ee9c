package causse.server.config;

import java.util.Objects;

/**
 * One listening socket. {@code port} 0 asks the operating system for a free port (tests). {@code starttls}
 * matters only for {@link ListenerType#C2S}; a direct-TLS listener always encrypts and carries
 * {@link TlsPolicy#REQUIRED}.
 */
public record ListenerConfig(ListenerType type, String bind, int port, TlsPolicy starttls) {
    public static final int DEFAULT_C2S_PORT = 5222;
    public static final int DEFAULT_C2S_DIRECT_TLS_PORT = 5223;

    public ListenerConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(starttls, "starttls");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }

    public static ListenerConfig c2s(String bind, int port, TlsPolicy starttls) {
        return new ListenerConfig(ListenerType.C2S, bind, port, starttls);
    }

    public static ListenerConfig directTls(String bind, int port) {
        return new ListenerConfig(ListenerType.C2S_DIRECT_TLS, bind, port, TlsPolicy.REQUIRED);
    }
}
