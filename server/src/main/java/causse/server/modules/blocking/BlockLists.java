package causse.server.modules.blocking;

import causse.jid.Jid;
import causse.session.Sessions;
import causse.storage.BlockListStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The block lists of the accounts that have a bound session, kept in memory so that stanza hooks, which run on
 * event loops, can check a sender without touching storage. Loading and refreshing read the store and so run on
 * the storage executor; each account's entry is recomputed under the map's per-key lock, so a load and a change
 * of the same list cannot leave a stale copy behind.
 *
 * <p>Most accounts block nobody, so the accounts that may have entries are kept too (read from the store at start,
 * added to before each block is written): any other account gets its empty list at bind without a storage task.
 * Marking before the write means a bind that found the account unmarked put its empty list in place before the
 * block's refresh, which then replaces it.
 */
final class BlockLists {
    private final ConcurrentHashMap<Jid, Set<String>> lists = new ConcurrentHashMap<>();
    private final Set<Jid> mayHaveEntries = ConcurrentHashMap.newKeySet();
    /** How many cached lists are not empty: while none is, no sender with a session blocks anyone. */
    private final AtomicInteger nonEmptyCached = new AtomicInteger();
    private final BlockListStore store;
    private final Sessions sessions;

    BlockLists(BlockListStore store, Sessions sessions) {
        this.store = store;
        this.sessions = sessions;
    }

    /** The cached list of this account, or null when it is not loaded (the account has no session). */
    Set<String> cached(Jid owner) {
        return lists.get(owner);
    }

    /** Blocking: learns from the store which accounts block someone; called once, at start. */
    void loadOwners() {
        for (String owner : store.owners()) {
            mayHaveEntries.add(Jid.parse(owner));
        }
    }

    /**
     * At bind, on the event loop: caches the empty list of an account known to block nobody and answers true;
     * false when the list must be loaded from the store.
     */
    boolean cacheIfEmpty(Jid owner) {
        if (mayHaveEntries.contains(owner)) {
            return false;
        }
        lists.putIfAbsent(owner, Set.of());
        return true;
    }

    /** Called before a block is written: from now on the account's list is read from the store. */
    void willBlock(Jid owner) {
        mayHaveEntries.add(owner);
    }

    /** Blocking: loads the account's list if it still has a session (it may have gone while the load waited). */
    void load(Jid owner) {
        lists.compute(owner, (k, old) -> counted(old, sessions.sessionsOf(owner).isEmpty() ? null : read(owner)));
    }

    /** Blocking: re-reads a cached list after a change in the store. */
    void refresh(Jid owner) {
        lists.computeIfPresent(owner, (k, old) -> counted(old, read(owner)));
    }

    void drop(Jid owner) {
        lists.computeIfPresent(owner, (k, old) -> counted(old, null));
    }

    /**
     * False while no account has ever had an entry (since the start, or in the store at the start): then no
     * stanza can be blocked, and the hooks let everything pass without a lookup, nor a storage read for a
     * recipient without a session.
     */
    boolean anyMayBlock() {
        return !mayHaveEntries.isEmpty();
    }

    /**
     * False when every cached list is empty, which spares the hooks a lookup per stanza on a server where the
     * users with a session block nobody.
     */
    boolean anyBlocks() {
        return nonEmptyCached.get() > 0;
    }

    /** Called inside the map's per-key update, so that the count moves with the entry it describes. */
    private Set<String> counted(Set<String> old, Set<String> now) {
        int delta = (now != null && !now.isEmpty() ? 1 : 0) - (old != null && !old.isEmpty() ? 1 : 0);
        if (delta != 0) {
            nonEmptyCached.addAndGet(delta);
        }
        return now;
    }

    /** Blocking: the stored list, for an account whose list is not cached. */
    Set<String> stored(Jid owner) {
        return read(owner);
    }

    private Set<String> read(Jid owner) {
        return Set.copyOf(store.blocked(owner.toString()));
    }

    /**
     * XEP-0191 §4: a full JID blocks that resource, a bare JID all its resources, a domain the domain itself and
     * every JID at it (domain/resource entries are full JIDs of a domain, matched like any full JID).
     */
    static boolean matches(Set<String> list, Jid jid) {
        if (list.isEmpty()) {
            return false;
        }
        return list.contains(jid.toString()) || (jid.local() != null && list.contains(jid.bareString()))
                || list.contains(jid.domain());
    }
}
