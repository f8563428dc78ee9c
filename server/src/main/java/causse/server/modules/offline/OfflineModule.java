package causse.server.modules.offline;

import causse.jid.Jid;
import causse.module.HookPoint;
import causse.module.Module;
import causse.module.ModuleContext;
import causse.module.SessionListener;
import causse.server.config.ModuleOptions;
import causse.server.router.DeliveryRules;
import causse.server.router.LocalRouter;
import causse.session.ClientSession;
import causse.session.SessionKey;
import causse.stanza.Stanza;
import causse.stanza.StanzaErrorCondition;
import causse.storage.AccountStore;
import causse.storage.OfflineStore;
import causse.xml.XmlElement;
import causse.xml.XmlWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline message storage (XEP-0160) with delay stamps (XEP-0203): takes over the router's undeliverable
 * messages, stores chat and normal ones, delivers them at the owner's next available presence of
 * non-negative priority, and expires old ones.
 */
public final class OfflineModule implements Module {
    public static final String FEATURE = "msgoffline";
    static final String DELAY = "urn:xmpp:delay";
    private static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";
    private static final Duration SWEEP = Duration.ofHours(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(OfflineModule.class);

    /** Typed options of the {@code offline} module. */
    public record Options(int maxMessages, Duration expiry) {
        public static final int DEFAULT_MAX_MESSAGES = 1000;
        public static final Duration DEFAULT_EXPIRY = Duration.ofDays(30);

        public static Options from(ModuleOptions o) {
            o.allowOnly(Set.of("max_messages", "expiry"));
            return new Options(o.integer("max_messages", DEFAULT_MAX_MESSAGES, 1, 100_000),
                    o.duration("expiry", DEFAULT_EXPIRY, Duration.ofSeconds(1), Duration.ofDays(3650)));
        }
    }

    private final Options options;
    private final LocalRouter router;
    private final OfflineStore store;
    private final AccountStore accounts;
    private final Executor storage;
    private final Clock clock;
    private final OwnerQueues stores;
    private final OfflineMetrics metrics;
    private final SessionKey<Boolean> eligibleKey = new SessionKey<>("offline.eligible");
    private volatile OfflineDelivery delivery;
    private volatile ScheduledExecutorService timer;

    public OfflineModule(Options options, LocalRouter router, OfflineStore store, AccountStore accounts,
                         Executor storage, Clock clock, OfflineMetrics metrics) {
        this.options = options;
        this.router = router;
        this.store = store;
        this.accounts = accounts;
        this.storage = storage;
        this.clock = clock;
        this.stores = new OwnerQueues(storage);
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public void start(ModuleContext context) {
        OfflineDelivery d = new OfflineDelivery(store, context.sessions(), storage, scheduler(), metrics);
        d.loadOwners();
        delivery = d;
        context.addFeature(FEATURE);
        context.hook(HookPoint.OUTBOUND, 0, d::acknowledged);
        context.addSessionListener(presences(d));
        router.setUndeliverable(this::undeliverable);
        // Sweep more often than the expiry when it is short, so nothing lives much longer than asked.
        long every = Math.min(SWEEP.toMillis(), options.expiry().toMillis());
        timer.scheduleWithFixedDelay(() -> submit(this::expire), 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        router.setUndeliverable(m -> router.bounce(m, StanzaErrorCondition.SERVICE_UNAVAILABLE));
        ScheduledExecutorService t = timer;
        if (t != null) {
            t.shutdownNow();
        }
        // Messages accepted before the stop and not yet written: stored now, before the database closes.
        try {
            int left = stores.awaitIdle(STOP_TIMEOUT);
            if (left > 0) {
                log.warn("Offline messages for {} account(s) still queued at shutdown after {}", left, STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SessionListener presences(OfflineDelivery d) {
        return new SessionListener() {
            @Override
            public void presenceChanged(ClientSession session, Stanza presence, boolean wasAvailable) {
                // Initial presence of non-negative priority, or a priority raised from negative: a resource
                // that now takes messages for the bare JID takes the stored ones too.
                boolean eligible = session.isAvailable() && session.priority() >= 0;
                boolean was = Boolean.TRUE.equals(session.get(eligibleKey));
                session.set(eligibleKey, eligible ? Boolean.TRUE : null);
                if (eligible && !was) {
                    d.flush(session.jid().bare(), session);
                }
            }

            @Override
            public void ended(ClientSession session, boolean wasAvailable) {
                d.ended(session);
            }
        };
    }

    private ScheduledExecutorService scheduler() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "causse-offline-timer");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        timer = t;
        return t;
    }

    /** Deletes messages older than the expiry; package-visible so tests can run a sweep at a chosen time. */
    void expire() {
        int n = store.deleteOlderThan(clock.instant().minus(options.expiry()));
        metrics.expired(n);
        if (n > 0) {
            log.info("Expired {} offline message(s) older than {}", n, options.expiry());
        }
    }

    /** Runs on the sender's event loop: filters by type (XEP-0160 §3), then stores on the storage executor. */
    private void undeliverable(Stanza message) {
        String type = message.type();
        if (type.equals("groupchat")) {
            router.bounce(message, StanzaErrorCondition.SERVICE_UNAVAILABLE);
        } else if ((type.equals("chat") || type.equals("normal")) && !onlyChatState(message.element())) {
            try {
                stores.execute(message.to().bare(), () -> store(message));
            } catch (RejectedExecutionException e) {
                // The storage queue is full: a temporary condition the sender may retry (type 'wait').
                router.bounce(message, StanzaErrorCondition.RESOURCE_CONSTRAINT);
            }
        }
        // headline, error and chat-state-only messages are not worth keeping (XEP-0160 §3): dropped
    }

    /** XEP-0160 §3: a chat message carrying nothing but a chat state is not stored. */
    private static boolean onlyChatState(XmlElement message) {
        return !message.elements().isEmpty()
                && message.elements().stream().allMatch(e -> e.namespace().equals(CHAT_STATES)
                        || e.name().equals("thread"));
    }

    /**
     * Stores one message. The commit comes before anything else; every failure answers the sender, so a
     * message is either stored or bounced, never silently lost.
     */
    private void store(Stanza message) {
        Jid owner = message.to().bare();
        try {
            if (accounts.find(owner.toString()).isEmpty()) {
                // RFC 6121 §8.5.2.2: no such account; an error tells the sender instead of a silent drop
                router.bounce(message, StanzaErrorCondition.SERVICE_UNAVAILABLE);
                return;
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            String xml = XmlWriter.toXml(stamped(message.element(), owner.domain(), now));
            if (!store.store(owner.toString(), xml, now, options.maxMessages())) {
                // Quota reached. RFC 6121 §8.5.2.1.1 leaves the server to store or to return an error, which
                // SHOULD be service-unavailable. Not resource-constraint: its type 'wait' invites retries
                // that cannot succeed before the owner logs in, and it would tell the sender more about the
                // account than a plain refusal does.
                router.bounce(message, StanzaErrorCondition.SERVICE_UNAVAILABLE);
                return;
            }
            metrics.stored();
            delivery.stored(owner);
        } catch (RuntimeException e) {
            log.warn("Could not store an offline message for {}", owner, e);
            router.bounce(message, StanzaErrorCondition.INTERNAL_SERVER_ERROR);
            return;
        }
        // The owner may have come online while this was being stored: the flush it started may have
        // read the store before this commit, so ask for another.
        if (!DeliveryRules.highestPriority(delivery.sessionsOf(owner)).isEmpty()) {
            delivery.flush(owner, null);
        }
    }

    /**
     * The stored copy carries when and by whom it was delayed (XEP-0203, XEP-0082 UTC DateTime). A message this
     * server stamped already (first sent to a session that never acknowledged it, XEP-0198) keeps that earlier time.
     */
    static XmlElement stamped(XmlElement message, String domain, Instant stamp) {
        for (XmlElement delay : message.elements()) {
            if (delay.is("delay", DELAY) && domain.equals(delay.attribute("from"))) {
                return message;
            }
        }
        return message.toBuilder().child(XmlElement.builder("delay", DELAY).attribute("from", domain)
                .attribute("stamp", stamp.toString()).build()).build();
    }

    private void submit(Runnable task) {
        try {
            storage.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Offline message expiry failed; it runs again later", e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("Storage queue full; offline message expiry postponed");
        }
    }
}
