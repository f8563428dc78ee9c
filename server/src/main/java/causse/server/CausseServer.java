package causse.server;

import causse.module.Module;
import causse.net.IpConnectionLimiter;
import causse.sasl.SaslMechanism;
import causse.server.admin.AccountService;
import causse.server.admin.RemovalRequests;
import causse.server.c2s.AuthThrottle;
import causse.server.c2s.C2sMetrics;
import causse.server.c2s.C2sServices;
import causse.server.c2s.C2sStreamHandler;
import causse.server.c2s.ResumableSessions;
import causse.server.config.CausseConfig;
import causse.server.config.HostConfig;
import causse.server.config.ListenerConfig;
import causse.server.config.ListenerType;
import causse.server.metrics.JvmMeters;
import causse.server.metrics.MetricsListener;
import causse.server.modules.ModuleRuntime;
import causse.server.net.C2sChannelInitializer;
import causse.server.net.Listener;
import causse.server.net.Transport;
import causse.server.router.IqDispatcher;
import causse.server.router.LocalRouter;
import causse.server.router.PendingRequests;
import causse.server.router.RoutingMetrics;
import causse.server.router.ServerFeatures;
import causse.server.router.StanzaHooks;
import causse.server.sasl.CredentialLookup;
import causse.server.sasl.PlainMechanism;
import causse.server.sasl.ScramCredentials;
import causse.server.sasl.ScramMechanism;
import causse.server.sasl.StoredCredentialLookup;
import causse.server.sasl.VerifiedPasswords;
import causse.server.session.SessionRegistry;
import causse.storage.AccountStore;
import causse.storage.jdbc.Database;
import causse.storage.jdbc.JdbcAccountStore;
import causse.tls.CertificateFiles;
import causse.tls.SelfSignedCertificates;
import causse.tls.TlsContexts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the only place that builds the server's objects and wires them together, and
 * the only owner of their lifecycles. Nothing in Causse is static or global.
 */
public final class CausseServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CausseServer.class);
    static final String VERSION = versionOf(CausseServer.class);
    /** The server's own IQ requests waiting for an answer (entity caps queries, ...): a bound on their memory. */
    private static final int MAX_PENDING_REQUESTS = 100_000;
    /** How often the certificate and key files are checked for a renewal. */
    static final java.time.Duration CERTIFICATE_CHECK = java.time.Duration.ofSeconds(5);
    /** How often the account removals asked for by {@code causse deluser} are looked for (it waits 3 s for them). */
    public static final java.time.Duration REMOVAL_CHECK = java.time.Duration.ofMillis(500);

    private final CausseConfig config;
    private final Database database;
    private final AccountService accounts;
    private final Executors executors;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup channels;
    private final SessionRegistry sessions;
    private final ResumableSessions resumable;
    private final ModuleRuntime modules;
    private final PendingRequests pending;
    private final List<Listener> listeners;
    private final PrometheusMeterRegistry metrics;
    private final JvmMeters jvmMeters;
    private final MetricsListener metricsListener;

    private CausseServer(CausseConfig config, Database database, AccountService accounts, Executors executors,
                         EventLoopGroup boss, EventLoopGroup workers, ChannelGroup channels, SessionRegistry sessions,
                         ResumableSessions resumable, ModuleRuntime modules, PendingRequests pending,
                         List<Listener> listeners,
                         PrometheusMeterRegistry metrics, JvmMeters jvmMeters, MetricsListener metricsListener) {
        this.config = config;
        this.database = database;
        this.accounts = accounts;
        this.executors = executors;
        this.boss = boss;
        this.workers = workers;
        this.channels = channels;
        this.sessions = sessions;
        this.resumable = resumable;
        this.modules = modules;
        this.pending = pending;
        this.listeners = listeners;
        this.metrics = metrics;
        this.jvmMeters = jvmMeters;
        this.metricsListener = metricsListener;
    }

    /** Opens storage, starts the modules and binds every listener; returns once the server accepts connections. */
    public static CausseServer start(CausseConfig config) throws InterruptedException {
        long started = System.nanoTime();
        SecretFile.createDirectories(config.dataDir());
        SecureRandom random = new SecureRandom();
        Map<String, CertificateFiles> certificates = certificateFiles(config);
        TlsContexts tls = new TlsContexts(certificates);
        Database database = ConfiguredDatabase.open(config);
        Executors executors = new Executors();
        // Renewed certificates (certbot, an operator's copy) are served without a restart.
        executors.timer().scheduleWithFixedDelay(() -> {
            try {
                tls.reloadChanged();
            } catch (RuntimeException e) {
                log.warn("Checking the certificate files failed", e);
            }
        }, CERTIFICATE_CHECK.toMillis(), CERTIFICATE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        AccountStore accountStore = new JdbcAccountStore(database);
        List<String> domains = config.hosts().stream().map(HostConfig::domain).toList();
        AccountService accounts = new AccountService(accountStore,
                new ScramCredentials(random, config.auth().scramIterations()), Set.copyOf(domains));

        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmMeters jvmMeters = new JvmMeters(metrics);
        SessionRegistry sessions = new SessionRegistry();
        Gauge.builder("causse.sessions", sessions, SessionRegistry::size)
                .description("Bound client sessions (resources) on this node").register(metrics);
        IqDispatcher iqs = new IqDispatcher();
        ServerFeatures features = new ServerFeatures();
        StanzaHooks hooks = new StanzaHooks();
        PendingRequests pending = new PendingRequests(Set.copyOf(domains), executors.timer(), random,
                MAX_PENDING_REQUESTS);
        LocalRouter router = new LocalRouter(Set.copyOf(domains), sessions, iqs, hooks, pending,
                new RoutingMetrics(metrics));
        ModuleRuntime modules = new ModuleRuntime(iqs, features, router, hooks, sessions, Set.copyOf(domains),
                pending);
        try {
            ModuleCatalog catalog = new ModuleCatalog(config, features, router, database, accountStore, accounts,
                    executors.storage(), metrics, certificates);
            for (Module m : catalog.enabledModules()) {
                modules.start(m);
            }
        } catch (RuntimeException e) {
            // A bad module option stops start-up: leave nothing open behind (the H2 file lock above all).
            modules.stopAll();
            executors.close();
            database.close();
            jvmMeters.close();
            throw e;
        }

        CredentialLookup lookup = new StoredCredentialLookup(accountStore, executors.storage());
        byte[] secret = SecretFile.load(config.dataDir().resolve("secret"), random);
        List<SaslMechanism> mechanisms = mechanisms(config, lookup, random, secret, executors.cpu());

        Transport transport = Transport.choose();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(Transport.eventLoops(), transport.ioHandlerFactory());
        ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        C2sMetrics c2sMetrics = new C2sMetrics(metrics);
        List<Listener> listeners = new ArrayList<>();
        IpConnectionLimiter ipLimiter = new IpConnectionLimiter(config.limits().connectionsPerIp(),
                config.limits().connectionRatePerIp(), config.limits().exemptLoopback(), System::nanoTime);
        AuthThrottle authThrottle = new AuthThrottle(config.limits().authFailures(), config.limits().exemptLoopback(),
                System::nanoTime);
        ResumableSessions resumable = new ResumableSessions();
        Gauge.builder("causse.sessions.waiting", resumable, ResumableSessions::waiting)
                .description("Sessions whose connection broke, kept for their client to resume them (XEP-0198)")
                .register(metrics);
        MetricsListener metricsListener = null;
        try {
            for (ListenerConfig l : config.listeners()) {
                C2sServices services = new C2sServices(l, config.auth(), config.limits(), domains, tls, mechanisms,
                        sessions, router, iqs, hooks, channels, random, c2sMetrics, authThrottle,
                        config.streamManagement(), resumable, config.clientState());
                listeners.add(Listener.bind(l, transport, boss, workers, new C2sChannelInitializer(services, ipLimiter)));
            }
            if (config.metrics().enabled()) {
                metricsListener = MetricsListener.bind(config.metrics(), metrics);
            }
        } catch (Exception e) {
            // Exception, not just the declared ones: sync() rethrows a failed bind's checked BindException as is.
            listeners.forEach(Listener::close);
            jvmMeters.close();
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            modules.stopAll();
            executors.close();
            database.close();
            throw e;
        }
        RemovalRequests removals = new RemovalRequests(accountStore, modules, sessions, executors.storage());
        executors.timer().scheduleWithFixedDelay(removals::poll, REMOVAL_CHECK.toMillis(), REMOVAL_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
        CausseServer server = new CausseServer(config, database, accounts, executors, boss, workers, channels,
                sessions, resumable, modules, pending, listeners, metrics, jvmMeters, metricsListener);
        log.info("Causse {} serving {} on {} (started in {} ms, {})", VERSION, String.join(", ", domains),
                server.describeListeners(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                transport.name().toLowerCase(java.util.Locale.ROOT));
        return server;
    }

    private static List<SaslMechanism> mechanisms(CausseConfig config, CredentialLookup lookup, SecureRandom random,
                                                  byte[] secret, ExecutorService cpu) {
        List<SaslMechanism> out = new ArrayList<>();
        int iterations = config.auth().scramIterations();
        for (String name : config.auth().mechanisms()) {
            out.add(switch (name) {
                case "SCRAM-SHA-256" -> new ScramMechanism(ScramCredentials.ScramAlgorithm.SHA_256, lookup,
                        ScramMechanism.randomNonces(random), iterations, secret);
                case "SCRAM-SHA-1" -> new ScramMechanism(ScramCredentials.ScramAlgorithm.SHA_1, lookup,
                        ScramMechanism.randomNonces(random), iterations, secret);
                case "PLAIN" -> new PlainMechanism(lookup, cpu, iterations, new VerifiedPasswords(random, 100_000));
                default -> throw new IllegalStateException("unknown SASL mechanism " + name);
            });
        }
        return out;
    }

    /** Each host's certificate files (generated when the configuration names none), in configuration order. */
    private static Map<String, CertificateFiles> certificateFiles(CausseConfig config) {
        SelfSignedCertificates generator = new SelfSignedCertificates();
        Map<String, CertificateFiles> files = new LinkedHashMap<>();
        for (HostConfig host : config.hosts()) {
            files.put(host.domain(), host.certificate() != null
                    ? new CertificateFiles(host.certificate(), host.privateKey())
                    : generator.ensure(host.domain(), config.dataDir().resolve("certs")));
        }
        return files;
    }


    /** The port a listener of this type is bound to (the first such listener). */
    public int port(ListenerType type) {
        return listeners.stream().filter(l -> l.config().type() == type).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + type + " listener")).port();
    }

    /** The port of the Prometheus scrape endpoint; fails when {@code metrics.enabled} is false. */
    public int metricsPort() {
        if (metricsListener == null) {
            throw new IllegalStateException("the metrics endpoint is disabled");
        }
        return metricsListener.port();
    }

    public AccountService accounts() {
        return accounts;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    /** Sessions whose connection broke, kept for their client to resume them (XEP-0198). */
    public int resumableSessionsWaiting() {
        return resumable.waiting();
    }

    public MeterRegistry metrics() {
        return metrics;
    }

    public CausseConfig config() {
        return config;
    }

    /** The running module that is a {@code type}, if any (e.g. {@link causse.module.EntityCaps}). */
    public <T> Optional<T> module(Class<T> type) {
        return modules.find(type);
    }

    private String describeListeners() {
        List<String> all = new ArrayList<>(listeners.stream()
                .map(l -> l.config().type().name().toLowerCase() + " " + l.config().bind() + ":" + l.port()).toList());
        if (metricsListener != null) {
            all.add("metrics http://" + config.metrics().bind() + ":" + metricsListener.port() + config.metrics().path());
        }
        return String.join(", ", all);
    }

    /**
     * Stops cleanly: no new connections, every stream ended with {@code <system-shutdown/>}, modules
     * stopped, storage closed last so that nothing in flight is lost.
     */
    @Override
    public void close() {
        listeners.forEach(Listener::close);
        if (metricsListener != null) {
            metricsListener.close();
        }
        channels.forEach(ch -> ch.pipeline().fireUserEventTriggered(C2sStreamHandler.ShutdownEvent.INSTANCE));
        channels.newCloseFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        // Sessions waiting for their client to resume end now: their stanzas reach offline storage before it closes.
        resumable.endWaiting();
        modules.stopAll();
        pending.cancelAll();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        executors.close();
        database.close();
        jvmMeters.close();
        metrics.close();
        log.info("Causse stopped");
    }

    private static String versionOf(Class<?> c) {
        String v = c.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}
