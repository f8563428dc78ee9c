package causse.s2s.dns;

import java.net.InetSocketAddress;

/**
 * One address to try for a remote domain, in the order {@link SrvResolver} found them.
 *
 * @param host the SRV target (or the domain itself on the A/AAAA fallback), for logs only: the peer's
 *     certificate is checked against its XMPP domain, never against this name (RFC 6120 §13.7.2.1)
 * @param directTls true for an {@code _xmpps-server} target (XEP-0368): TLS from the first byte
 */
public record Endpoint(String host, InetSocketAddress address, boolean directTls) {
    @Override
    public String toString() {
        return host + "[" + address.getAddress().getHostAddress() + "]:" + address.getPort() + (directTls ? " (direct TLS)" : "");
    }
}
