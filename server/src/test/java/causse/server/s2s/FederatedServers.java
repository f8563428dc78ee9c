package causse.server.s2s;

import causse.s2s.S2sModule;
import causse.s2s.auth.TestCa;
import causse.s2s.dns.TestDnsServer;
import causse.server.TestServer;
import causse.server.config.HostConfig;
import causse.server.config.ModuleOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Causse servers that federate with each other for a test: each hosts one domain with its own certificate and
 * resolves its peers through one {@link TestDnsServer} on loopback, where each server's s2s port is published
 * as {@code _xmpp-server._tcp.<domain>} pointing at {@code xmpp.<domain>} = 127.0.0.1.
 */
public final class FederatedServers implements AutoCloseable {
    public final TestDnsServer dns;
    public final TestCa ca;
    private final Path dir;
    private final List<TestServer> servers = new ArrayList<>();

    public FederatedServers(Path dir) throws Exception {
        this.dir = dir;
        this.dns = new TestDnsServer();
        this.ca = new TestCa("Federation Test CA");
    }

    /**
     * Starts a server for {@code domain}. With {@code caIssued} its certificate comes from {@link #ca} and the
     * server trusts that CA, so peers with CA certificates authenticate by SASL EXTERNAL; without, it has a
     * self-signed certificate and trusts another CA, so only dialback can work.
     */
    public TestServer start(String domain, boolean caIssued, String policy) throws Exception {
        TestServer server = startUnpublished(domain, caIssued, policy, Map.of());
        dns.srv("_xmpp-server._tcp", domain, 0, 0, s2sPort(server), "xmpp." + domain).a("xmpp." + domain, "127.0.0.1");
        return server;
    }

    /** Starts a server with these s2s options on top of the test's, and publishes nothing in DNS for it. */
    public TestServer startUnpublished(String domain, boolean caIssued, String policy, Map<String, Object> options)
            throws Exception {
        Path data = dir.resolve(domain);
        Path trustStore;
        if (caIssued) {
            ca.writeHostFiles(domain, data.resolve("certs"));
            trustStore = ca.writeCertificate(dir.resolve("ca.pem"));
        } else {
            trustStore = new TestCa("Unrelated CA").writeCertificate(data.resolve("unrelated-ca.pem"));
        }
        Map<String, Object> s2s = new LinkedHashMap<>();
        s2s.put("enabled", true);
        s2s.put("bind", "127.0.0.1");
        s2s.put("port", 0);
        s2s.put("direct_tls_port", 0);
        s2s.put("resolvers", List.of(dns.address()));
        s2s.put("trust_store", trustStore.toString());
        s2s.put("policy", policy);
        s2s.put("connect_timeout", 10);
        s2s.putAll(options);
        TestServer server = TestServer.start(data, c -> {
            Map<String, ModuleOptions> modules = new LinkedHashMap<>(c.modules());
            modules.put("s2s", ModuleOptions.of("s2s", s2s));
            return c.withHosts(List.of(HostConfig.selfSigned(domain))).withModules(modules);
        });
        servers.add(server);
        return server;
    }

    public static int s2sPort(TestServer server) {
        return server.server().module(S2sModule.class).orElseThrow().port();
    }

    public static int directTlsPort(TestServer server) {
        return server.server().module(S2sModule.class).orElseThrow().directTlsPort();
    }

    @Override
    public void close() {
        servers.forEach(TestServer::close);
        dns.close();
    }
}
