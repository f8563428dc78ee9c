package causse.storage.memory;

import causse.storage.Account;
import causse.storage.AccountStore;
import causse.storage.ScramCredential;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link AccountStore} in a concurrent map, for unit tests of protocol code. It keeps the JDBC store's
 * behaviour (the same contract test runs on both), including its microsecond creation times.
 */
public final class MemoryAccountStore implements AccountStore {
    private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();
    /** Removal requests; an entry whose account is gone counts for nothing. */
    private final Set<String> removals = ConcurrentHashMap.newKeySet();
    private final Clock clock;

    public MemoryAccountStore() {
        this(Clock.systemUTC());
    }

    public MemoryAccountStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean create(String jid, List<ScramCredential> credentials) {
        Account.domainOf(jid);
        requireDistinctMechanisms(credentials);
        Account account = new Account(jid, clock.instant().truncatedTo(ChronoUnit.MICROS), credentials);
        return accounts.putIfAbsent(jid, account) == null;
    }

    @Override
    public Optional<Account> find(String jid) {
        return Optional.ofNullable(accounts.get(jid));
    }

    @Override
    public boolean updateCredentials(String jid, List<ScramCredential> credentials) {
        requireDistinctMechanisms(credentials);
        return accounts.computeIfPresent(jid, (k, old) -> new Account(k, old.created(), credentials)) != null;
    }

    @Override
    public boolean delete(String jid) {
        removals.remove(jid);
        return accounts.remove(jid) != null;
    }

    @Override
    public boolean requestRemoval(String jid) {
        if (!accounts.containsKey(jid)) {
            return false;
        }
        removals.add(jid);
        return true;
    }

    @Override
    public List<String> removalRequests() {
        return removals.stream().filter(accounts::containsKey).sorted().toList();
    }

    @Override
    public List<String> list(String domain) {
        return accounts.values().stream()
                .filter(a -> domain == null || a.domain().equals(domain))
                .map(Account::jid)
                .sorted()
                .toList();
    }

    private static void requireDistinctMechanisms(List<ScramCredential> credentials) {
        if (!credentials.stream().map(ScramCredential::mechanism).allMatch(new HashSet<String>()::add)) {
            throw new IllegalArgumentException("two credentials for one mechanism: " + credentials);
        }
    }
}
