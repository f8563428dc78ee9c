package causse.s2s.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SrvResolver} against a real DNS server on loopback. */
class SrvResolverTest {
    private final TestDnsServer dns;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final SrvResolver resolver;

    SrvResolverTest() throws Exception {
        dns = new TestDnsServer();
        resolver = new SrvResolver(List.of(dns.address()), Duration.ofSeconds(2), executor, new SplittableRandom(7));
    }

    @AfterEach
    void stop() {
        dns.close();
        executor.shutdownNow();
    }

    private List<Endpoint> resolve(String domain) throws Exception {
        return resolver.resolve(domain).get(10, TimeUnit.SECONDS);
    }

    @Test
    void srvTargetsAreOrderedByPriorityAndResolvedToTheirAddresses() throws Exception {
        dns.srv("_xmpp-server._tcp", "example.test", 20, 0, 5270, "backup.example.test")
                .srv("_xmpp-server._tcp", "example.test", 10, 0, 5269, "main.example.test")
                .a("main.example.test", "127.0.0.2").a("backup.example.test", "127.0.0.3");
        assertThat(resolve("example.test")).extracting(Endpoint::toString).containsExactly(
                "main.example.test[127.0.0.2]:5269", "backup.example.test[127.0.0.3]:5270");
    }

    @Test
    void directTlsRecordsAreOrderedTogetherWithStartTlsOnes() throws Exception {
        dns.srv("_xmpps-server._tcp", "example.test", 5, 0, 5270, "tls.example.test")
                .srv("_xmpp-server._tcp", "example.test", 10, 0, 5269, "plain.example.test")
                .a("tls.example.test", "127.0.0.4").a("plain.example.test", "127.0.0.5");
        List<Endpoint> endpoints = resolve("example.test");
        assertThat(endpoints).extracting(Endpoint::directTls).containsExactly(true, false);
        assertThat(endpoints.get(0).address().getPort()).isEqualTo(5270);
    }

    @Test
    void withoutSrvTheDomainsOwnAddressOn5269() throws Exception {
        dns.a("bare.test", "127.0.0.6");
        assertThat(resolve("bare.test")).extracting(Endpoint::toString).containsExactly("bare.test[127.0.0.6]:5269");
    }

    @Test
    void aTargetWithoutAddressesIsSkipped() throws Exception {
        dns.srv("_xmpp-server._tcp", "example.test", 1, 0, 5269, "gone.example.test")
                .srv("_xmpp-server._tcp", "example.test", 2, 0, 5269, "there.example.test")
                .a("there.example.test", "127.0.0.7");
        assertThat(resolve("example.test")).extracting(Endpoint::host).containsExactly("there.example.test");
    }

    @Test
    void aDomainWithNoRecordIsNotFound() {
        assertThatThrownBy(() -> resolve("nowhere.test")).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(DomainNotFoundException.class);
    }

    @Test
    void aDotTargetMeansNoServiceAndNoFallback() {
        dns.srv("_xmpp-server._tcp", "noxmpp.test", 0, 0, 0, ".").a("noxmpp.test", "127.0.0.8");
        assertThatThrownBy(() -> resolve("noxmpp.test")).hasCauseInstanceOf(DomainNotFoundException.class)
                .hasMessageContaining("offers no XMPP");
    }

    @Test
    void anUnreachableDnsServerEndsInNotFoundNotAHang() throws Exception {
        SrvResolver silent = new SrvResolver(List.of("127.0.0.1:9"), Duration.ofMillis(300), executor,
                new SplittableRandom(1));
        assertThatThrownBy(() -> silent.resolve("example.test").get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(DomainNotFoundException.class);
    }

    @Test
    void serverAddressesParse() {
        assertThat(SrvResolver.address("127.0.0.1").getPort()).isEqualTo(53);
        assertThat(SrvResolver.address("127.0.0.1:5353").getPort()).isEqualTo(5353);
        assertThat(SrvResolver.address("[::1]:5300").getPort()).isEqualTo(5300);
        assertThat(SrvResolver.address("::1").getPort()).isEqualTo(53);
    }
}
