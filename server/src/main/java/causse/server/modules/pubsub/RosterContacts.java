package causse.server.modules.pubsub;

import causse.pubsub.service.Contacts;
import causse.storage.RosterItem;
import causse.storage.RosterStore;
import causse.storage.Subscription;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

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

    @Override
    public List<String> subscribers(String owner) {
        return contacts(owner, i -> hasFrom(i.subscription()));
    }

    @Override
    public List<String> followed(String jid) {
        return contacts(jid, i -> i.subscription() == Subscription.TO || i.subscription() == Subscription.BOTH);
    }

    private List<String> contacts(String owner, Predicate<RosterItem> which) {
        if (owner.indexOf('@') < 0) {
            return List.of();
        }
        return rosters.roster(owner).items().stream().filter(which).map(RosterItem::contact).toList();
    }

    private static boolean hasFrom(Subscription s) {
        return s == Subscription.FROM || s == Subscription.BOTH;
    }
}
