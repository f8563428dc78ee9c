package causse.server.modules.roster;

import causse.module.KeyedQueue;
import causse.jid.Jid;
import causse.session.ClientSession;
import causse.session.SessionKey;
import causse.session.Sessions;
import causse.storage.AccountStore;
import causse.storage.RosterItem;
import causse.storage.RosterStore;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the roster and presence modules share: the stores, the per-account queue that orders every change to
 * one account's roster, the "interested resource" mark (RFC 6121 §2.2) and roster pushes (§2.1.6).
 * Store calls block: they are made only from tasks of {@link #queue()}.
 */
public final class Rosters {
    private final RosterStore store;
    private final AccountStore accounts;
    private final KeyedQueue queue;
    private final SessionKey<Boolean> interested = new SessionKey<>("roster-interested");
    private final AtomicLong pushIds = new AtomicLong();

    public Rosters(RosterStore store, AccountStore accounts, Executor storageExecutor) {
        this.store = store;
        this.accounts = accounts;
        this.queue = new KeyedQueue(storageExecutor, "Roster work");
    }

    RosterStore store() {
        return store;
    }

    KeyedQueue queue() {
        return queue;
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
}
