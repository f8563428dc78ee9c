package causse.server.router;

import causse.module.AccountNodes;
import causse.module.DiscoIdentity;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicReference;

/** The identities and features that disco#info reports for the server; written by modules as they start and stop. */
public final class ServerFeatures {
    private final Set<String> features = new CopyOnWriteArraySet<>();
    private final List<DiscoIdentity> identities = new CopyOnWriteArrayList<>();
    private final Set<String> accountFeatures = new CopyOnWriteArraySet<>();
    private final List<DiscoIdentity> accountIdentities = new CopyOnWriteArrayList<>();
    private final List<ServiceItem> services = new CopyOnWriteArrayList<>();
    private final AtomicReference<AccountNodes> accountNodes = new AtomicReference<>();

    /** A service hosted next to a domain, listed in that domain's disco#items. */
    public record ServiceItem(String domain, String jid, String name) {
    }

    /** Sets who answers disco on accounts' nodes; null removes it. A second module setting it is refused. */
    public void setAccountNodes(AccountNodes nodes) {
        if (nodes != null && !accountNodes.compareAndSet(null, nodes)) {
            throw new IllegalStateException("another module already answers disco on accounts' nodes");
        }
        if (nodes == null) {
            accountNodes.set(null);
        }
    }

    public Optional<AccountNodes> accountNodes() {
        return Optional.ofNullable(accountNodes.get());
    }

    public void addFeature(String var) {
        features.add(var);
    }

    public void removeFeature(String var) {
        features.remove(var);
    }

    public void addIdentity(DiscoIdentity identity) {
        identities.add(identity);
    }

    public void removeIdentity(DiscoIdentity identity) {
        identities.remove(identity);
    }

    /** Sorted, as XEP-0115 hashing and human readers both like. */
    public Set<String> features() {
        return new TreeSet<>(features);
    }

    public List<DiscoIdentity> identities() {
        return List.copyOf(identities);
    }

    public void addAccountFeature(String var) {
        accountFeatures.add(var);
    }

    public void removeAccountFeature(String var) {
        accountFeatures.remove(var);
    }

    public void addAccountIdentity(DiscoIdentity identity) {
        accountIdentities.add(identity);
    }

    public void removeAccountIdentity(DiscoIdentity identity) {
        accountIdentities.remove(identity);
    }

    public void addService(ServiceItem item) {
        services.add(item);
    }

    public void removeService(ServiceItem item) {
        services.remove(item);
    }

    /** What disco#info of an account's bare JID adds to {@code account/registered}, sorted. */
    public Set<String> accountFeatures() {
        return new TreeSet<>(accountFeatures);
    }

    public List<DiscoIdentity> accountIdentities() {
        return List.copyOf(accountIdentities);
    }

    /** The services listed in the disco#items of {@code domain}. */
    public List<ServiceItem> services(String domain) {
        return services.stream().filter(s -> s.domain().equals(domain)).toList();
    }
}
