package causse.bench.jmh;

import causse.codec.StanzaEncoder;
import causse.jid.Jid;
import causse.server.modules.ModuleRuntime;
import causse.server.modules.blocking.BlockingModule;
import causse.server.modules.carbons.CarbonsModule;
import causse.server.modules.offline.OfflineMetrics;
import causse.server.modules.offline.OfflineModule;
import causse.server.modules.roster.PresenceModule;
import causse.server.modules.roster.Rosters;
import causse.server.router.IqDispatcher;
import causse.server.router.LocalRouter;
import causse.server.router.PendingRequests;
import causse.server.router.RoutingMetrics;
import causse.server.router.ServerFeatures;
import causse.server.router.StanzaHooks;
import causse.server.session.SessionRegistry;
import causse.stanza.Stanza;
import causse.storage.memory.MemoryAccountStore;
import causse.storage.memory.MemoryBlockListStore;
import causse.storage.memory.MemoryOfflineStore;
import causse.storage.memory.MemoryRosterStore;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The routing core as {@code CausseServer} wires it (session registry, hooks, IQ dispatcher, pending requests,
 * {@link LocalRouter} with its Prometheus-backed metrics, {@link ModuleRuntime}), with the modules whose hooks
 * run on every message: blocking, presence, carbons and offline. Stores are the in-memory ones and storage
 * work runs on the calling thread: nothing on the message path touches them once the sessions are bound.
 *
 * <p>Every user {@code user<n>@localhost} has {@code resources} sessions ({@code phone}, {@code laptop}, ...),
 * bound and available with priority 0, and with two or more they enable carbons (XEP-0280) through the real
 * IQ, as multi-device clients do. Not thread-safe: one benchmark thread owns it.
 */
final class RouterAssembly implements AutoCloseable {
    private static final String[] RESOURCES = {"phone", "laptop", "tablet", "desktop"};

    final SessionRegistry sessions = new SessionRegistry();
    final StanzaHooks hooks = new StanzaHooks();
    final LocalRouter router;
    private final List<BenchSession> bound = new ArrayList<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final ModuleRuntime modules;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    /**
     * @param encode deliver through a channel with the production {@link StanzaEncoder}; else drop at the session
     * @param meters record into a Prometheus registry, as the server does; else into no-op meters (an empty
     *     composite registry), which isolates what metering costs the routing path
     */
    RouterAssembly(int users, int resources, boolean encode, boolean meters) {
        if (resources < 1 || resources > RESOURCES.length) {
            throw new IllegalArgumentException("resources: 1.." + RESOURCES.length);
        }
        Set<String> domains = Set.of(ChatTraffic.DOMAIN);
        MeterRegistry metrics = meters ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : new CompositeMeterRegistry();
        IqDispatcher iqs = new IqDispatcher();
        PendingRequests pending = new PendingRequests(domains, timer, new SecureRandom(), 100_000);
        router = new LocalRouter(domains, sessions, iqs, hooks, pending, new RoutingMetrics(metrics));
        modules = new ModuleRuntime(iqs, new ServerFeatures(), router, hooks, sessions, domains, pending);
        Executor storage = Runnable::run;
        MemoryAccountStore accounts = new MemoryAccountStore();
        MemoryRosterStore rosters = new MemoryRosterStore();
        modules.start(new BlockingModule(new MemoryBlockListStore(), rosters, storage));
        modules.start(new PresenceModule(new PresenceModule.Options(), new Rosters(rosters, accounts, storage)));
        modules.start(new OfflineModule(new OfflineModule.Options(1000, Duration.ofDays(30)), router,
                new MemoryOfflineStore(), accounts, storage, Clock.systemUTC(), new OfflineMetrics(metrics)));
        modules.start(new CarbonsModule());
        for (int u = 0; u < users; u++) {
            for (int r = 0; r < resources; r++) {
                bind(ChatTraffic.user(u, RESOURCES[r]), encode, resources > 1);
            }
        }
    }

    /** What a c2s session does from resource binding to initial presence, and carbons on when asked. */
    private void bind(Jid jid, boolean encode, boolean carbons) {
        EmbeddedChannel channel = null;
        if (encode) {
            channel = new EmbeddedChannel(new DiscardingSocket(), new StanzaEncoder(Namespaces.CLIENT));
            channels.add(channel);
        }
        BenchSession session = new BenchSession(jid, channel);
        sessions.bind(session);
        hooks.bound(session);
        XmlElement presence = XmlElement.builder("presence", Namespaces.CLIENT).attribute("from", jid.toString()).build();
        hooks.presenceChanged(session, new Stanza(Stanza.Kind.PRESENCE, presence, jid, null), false);
        if (carbons) {
            XmlElement enable = XmlElement.builder("iq", Namespaces.CLIENT).attribute("from", jid.toString())
                    .attribute("type", "set").attribute("id", "carbons")
                    .child(XmlElement.empty("enable", CarbonsModule.NAMESPACE)).build();
            router.route(new Stanza(Stanza.Kind.IQ, enable, jid, null));
        }
        bound.add(session);
    }

    /** Stanzas delivered to all sessions so far (messages, carbons, IQ results). */
    long delivered() {
        long n = 0;
        for (BenchSession s : bound) {
            n += s.delivered();
        }
        return n;
    }

    @Override
    public void close() {
        modules.stopAll();
        timer.shutdownNow();
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }
}
