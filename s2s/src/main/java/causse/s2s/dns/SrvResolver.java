package causse.s2s.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds where a remote XMPP domain's server listens (RFC 6120 §3.2, XEP-0368): the {@code _xmpps-server._tcp}
 * (Direct TLS) and {@code _xmpp-server._tcp} (STARTTLS) SRV records ordered together by {@link SrvOrder}, each
 * target resolved to its A and AAAA addresses; without any SRV record, the domain's own A/AAAA on 5269. A
 * single SRV record whose target is "." means the domain offers no XMPP service: no fallback then.
 *
 * <p>Never blocks: queries go out through dnsjava's asynchronous API and their answers complete the future on
 * {@code executor}. The DNS servers asked are the configured ones, or the system's when none are configured,
 * so that tests and private sites can use their own.
 */
public final class SrvResolver {
    public static final int DEFAULT_PORT = 5269;

    private final Resolver resolver;
    private final Executor executor;
    private final SrvOrder order;

    /**
     * @param servers DNS servers as {@code host} or {@code host:port} ({@code [v6]:port} for IPv6); empty for the
     *     system's resolvers
     */
    public SrvResolver(List<String> servers, Duration timeout, Executor executor, RandomGenerator random) {
        this.resolver = resolver(servers, timeout);
        this.executor = executor;
        this.order = new SrvOrder(random);
    }

    private static Resolver resolver(List<String> servers, Duration timeout) {
        Resolver r;
        if (servers.isEmpty()) {
            r = new ExtendedResolver();
        } else {
            List<Resolver> each = new ArrayList<>();
            for (String s : servers) {
                each.add(new SimpleResolver(address(s)));
            }
            r = each.size() == 1 ? each.get(0) : new ExtendedResolver(each);
        }
        r.setTimeout(timeout);
        return r;
    }

    /** Parses {@code 127.0.0.1}, {@code 127.0.0.1:5353}, {@code [::1]:5353}; a name is resolved by the JVM once, at start-up. */
    static InetSocketAddress address(String server) {
        String host = server;
        int port = 53;
        if (server.startsWith("[")) {
            int end = server.indexOf(']');
            host = server.substring(1, end);
            if (server.length() > end + 1) {
                port = Integer.parseInt(server.substring(end + 2));
            }
        } else if (server.indexOf(':') >= 0 && server.indexOf(':') == server.lastIndexOf(':')) {
            host = server.substring(0, server.indexOf(':'));
            port = Integer.parseInt(server.substring(server.indexOf(':') + 1));
        }
        return new InetSocketAddress(host, port);
    }

    /** The endpoints of {@code domain}'s server in the order to try them; fails with {@link DomainNotFoundException}. */
    public CompletableFuture<List<Endpoint>> resolve(String domain) {
        CompletableFuture<List<SrvTarget>> direct = srv("_xmpps-server._tcp." + domain, true);
        CompletableFuture<List<SrvTarget>> starttls = srv("_xmpp-server._tcp." + domain, false);
        return direct.thenCombine(starttls, (a, b) -> {
            List<SrvTarget> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }).thenCompose(records -> {
            if (records.isEmpty()) {
                return addresses(domain).thenApply(addresses -> endpoints(domain, DEFAULT_PORT, false, addresses));
            }
            if (records.size() == 1 && records.get(0).host().equals(".")) {
                return CompletableFuture.failedFuture(new DomainNotFoundException(domain + " offers no XMPP server-to-server service (SRV target \".\")"));
            }
            return targets(order.order(records.stream().filter(r -> !r.host().equals(".")).toList()));
        }).thenCompose(endpoints -> endpoints.isEmpty()
                ? CompletableFuture.failedFuture(new DomainNotFoundException("no address found for " + domain))
                : CompletableFuture.completedFuture(endpoints));
    }

    private CompletableFuture<List<Endpoint>> targets(List<SrvTarget> ordered) {
        List<CompletableFuture<List<InetAddress>>> lookups = ordered.stream().map(t -> addresses(t.host())).toList();
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Endpoint> out = new ArrayList<>();
            for (int i = 0; i < ordered.size(); i++) {
                SrvTarget t = ordered.get(i);
                out.addAll(endpoints(t.host(), t.port(), t.directTls(), lookups.get(i).join()));
            }
            return out;
        });
    }

    private static List<Endpoint> endpoints(String host, int port, boolean directTls, List<InetAddress> addresses) {
        return addresses.stream().map(a -> new Endpoint(host, new InetSocketAddress(a, port), directTls)).toList();
    }

    /** The SRV records at {@code name}; none when the name does not exist, has none, or DNS fails. */
    private CompletableFuture<List<SrvTarget>> srv(String name, boolean directTls) {
        return query(name, Type.SRV).thenApply(records -> records.stream()
                .filter(SRVRecord.class::isInstance).map(SRVRecord.class::cast)
                .map(r -> new SrvTarget(r.getPriority(), r.getWeight(), host(r.getTarget()), r.getPort(), directTls))
                .toList());
    }

    /** A then AAAA addresses of {@code host} (an IP literal is its own address). */
    private CompletableFuture<List<InetAddress>> addresses(String host) {
        if (host.indexOf(':') >= 0 || host.matches("[0-9.]+")) {
            try {
                return CompletableFuture.completedFuture(List.of(InetAddress.getByName(host)));   // a literal: no lookup
            } catch (java.net.UnknownHostException e) {
                return CompletableFuture.completedFuture(List.of());
            }
        }
        CompletableFuture<List<Record>> a = query(host, Type.A);
        CompletableFuture<List<Record>> aaaa = query(host, Type.AAAA);
        return a.thenCombine(aaaa, (v4, v6) -> {
            List<InetAddress> out = new ArrayList<>();
            v4.stream().filter(ARecord.class::isInstance).forEach(r -> out.add(((ARecord) r).getAddress()));
            v6.stream().filter(AAAARecord.class::isInstance).forEach(r -> out.add(((AAAARecord) r).getAddress()));
            return out;
        });
    }

    /** The answer section's records of one query; empty on NXDOMAIN, any other error code, or no answer in time. */
    private CompletableFuture<List<Record>> query(String name, int type) {
        Name absolute;
        try {
            absolute = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(List.of());
        }
        Message query = Message.newQuery(Record.newRecord(absolute, type, DClass.IN));
        return resolver.sendAsync(query, executor).toCompletableFuture()
                .handle((answer, failure) -> failure != null || answer.getRcode() != Rcode.NOERROR
                        ? List.<Record>of() : answer.getSection(Section.ANSWER));
    }

    private static String host(Name target) {
        String s = target.toString(true);
        return s.isEmpty() ? "." : s;
    }
}
