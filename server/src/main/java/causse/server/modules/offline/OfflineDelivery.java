package causse.server.modules.offline;

import causse.jid.Jid;
import causse.server.router.DeliveryRules;
import causse.session.ClientSession;
import causse.session.Sessions;
import causse.stanza.Stanza;
import causse.storage.OfflineMessage;
import causse.storage.OfflineStore;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import causse.xml.XmlParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an account's stored messages to one of its sessions, at least once and never zero times.
 *
 * <p>Why an acknowledgement: {@link ClientSession#send} does not say whether the bytes reached the
 * client, and a connection that drops with messages still in its buffers would lose them if they were
 * deleted right after sending. So each batch is followed by an XEP-0199 ping from the server; the
 * client's answer (result or error: any answer) comes after the batch on the same ordered stream, and
 * only then are exactly the delivered ids deleted. A session that ends or stays silent before it
 * answers keeps the messages stored for the next flush: they may then arrive twice (at-least-once),
 * which XEP-0203's delay stamps let a client recognise; XEP-0198 would close that window.
 *
 * <p>One flush per account runs at a time: a request during a flush (a second resource coming online,
 * a message stored meanwhile) only asks for one more round after it, so two resources coming online
 * together never both receive the same messages.
 *
 * <p>Most logins find nothing stored, so the accounts that may have messages are kept in memory (read from
 * the store at start, added to after each store) and a flush for any other account costs no storage task.
 * Each entry carries a count of the stores made for it: a flush that read nothing removes the entry only if
 * no store has completed since it read the count, so a message committed during that read is never
 * forgotten (its store also asks for a flush when the owner is online).
 */
final class OfflineDelivery {
    static final int BATCH = 100;
    static final long ACK_TIMEOUT_SECONDS = 30;
    private static final String PING = "urn:xmpp:ping";
    private static final Logger log = LoggerFactory.getLogger(OfflineDelivery.class);

    /** One account's flush: the batch awaiting its acknowledgement, and whether another round was asked for. */
    private static final class Flush {
        ClientSession session;
        String ackId;
        List<Long> ids = List.of();
        boolean again;
        ClientSession preferred;
    }

    private final OfflineStore store;
    private final Sessions sessions;
    private final Executor storage;
    private final ScheduledExecutorService timer;
    private final Map<Jid, Flush> flushes = new HashMap<>();
    private final ConcurrentHashMap<Jid, Long> mayHaveMessages = new ConcurrentHashMap<>();
    private final AtomicLong ackCounter = new AtomicLong();
    private final OfflineMetrics metrics;

    OfflineDelivery(OfflineStore store, Sessions sessions, Executor storage, ScheduledExecutorService timer,
                    OfflineMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.sessions = sessions;
        this.storage = storage;
        this.timer = timer;
    }

    /** Blocking: learns from the store which accounts have messages; called once, before any store. */
    void loadOwners() {
        for (String owner : store.owners()) {
            mayHaveMessages.put(Jid.parse(owner), 0L);
        }
    }

    /** A message was committed for the account: its next flush must read the store. */
    void stored(Jid account) {
        mayHaveMessages.merge(account, 1L, Long::sum);
    }

    List<ClientSession> sessionsOf(Jid account) {
        return sessions.sessionsOf(account);
    }

    /** Asks for the account's stored messages to be delivered, preferably to {@code preferred} (may be null). */
    void flush(Jid account, ClientSession preferred) {
        synchronized (flushes) {
            Flush running = flushes.get(account);
            if (running != null) {
                running.again = true;
                return;
            }
            if (!mayHaveMessages.containsKey(account)) {
                return;
            }
            Flush f = new Flush();
            f.preferred = preferred;
            flushes.put(account, f);
        }
        run(account, () -> load(account));
    }

    /** True while a flush of the account runs; for tests that must start the next one after it. */
    boolean flushing(Jid account) {
        synchronized (flushes) {
            return flushes.containsKey(account);
        }
    }

    /** Storage thread: sends the oldest batch to a session that can take it, then pings it. */
    private void load(Jid account) {
        ClientSession target;
        synchronized (flushes) {
            Flush f = flushes.get(account);
            if (f == null) {
                return;
            }
            target = target(account, f.preferred);
            f.preferred = null;
            if (target == null) {
                finish(account);
                return;
            }
        }
        Long storesBefore = mayHaveMessages.get(account);
        List<OfflineMessage> stored = store.messages(account.toString());
        List<OfflineMessage> batch = stored.subList(0, Math.min(BATCH, stored.size()));
        if (batch.isEmpty()) {
            if (storesBefore != null) {
                mayHaveMessages.remove(account, storesBefore);
            }
            synchronized (flushes) {
                finish(account);
            }
            return;
        }
        List<Long> ids = new ArrayList<>(batch.size());
        for (OfflineMessage m : batch) {
            XmlElement message = parse(account, m);
            if (message != null) {
                target.send(message);
                ids.add(m.id());
            }
        }
        // a batch of nothing but unreadable messages must not make the next round read it again forever
        awaitAck(account, target, ids, stored.size() > batch.size() && !ids.isEmpty());
    }

    private void awaitAck(Jid account, ClientSession target, List<Long> ids, boolean more) {
        String ackId = "offline-" + ackCounter.incrementAndGet();
        synchronized (flushes) {
            Flush f = flushes.get(account);
            f.session = target;
            f.ackId = ackId;
            f.ids = ids;
            f.again |= more;
        }
        target.send(XmlElement.builder("iq", Namespaces.CLIENT).attribute("type", "get").attribute("id", ackId)
                .attribute("from", account.domain()).attribute("to", target.jid().toString())
                .child(XmlElement.empty("ping", PING)).build());
        timer.schedule(() -> timedOut(account, ackId), ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * OUTBOUND hook: the answer to a flush's ping. Takes it (nobody else asked) and deletes the batch.
     * Runs on the session's event loop, so the delete goes to the storage executor.
     */
    boolean acknowledged(Stanza stanza) {
        if (stanza.kind() != Stanza.Kind.IQ || stanza.id() == null || !stanza.id().startsWith("offline-")
                || !(stanza.type().equals("result") || stanza.type().equals("error"))) {
            return false;
        }
        Jid account = stanza.from().bare();
        List<Long> ids;
        synchronized (flushes) {
            Flush f = flushes.get(account);
            if (f == null || !stanza.id().equals(f.ackId) || !f.session.jid().equals(stanza.from())) {
                return false;
            }
            ids = f.ids;
            f.ackId = null;
        }
        run(account, () -> {
            store.delete(account.toString(), ids);
            metrics.delivered(ids.size());
            synchronized (flushes) {
                finish(account);
            }
        });
        return true;
    }

    /** The session a batch went to has ended before answering: its batch stays stored, another resource may take it. */
    void ended(ClientSession session) {
        Jid account = session.jid().bare();
        synchronized (flushes) {
            Flush f = flushes.get(account);
            if (f != null && f.ackId != null && f.session == session) {
                abandon(account, f);
            }
        }
    }

    private void timedOut(Jid account, String ackId) {
        synchronized (flushes) {
            Flush f = flushes.get(account);
            if (f != null && ackId.equals(f.ackId)) {
                log.info("No answer from {} to the offline delivery ping; its messages stay stored", f.session.jid());
                abandon(account, f);
            }
        }
    }

    /** Keeps the unacknowledged batch; a later flush sends it again. Called holding the lock. */
    private void abandon(Jid account, Flush f) {
        f.ackId = null;
        f.ids = List.of();
        f.again = false;
        flushes.remove(account);
        DeliveryRules.highestPriority(sessions.sessionsOf(account)).stream().filter(s -> s != f.session)
                .findFirst().ifPresent(other -> {
                    // another resource is online: give it the batch now rather than at its next login
                    Flush next = new Flush();
                    next.preferred = other;
                    flushes.put(account, next);
                    run(account, () -> load(account));
                });
    }

    /** Ends a round; runs another when one was asked for meanwhile. Called holding the lock. */
    private void finish(Jid account) {
        Flush f = flushes.get(account);
        if (f != null && f.again) {
            Flush next = new Flush();
            flushes.put(account, next);
            run(account, () -> load(account));
        } else {
            flushes.remove(account);
        }
    }

    private ClientSession target(Jid account, ClientSession preferred) {
        if (preferred != null && preferred.isAvailable() && preferred.priority() >= 0
                && sessions.get(preferred.jid()) == preferred) {
            return preferred;
        }
        List<ClientSession> best = DeliveryRules.highestPriority(sessions.sessionsOf(account));
        return best.isEmpty() ? null : best.get(0);
    }

    private static XmlElement parse(Jid account, OfflineMessage m) {
        try {
            return XmlParser.parse(m.stanzaXml());
        } catch (RuntimeException e) {
            // kept, not deleted: it expires with the others and stays there for an operator to look at
            log.error("Stored offline message {} of {} cannot be parsed; left in storage", m.id(), account, e);
            return null;
        }
    }

    /** Runs storage work; a failure ends the round and leaves the messages stored for the next one. */
    private void run(Jid account, Runnable work) {
        Runnable guarded = () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("Offline delivery for {} failed; the messages stay stored", account, e);
                synchronized (flushes) {
                    flushes.remove(account);
                }
            }
        };
        try {
            storage.execute(guarded);
        } catch (RejectedExecutionException e) {
            log.warn("Storage queue full; offline delivery for {} postponed to its next presence", account);
            synchronized (flushes) {
                flushes.remove(account);
            }
        }
    }
}
