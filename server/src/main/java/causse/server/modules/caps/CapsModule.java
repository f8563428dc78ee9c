package causse.server.modules.caps;

import causse.jid.Jid;
import causse.module.EntityCaps;
import causse.module.Module;
import causse.module.ModuleContext;
import causse.module.SessionListener;
import causse.server.config.ModuleOptions;
import causse.server.modules.DiscoModule;
import causse.session.ClientSession;
import causse.stanza.Stanza;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entity capabilities (XEP-0115) of local clients, learnt for other modules (PEP's {@code +notify}). Each
 * available presence may carry {@code <c hash node ver/>}; a ver already verified is answered from the shared
 * cache at once, otherwise the server asks the client (disco#info to node#ver) and checks the answer against
 * the ver (§5.4). Only a verified answer is cached for everyone; an unverifiable one (forged, ill-formed, legacy
 * caps without a hash, an unknown hash) counts for that full JID alone. One query per ver is in flight: other
 * resources announcing it wait for that answer and, if it does not verify, are asked themselves (§5.4 3.9).
 * Each full JID has at most one query of its own in flight, so a client spamming new vers costs one request
 * at a time. While a new ver is looked up, the JID keeps the features of its previous one (and keeps them if
 * the lookup fails). A JID's features are forgotten when it goes unavailable or its session ends; listeners
 * are not told of that (they hear session ends as SessionListeners).
 */
public final class CapsModule implements Module, EntityCaps {
    public static final String NAMESPACE = Caps.NAMESPACE;
    private static final Logger log = LoggerFactory.getLogger(CapsModule.class);

    /**
     * @param cacheSize verified vers remembered, least recently used first out
     * @param queryTimeout how long a client has to answer the server's disco#info query
     */
    public record Options(int cacheSize, Duration queryTimeout) {
        public static Options from(ModuleOptions o) {
            o.allowOnly(Set.of("cache_size", "query_timeout"));
            return new Options(o.integer("cache_size", 10_000, 1, 1_000_000),
                    o.duration("query_timeout", Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(5)));
        }
    }

    /** A disco#info answer: its features, and whether they hash to the ver that was announced. */
    private record Discovered(Set<String> features, boolean verified) {
    }

    /** What is known of one bound resource; the fields but {@link #features} are guarded by the object's lock. */
    private static final class Resource {
        final ClientSession session;
        Caps announced;
        /** The last caps whose features were looked for (cache or query): never looked for twice in a row. */
        Caps attempted;
        boolean querying;
        volatile Set<String> features;

        Resource(ClientSession session) {
            this.session = session;
        }
    }

    private final Options options;
    private final VerifiedCaps verified;
    private final Map<Jid, Resource> resources = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Discovered>> inFlight = new ConcurrentHashMap<>();
    private final List<BiConsumer<Jid, Set<String>>> listeners = new CopyOnWriteArrayList<>();
    private volatile ModuleContext context;

    public CapsModule(Options options) {
        this.options = options;
        this.verified = new VerifiedCaps(options.cacheSize());
    }

    @Override
    public String name() {
        return "caps";
    }

    @Override
    public void start(ModuleContext context) {
        this.context = context;
        // §7: an entity that processes caps says so.
        context.addFeature(NAMESPACE);
        context.addSessionListener(new SessionListener() {
            @Override
            public void presenceChanged(ClientSession session, Stanza presence, boolean wasAvailable) {
                announced(session, presence);
            }

            @Override
            public void ended(ClientSession session, boolean wasAvailable) {
                forget(session);
            }
        });
    }

    @Override
    public void stop() {
        resources.clear();
    }

    @Override
    public Set<String> features(Jid fullJid) {
        Resource r = resources.get(fullJid);
        Set<String> f = r == null ? null : r.features;
        return f == null ? Set.of() : f;
    }

    @Override
    public void addListener(BiConsumer<Jid, Set<String>> listener) {
        listeners.add(listener);
    }

    /** How many verified vers are cached (for tests and, later, a gauge). */
    int cachedVers() {
        return verified.size();
    }

    /** On the session's event loop: available presence with caps starts the lookup; unavailable forgets. */
    private void announced(ClientSession session, Stanza presence) {
        if (!session.isAvailable()) {
            forget(session);
            return;
        }
        Caps caps = Caps.of(presence.element());
        log.debug("Presence of {} announces caps {}", session.jid(), caps == null ? null : caps.ver());
        if (caps == null) {
            return;   // §8.4 caps optimisation: a presence without caps changes nothing
        }
        Resource r = resources.compute(session.jid(), (jid, old) -> old != null && old.session == session
                ? old : new Resource(session));
        synchronized (r) {
            r.announced = caps;
        }
        advance(r);
    }

    private void forget(ClientSession session) {
        resources.computeIfPresent(session.jid(), (jid, r) -> r.session == session ? null : r);
    }

    /** Looks for the announced caps' features unless a query of this resource runs or they were looked for. */
    private void advance(Resource r) {
        Caps next;
        Set<String> cached;
        synchronized (r) {
            if (r.querying || r.announced == null || r.announced.equals(r.attempted)) {
                return;
            }
            next = r.announced;
            r.attempted = next;
            cached = next.verifiable() ? verified.get(next) : null;
            r.querying = cached == null;
        }
        if (cached != null) {
            learnt(r, next, cached);
        } else {
            discover(r, next);
        }
    }

    /** Finds the features of {@code caps} for {@code r}: from the cache, a query in flight, or a query of its own. */
    private void discover(Resource r, Caps caps) {
        if (!caps.verifiable()) {
            query(r.session.jid(), caps).thenAccept(d -> finished(r, caps, d));
            return;
        }
        Set<String> cached = verified.get(caps);
        if (cached != null) {
            finished(r, caps, new Discovered(cached, true));
            return;
        }
        CompletableFuture<Discovered> mine = new CompletableFuture<>();
        CompletableFuture<Discovered> shared = inFlight.putIfAbsent(caps.key(), mine);
        if (shared != null) {
            shared.thenAccept(d -> {
                if (d != null && d.verified()) {
                    finished(r, caps, d);
                } else if (stillAnnounces(r, caps)) {
                    discover(r, caps);   // that client failed or lied: ask this one (§5.4 3.9)
                } else {
                    finished(r, caps, null);
                }
            });
            return;
        }
        query(r.session.jid(), caps).thenAccept(d -> {
            if (d != null && d.verified()) {
                verified.put(caps, d.features());
            }
            // Cached before it leaves the in-flight table, so a newcomer finds one or the other.
            inFlight.remove(caps.key(), mine);
            mine.complete(d);
            finished(r, caps, d);
        });
    }

    /** A lookup of {@code r} ended, with features or without (null: no answer, an error, not disco#info). */
    private void finished(Resource r, Caps caps, Discovered d) {
        synchronized (r) {
            r.querying = false;
        }
        if (d != null) {
            learnt(r, caps, d.features());
        }
        advance(r);   // the client may have announced newer caps while this one was asked
    }

    /** Records the features unless the session is gone or announced other caps since; tells the listeners. */
    private void learnt(Resource r, Caps caps, Set<String> features) {
        Jid jid = r.session.jid();
        synchronized (r) {
            if (!isCurrent(r) || !caps.equals(r.announced) || features.equals(r.features)) {
                return;
            }
            r.features = features;
            if (log.isDebugEnabled()) {
                log.debug("Caps of {} known: ver {}, notify {}", jid, caps.ver(),
                        features.stream().filter(f -> f.endsWith("+notify")).toList());
            }
            // Told under the lock, so one JID's listeners hear its changes in order.
            for (BiConsumer<Jid, Set<String>> l : listeners) {
                try {
                    l.accept(jid, features);
                } catch (RuntimeException e) {
                    log.warn("Entity caps listener failed for {}", jid, e);
                }
            }
        }
    }

    private boolean isCurrent(Resource r) {
        return resources.get(r.session.jid()) == r;
    }

    private boolean stillAnnounces(Resource r, Caps caps) {
        synchronized (r) {
            return isCurrent(r) && caps.equals(r.announced);
        }
    }

    /** Asks the client for the features behind its caps (§6.2); completes with null on any failure, never fails. */
    private CompletableFuture<Discovered> query(Jid jid, Caps caps) {
        XmlElement iq = XmlElement.builder("iq", Namespaces.CLIENT).attribute("type", "get")
                .child(XmlElement.builder("query", DiscoModule.INFO).attribute("node", caps.discoNode()).build())
                .build();
        Jid server = Jid.of(null, jid.domain(), null);
        CompletableFuture<Stanza> answered;
        try {
            answered = context.request(new Stanza(Stanza.Kind.IQ, iq, server, jid), options.queryTimeout());
        } catch (RuntimeException e) {
            // Never leave a ver in flight for ever, with other resources waiting on it.
            log.warn("Could not ask {} for its entity caps", jid, e);
            return CompletableFuture.completedFuture(null);
        }
        return answered.handle((answer, failure) -> {
            if (failure != null) {
                log.debug("No entity caps answer from {}: {}", jid, failure.toString());
                return null;
            }
            return discovered(answer, caps);
        });
    }

    private static Discovered discovered(Stanza answer, Caps caps) {
        XmlElement query = answer.isError() ? null : answer.element().child("query", DiscoModule.INFO);
        if (query == null) {
            return null;
        }
        Set<String> features = new LinkedHashSet<>();
        for (XmlElement f : query.elements()) {
            if (f.is("feature", DiscoModule.INFO) && f.attribute("var") != null) {
                features.add(f.attribute("var"));
            }
        }
        boolean ok = caps.verifiable() && VerificationString.verifies(query, caps.hash(), caps.ver());
        if (!ok && caps.verifiable()) {
            log.debug("{} answered for caps ver {} with features that do not hash to it: used for it alone",
                    answer.from(), caps.ver());
        }
        return new Discovered(Set.copyOf(features), ok);
    }
}
