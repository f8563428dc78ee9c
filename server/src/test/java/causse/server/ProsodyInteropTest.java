package causse.server;

import causse.s2s.auth.TestCa;
import causse.server.s2s.FederatedServers;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Federation with an independently written server: Prosody from Debian, started by the test with the domain
 * prosody.test, resolving causse.test through the test's DNS server (and Causse resolving prosody.test there).
 * Messages go both ways, once with certificates from a CA both trust (SASL EXTERNAL, Prosody with
 * s2s_secure_auth) and once with certificates neither trusts (dialback).
 */
class ProsodyInteropTest {
    @BeforeAll
    static void prosodyIsInstalled() {
        DebianPeers.require("prosody (apt-get install prosody; .ci/run installs it)", ProsodyPeer.installed());
    }

    @Test
    void messagesBothWaysWithTrustedCertificates(@TempDir Path dir) throws Exception {
        try (FederatedServers net = new FederatedServers(dir.resolve("causse"))) {
            TestServer causse = net.start("causse.test", true, "certificate_required");
            Path ca = net.ca.writeCertificate(dir.resolve("ca.pem"));
            try (ProsodyPeer prosody = ProsodyPeer.start(dir.resolve("prosody"), "prosody.test", net.ca, ca, true,
                    net.dns.address(), "bob")) {
                prosody.publish(net);
                prosody.exchangeWith(causse);
            }
        }
    }

    @Test
    void messagesBothWaysByDialbackWithUntrustedCertificates(@TempDir Path dir) throws Exception {
        try (FederatedServers net = new FederatedServers(dir.resolve("causse"))) {
            TestServer causse = net.start("causse.test", false, "dialback_allowed");
            TestCa own = new TestCa("Prosody's own CA");
            Path unrelated = new TestCa("Unrelated CA").writeCertificate(dir.resolve("unrelated.pem"));
            try (ProsodyPeer prosody = ProsodyPeer.start(dir.resolve("prosody"), "prosody.test", own, unrelated, false,
                    net.dns.address(), "bob")) {
                prosody.publish(net);
                prosody.exchangeWith(causse);
            }
        }
    }
}
