package causse.server;

import causse.s2s.auth.TestCa;
import causse.server.s2s.FederatedServers;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Federation with ejabberd 23.01 from Debian, started by the test with the domain ejabberd.test and Erlang's
 * resolver pointed at the test's DNS server: messages both ways by SASL EXTERNAL (a CA both trust) and by
 * dialback (certificates neither trusts; ejabberd offers EXTERNAL anyway and gets a SASL failure).
 *
 * <p>ejabberd 23.01 asks SRV records of Erlang's resolver (the test's DNS, through inetrc) but the SRV target's
 * address of the operating system's ({@code net:getaddrinfo}), which knows nothing of the test's zone: so
 * causse.test's SRV record points at {@code localhost} here.
 */
class EjabberdInteropTest {
    @BeforeAll
    static void ejabberdIsInstalled() {
        DebianPeers.require("ejabberd (apt-get install ejabberd; .ci/run installs it)", EjabberdPeer.installed());
        Assumptions.assumeTrue(EjabberdPeer.runningAsRoot(),
                "ejabberdctl runs its node as the ejabberd user: the test must run as root to hand it a directory");
    }

    @Test
    void messagesBothWaysWithTrustedCertificates(@TempDir Path dir) throws Exception {
        try (FederatedServers net = new FederatedServers(dir.resolve("causse"))) {
            TestServer causse = net.start("causse.test", true, "certificate_required");
            Path ca = net.ca.writeCertificate(dir.resolve("ca.pem"));
            try (EjabberdPeer ejabberd = EjabberdPeer.start(dir.resolve("ejabberd"), "ejabberd.test", net.ca, ca,
                    net.dns.address(), "bob")) {
                republishForErlang(net, causse);
                ejabberd.publish(net);
                ejabberd.exchangeWith(causse);
            }
        }
    }

    @Test
    void messagesBothWaysByDialbackWithUntrustedCertificates(@TempDir Path dir) throws Exception {
        try (FederatedServers net = new FederatedServers(dir.resolve("causse"))) {
            TestServer causse = net.start("causse.test", false, "dialback_allowed");
            Path unrelated = new TestCa("Unrelated CA").writeCertificate(dir.resolve("unrelated.pem"));
            try (EjabberdPeer ejabberd = EjabberdPeer.start(dir.resolve("ejabberd"), "ejabberd.test",
                    new TestCa("ejabberd's own CA"), unrelated, net.dns.address(), "bob")) {
                republishForErlang(net, causse);
                ejabberd.publish(net);
                ejabberd.exchangeWith(causse);
            }
        }
    }

    private static void republishForErlang(FederatedServers net, TestServer causse) {
        net.dns.clear();
        net.dns.srv("_xmpp-server._tcp", "causse.test", 0, 0, FederatedServers.s2sPort(causse), "localhost")
                .a("localhost", "127.0.0.1");
    }
}
