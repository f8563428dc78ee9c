package causse.s2s.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerCertificatesTest {
    private final TestCa ca;
    private final PeerCertificates trustingCa;

    PeerCertificatesTest() throws Exception {
        ca = new TestCa("Test CA");
        trustingCa = new PeerCertificates(List.of(ca.certificate()));
    }

    @Test
    void aChainFromATrustedCaProvesTheDomainsItNames() throws Exception {
        X509Certificate leaf = ca.issue(TestCa.ecKeys(), "a.test", "*.b.test");
        X509Certificate[] chain = {leaf, ca.certificate()};
        assertThat(trustingCa.proves(chain, "a.test")).isTrue();
        assertThat(trustingCa.proves(new X509Certificate[] {leaf}, "a.test")).isTrue();
        assertThat(trustingCa.proves(chain, "muc.b.test")).isTrue();
        assertThat(trustingCa.proves(chain, "b.test")).isFalse();           // a wildcard needs a label to stand for
        assertThat(trustingCa.proves(chain, "x.muc.b.test")).isFalse();     // and stands for exactly one
        assertThat(trustingCa.proves(chain, "c.test")).isFalse();
    }

    @Test
    void anUntrustedIssuerProvesNothing() throws Exception {
        TestCa other = new TestCa("Other CA");
        X509Certificate leaf = other.issue(TestCa.ecKeys(), "a.test");
        assertThat(trustingCa.proves(new X509Certificate[] {leaf, other.certificate()}, "a.test")).isFalse();
        assertThat(new PeerCertificates(List.of()).proves(new X509Certificate[] {leaf}, "a.test")).isFalse();
        assertThat(trustingCa.proves(null, "a.test")).isFalse();
    }

    @Test
    void anXmppAddrNameCountsAndTheCommonNameOnlyWithoutSans() throws Exception {
        KeyPair keys = TestCa.ecKeys();
        assertThat(PeerCertificates.names(ca.issueXmppAddr(keys, "x.test"), "x.test")).isTrue();
        assertThat(PeerCertificates.names(ca.issueXmppAddr(keys, "x.test"), "someone")).isFalse();
        assertThat(PeerCertificates.names(ca.issueCommonNameOnly(keys, "cn.test"), "cn.test")).isTrue();
        assertThat(PeerCertificates.names(ca.issue(keys, "san.test"), "san.test")).isTrue();
    }

    @Test
    void dnsNamesCompareWithoutCaseOrTrailingDot() {
        assertThat(PeerCertificates.dnsNameMatches("A.Test.", "a.test")).isTrue();
        assertThat(PeerCertificates.dnsNameMatches("*.a.test", "a.test")).isFalse();
        assertThat(PeerCertificates.dnsNameMatches("f*.a.test", "foo.a.test")).isFalse();
    }
}
