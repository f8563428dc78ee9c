package causse.server;

import causse.module.Module;
import causse.net.ShaperLimits;
import causse.server.admin.AccountService;
import causse.server.config.CausseConfig;
import causse.server.config.HostConfig;
import causse.server.config.ModuleOptions;
import causse.pubsub.PubSubModule;
import causse.pubsub.pep.PepModule;
import causse.server.modules.DiscoModule;
import causse.server.modules.pubsub.RosterContacts;
import causse.storage.PubSubStore;
import causse.storage.jdbc.JdbcPubSubStore;
import causse.server.modules.PingModule;
import causse.server.modules.TimeModule;
import causse.server.modules.VersionModule;
import causse.server.modules.blocking.BlockingModule;
import causse.server.modules.caps.CapsModule;
import causse.server.modules.carbons.CarbonsModule;
import causse.server.modules.offline.OfflineMetrics;
import causse.server.modules.offline.OfflineModule;
import causse.server.modules.privatexml.PrivateXmlModule;
import causse.server.modules.vcard.VcardModule;
import causse.server.modules.register.RegisterModule;
import causse.server.modules.roster.PresenceModule;
import causse.server.modules.roster.RosterModule;
import causse.server.modules.roster.Rosters;
import causse.s2s.AuthPolicy;
import causse.s2s.S2sModule;
import causse.s2s.S2sOptions;
import causse.server.router.LocalRouter;
import causse.tls.CertificateFiles;
import java.nio.file.Path;
import java.time.Duration;
import causse.server.router.ServerFeatures;
import causse.storage.AccountStore;
import causse.storage.AccountXmlStore;
import causse.storage.jdbc.Database;
import causse.storage.jdbc.JdbcAccountXmlStore;
import causse.storage.jdbc.JdbcBlockListStore;
import causse.storage.jdbc.JdbcOfflineStore;
import causse.storage.jdbc.JdbcRosterStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Every module the server knows, built with its typed options and the stores it needs, in start order;
 * the configuration's {@code modules} section turns them on or off. Part of the composition root.
 */
final class ModuleCatalog {
    /**
     * Modules off unless the configuration asks for them: in-band registration lets anyone create accounts;
     * federation opens ports 5269 and 5270 and needs DNS records and certificates to be useful.
     */
    private static final Set<String> OFF_BY_DEFAULT = Set.of("register", "s2s");

    private final CausseConfig config;
    private final ServerFeatures features;
    private final LocalRouter router;
    private final Database database;
    private final AccountStore accountStore;
    private final AccountService accounts;
    private final Executor storage;
    private final MeterRegistry metrics;
    private final Map<String, CertificateFiles> certificates;
    private final Clock clock = Clock.systemUTC();

    ModuleCatalog(CausseConfig config, ServerFeatures features, LocalRouter router, Database database,
                  AccountStore accountStore, AccountService accounts, Executor storage, MeterRegistry metrics,
                  Map<String, CertificateFiles> certificates) {
        this.certificates = certificates;
        this.config = config;
        this.features = features;
        this.router = router;
        this.database = database;
        this.accountStore = accountStore;
        this.accounts = accounts;
        this.storage = storage;
        this.metrics = metrics;
    }

    /** The enabled modules in start order; an unknown name in the configuration stops start-up. */
    List<Module> enabledModules() {
        Map<String, Module> known = known();
        Map<String, ModuleOptions> configured = config.modules();
        for (Map.Entry<String, ModuleOptions> e : configured.entrySet()) {
            if (!known.containsKey(e.getKey())) {
                throw e.getValue().error(null, "unknown module '" + e.getKey() + "'; known modules: "
                        + String.join(", ", known.keySet()));
            }
        }
        List<Module> enabled = new ArrayList<>();
        known.forEach((name, module) -> {
            ModuleOptions o = configured.get(name);
            boolean onByDefault = !OFF_BY_DEFAULT.contains(name);
            if (o == null ? onByDefault : o.bool(ModuleOptions.ENABLED, onByDefault)) {
                enabled.add(module);
            }
        });
        return enabled;
    }

    private Map<String, Module> known() {
        Map<String, Module> known = new LinkedHashMap<>();
        known.put("disco", new DiscoModule(features));
        known.put("ping", new PingModule());
        known.put("version", new VersionModule(VersionModule.Options.from(options("version")), CausseServer.VERSION));
        known.put("time", new TimeModule(clock));
        CapsModule caps = new CapsModule(CapsModule.Options.from(options("caps")));
        known.put("caps", caps);
        JdbcRosterStore rosterStore = new JdbcRosterStore(database);
        PubSubStore pubsubStore = new JdbcPubSubStore(database);
        Rosters rosters = new Rosters(rosterStore, accountStore, storage);
        known.put("roster", new RosterModule(RosterModule.Options.from(options("roster")), rosters));
        known.put("presence", new PresenceModule(PresenceModule.Options.from(options("presence")), rosters));
        known.put("offline", new OfflineModule(OfflineModule.Options.from(options("offline")), router,
                new JdbcOfflineStore(database), accountStore, storage, clock, new OfflineMetrics(metrics)));
        AccountXmlStore accountXml = new JdbcAccountXmlStore(database);
        known.put("vcard", new VcardModule(VcardModule.Options.from(options("vcard")), accountXml, storage));
        known.put("private", new PrivateXmlModule(accountXml, storage));
        known.put("blocking", new BlockingModule(new JdbcBlockListStore(database), rosterStore, storage));
        known.put("carbons", new CarbonsModule());
        for (String withoutOptions : List.of("disco", "ping", "time", "private", "blocking", "carbons")) {
            options(withoutOptions).allowOnly(Set.of());   // only `enabled`: a misspelt key stops start-up
        }
        RosterContacts contacts = new RosterContacts(rosterStore);
        known.put("pubsub", new PubSubModule(pubsubOptions(options("pubsub")), pubsubStore, contacts, storage, clock));
        known.put("pep", new PepModule(pepOptions(options("pep")), pubsubStore, contacts, caps, storage, clock));
        known.put("register", new RegisterModule(RegisterModule.Options.from(options("register")), accounts, storage,
                config.hosts().stream().map(HostConfig::domain).toList(), clock));
        known.put("s2s", new S2sModule(s2sOptions(options("s2s")), certificates, metrics));
        return known;
    }

    private static PubSubModule.Options pubsubOptions(ModuleOptions o) {
        o.allowOnly(Set.of("prefix", "creators", "max_items", "max_items_limit", "max_payload_size",
                "notify_subscription_changes"));
        PubSubModule.Options d = PubSubModule.Options.DEFAULTS;
        int limit = o.integer("max_items_limit", d.maxItemsLimit(), 1, 1_000_000);
        return new PubSubModule.Options(o.string("prefix", d.prefix()), Set.copyOf(o.strings("creators", List.of())),
                o.integer("max_items", d.maxItems(), 1, limit), limit,
                o.integer("max_payload_size", d.maxPayloadSize(), 1024, 16 * 1024 * 1024),
                o.bool("notify_subscription_changes", d.notifySubscriptionChanges()));
    }

    private static PepModule.Options pepOptions(ModuleOptions o) {
        o.allowOnly(Set.of("max_items_limit", "max_payload_size"));
        PepModule.Options d = PepModule.Options.DEFAULTS;
        return new PepModule.Options(o.integer("max_items_limit", d.maxItemsLimit(), 1, 1_000_000),
                o.integer("max_payload_size", d.maxPayloadSize(), 1024, 16 * 1024 * 1024));
    }

    /** The {@code modules.s2s} options; package-private for the test that reads the documented block of causse.yml. */
    static S2sOptions s2sOptions(ModuleOptions o) {
        o.allowOnly(Set.of("bind", "port", "direct_tls_port", "require_tls", "resolvers", "trust_store", "policy",
                "certificate_required", "dialback_allowed", "idle_timeout", "connect_timeout", "max_stanza_size",
                "max_queued_stanzas", "connections_per_ip", "connection_rate_per_ip", "exempt_loopback", "shaper_rate",
                "shaper_burst", "flood_timeout"));
        S2sOptions d = S2sOptions.DEFAULTS;
        String trustStore = o.string("trust_store", null);
        return new S2sOptions(o.string("bind", d.bind()), o.integer("port", d.port(), 0, 65535),
                o.integer("direct_tls_port", d.directTlsPort(), -1, 65535), o.bool("require_tls", d.requireTls()),
                o.strings("resolvers", d.resolvers()),
                trustStore == null ? null : Path.of(trustStore), o.choice("policy", AuthPolicy.class, d.policy()),
                Set.copyOf(o.strings("certificate_required", List.of())), Set.copyOf(o.strings("dialback_allowed", List.of())),
                o.duration("idle_timeout", d.idleTimeout(), Duration.ofSeconds(1), Duration.ofDays(1)),
                o.duration("connect_timeout", d.connectTimeout(), Duration.ofSeconds(1), Duration.ofMinutes(10)),
                o.integer("max_stanza_size", d.maxStanzaSize(), 1024, 16 * 1024 * 1024),
                o.integer("max_queued_stanzas", d.maxQueuedStanzas(), 1, 1_000_000),
                incoming(o, d.incoming()));
    }

    private static S2sOptions.Incoming incoming(ModuleOptions o, S2sOptions.Incoming d) {
        return new S2sOptions.Incoming(o.integer("connections_per_ip", d.connectionsPerIp(), 1, 1_000_000),
                o.integer("connection_rate_per_ip", d.connectionRatePerIp(), 1, 1_000_000),
                o.bool("exempt_loopback", d.exemptLoopback()),
                new ShaperLimits(o.integer("shaper_rate", (int) d.shaper().rate(), 1024, 1 << 30),
                        o.integer("shaper_burst", (int) d.shaper().burst(), 1024, 1 << 30),
                        o.duration("flood_timeout", d.shaper().floodTimeout(), Duration.ZERO, Duration.ofHours(1))));
    }

    private ModuleOptions options(String name) {
        return config.modules().getOrDefault(name, ModuleOptions.empty(name));
    }
}
