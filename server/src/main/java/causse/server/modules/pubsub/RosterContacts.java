package causse.server.modules.pubsub;

import causse.pubsub.service.Contacts;
import causse.storage.RosterStore;
import causse.storage.Subscription;
import java.util.Set;

/** What pubsub's access models and PEP need of local rosters, read from the roster store (blocking calls). */
public final class RosterContacts implements Contacts {
    private final RosterStore rosters;

    public RosterContacts(RosterStore rosters) {
        this.rosters = rosters;
    }

    @Override
    public boolean seesPresence(String owner, String jid) {
        return rosters.item(owner, jid).map(i -> hasFrom(i.subscription())).orElse(false);
    }

    @Override
    public Set<String> groups(String owner, String jid) {
        return rosters.item(owner, jid).map(i -> Set.copyOf(i.groups())).orElse(Set.of());
    }

    private static boolean hasFrom(Subscription s) {
        return s == Subscription.FROM || s == Subscription.BOTH;
    }
}
