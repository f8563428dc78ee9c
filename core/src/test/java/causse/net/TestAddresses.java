package causse.net;

import java.net.InetAddress;

/** Addresses for tests of per-address limits, from the documentation ranges (RFC 5737). */
public final class TestAddresses {
    private TestAddresses() {
    }

    /** The address of a literal IP, without a DNS lookup. */
    public static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
