package causse.bench.client;

import io.netty.handler.ssl.SslContext;

/**
 * What every simulated client shares: where to connect and how to log in. Immutable, one per run, so
 * a connection carries only a reference to it.
 *
 * @param sslContext the client TLS context for STARTTLS, or null for plain TCP only
 * @param sasl {@code PLAIN}, {@code SCRAM-SHA-1} or {@code SCRAM-SHA-256}
 * @param register create the account by in-band registration (XEP-0077) before authenticating
 */
public record ClientSettings(String host, int port, String domain, String userPrefix, String password,
                             SslContext sslContext, String sasl, boolean register, String resource) {
    public String username(int index) {
        return userPrefix + index;
    }

    public String bareJid(int index) {
        return userPrefix + index + "@" + domain;
    }
}
