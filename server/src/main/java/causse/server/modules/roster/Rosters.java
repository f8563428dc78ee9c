package causse.server.modules.roster;

import causse.module.KeyedQueue;
import causse.jid.Jid;
import causse.session.ClientSession;
import causse.session.SessionKey;
import causse.session.Sessions;
import causse.storage.AccountStore;
import causse.storage.PendingRequest;
import causse.storage.Roster;
import causse.storage.RosterItem;
import causse.storage.RosterStore;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the roster and presence modules share: the stores, the per-account queue that orders every change to
 * one account's roster, the "interested resource" mark (RFC 6121 §2.2) and roster pushes (§2.1.6).
 * Store calls block: they are made only from tasks of {@link #queue()}.
 *
 * <p>Most bots' accounts have no contacts, so the accounts that may have roster items or pending requests are
 * kept in memory: read from the store at start and added to before each write (every write goes through
 * {@link #store()}). Presence work for any other account runs at once with an empty roster, without a storage
 * task; see {@link #withRoster}.
 */
public final class Rosters {
    private final RosterStore store;
    private final Set<String> mayHaveData = ConcurrentHashMap.newKeySet();
    private final AccountStore accounts;
    private final KeyedQueue queue;
    private final SessionKey<Boolean> interested = new SessionKey<>("roster-interested");
    private final AtomicLong pushIds = new AtomicLong();
    private static final Roster EMPTY = new Roster(0, List.of());

    public Rosters(RosterStore store, AccountStore accounts, Executor storageExecutor) {
        this.store = new NotingWrites(store, mayHaveData);
        this.accounts = accounts;
        this.queue = new KeyedQueue(storageExecutor, "Roster work");
    }

    RosterStore store() {
        return store;
    }

    KeyedQueue queue() {
        return queue;
    }

    /** Blocking: learns from the store which accounts have roster items or pending requests; called at start. */
    void loadOwners() {
        mayHaveData.addAll(store.owners());
    }

    /** Work that reads an owner's roster and, when asked for, its pending subscription requests. */
    interface RosterWork {
        void run(Roster roster, List<PendingRequest> pending);
    }

    /**
     * Runs the work on the owner's queue with the stored roster; for an owner known to have no roster data and
     * nothing queued, at once on the caller's thread with an empty roster. What the work then sees is the
     * roster as it was at this call, as if it had been queued first.
     */
    void withRoster(String owner, boolean withPending, RosterWork work) {
        if (!mayHaveData.contains(owner) && !queue.busy(owner)) {
            work.run(EMPTY, List.of());
            return;
        }
        queue.submit(owner, () -> work.run(store.roster(owner),
                withPending ? store.pendingRequests(owner) : List.of()));
    }

    boolean accountExists(String owner) {
        return accounts.find(owner).isPresent();
    }

    /** Marks the session as one that gets roster pushes. */
    void markInterested(ClientSession session) {
        session.set(interested, Boolean.TRUE);
    }

    /**
     * The {@code ver} string of a roster version (RFC 6121 §2.6). The account's creation time is part of it
     * because the store's versions start again at 0 when an account is deleted and created again, and a
     * client's cached roster of the old account must not look current.
     */
    String ver(String owner, long version) {
        // Microseconds, the precision the account store keeps: a re-creation within one millisecond stays distinct.
        long created = accounts.find(owner)
                .map(a -> a.created().getEpochSecond() * 1_000_000 + a.created().getNano() / 1_000).orElse(0L);
        return Long.toString(created, 36) + "-" + version;
    }

    /** Pushes the item (or its removal, when {@code item} is null) to every interested resource of the owner. */
    void push(Sessions sessions, String owner, String contact, RosterItem item, long version) {
        List<ClientSession> targets = sessions.sessionsOf(Jid.parse(owner)).stream()
                .filter(s -> Boolean.TRUE.equals(s.get(interested))).toList();
        if (targets.isEmpty()) {
            return;
        }
        XmlElement query = RosterXml.query(ver(owner, version),
                List.of(item == null ? RosterXml.removed(contact) : RosterXml.item(item)));
        for (ClientSession s : targets) {
            s.send(XmlElement.builder("iq", Namespaces.CLIENT).attribute("type", "set")
                    .attribute("id", "push-" + pushIds.incrementAndGet()).attribute("to", s.jid().toString())
                    .child(query).build());
        }
    }

    /** Passes every call on; notes the owner before each write that can give it roster data. */
    private record NotingWrites(RosterStore inner, Set<String> owners) implements RosterStore {
        @Override
        public Roster roster(String owner) {
            return inner.roster(owner);
        }

        @Override
        public Optional<RosterItem> item(String owner, String contact) {
            return inner.item(owner, contact);
        }

        @Override
        public long put(String owner, RosterItem item) {
            owners.add(owner);
            return inner.put(owner, item);
        }

        @Override
        public long remove(String owner, String contact) {
            return inner.remove(owner, contact);
        }

        @Override
        public void savePendingRequest(String owner, String contact, String stanzaXml) {
            owners.add(owner);
            inner.savePendingRequest(owner, contact, stanzaXml);
        }

        @Override
        public List<PendingRequest> pendingRequests(String owner) {
            return inner.pendingRequests(owner);
        }

        @Override
        public void removePendingRequest(String owner, String contact) {
            inner.removePendingRequest(owner, contact);
        }

        @Override
        public Set<String> owners() {
            return inner.owners();
        }
    }
}
