package causse.server.router;

import causse.module.DiscoIdentity;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;

/** The identities and features that disco#info reports for the server; written by modules as they start and stop. */
public final class ServerFeatures {
    private final Set<String> features = new CopyOnWriteArraySet<>();
    private final List<DiscoIdentity> identities = new CopyOnWriteArrayList<>();

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
}
