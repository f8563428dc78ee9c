package causse.pubsub.pep;

import causse.jid.Jid;
import causse.module.DiscoIdentity;
import causse.module.EntityCaps;
import causse.module.IqScope;
import causse.module.KeyedQueue;
import causse.module.Module;
import causse.module.ModuleContext;
import causse.pubsub.service.AccessRules;
import causse.pubsub.service.Contacts;
import causse.pubsub.service.Node;
import causse.pubsub.service.NodeConfig;
import causse.pubsub.service.PubSubService;
import causse.pubsub.service.ServicePolicy;
import causse.pubsub.xmpp.PubSubDisco;
import causse.pubsub.xmpp.PubSubNamespaces;
import causse.pubsub.xmpp.PubSubRequests;
import causse.pubsub.xmpp.RoutedBroadcaster;
import causse.storage.PubSubStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Personal eventing (XEP-0163): every account is a pubsub service at its bare JID. Publishing creates the
 * node; contacts hear of it through their entity capabilities' {@code +notify} features, and get the last
 * item when their capabilities become known (they came online, or changed their interests).
 */
public final class PepModule implements Module {
    private static final Logger log = LoggerFactory.getLogger(PepModule.class);
    /** PEP's features next to the common ones (XEP-0163 §4.4, §4.6, §4.3, §4.3.1). */
    private static final List<String> PEP_FEATURES = List.of("auto-create", "auto-subscribe",
            "filtered-notifications", "presence-notifications");

    /**
     * @param maxItemsLimit  the largest {@code max_items} an account may set ({@code max} means this)
     * @param maxPayloadSize bytes of one item's payload (avatars are published as PEP items)
     */
    public record Options(int maxItemsLimit, int maxPayloadSize) {
        public static final Options DEFAULTS = new Options(1000, 262_144);
    }

    private final Options options;
    private final PubSubStore store;
    private final Contacts contacts;
    private final EntityCaps caps;
    private final AccessRules access;
    private final KeyedQueue queue;
    private final Clock clock;
    private PubSubService service;

    /** {@code caps}: what local clients announced; PEP notifies nobody implicitly without it. */
    public PepModule(Options options, PubSubStore store, Contacts contacts, EntityCaps caps, Executor storage,
                     Clock clock) {
        this.options = options;
        this.store = store;
        this.contacts = contacts;
        this.caps = caps;
        this.access = new AccessRules(contacts);
        this.queue = new KeyedQueue(storage, "PEP work");
        this.clock = clock;
    }

    @Override
    public String name() {
        return "pep";
    }

    @Override
    public void start(ModuleContext context) {
        ServicePolicy policy = new ServicePolicy(true, NodeConfig.pepDefaults(options.maxPayloadSize()),
                options.maxItemsLimit(), (svc, actor) -> actor.bareString().equals(svc), false);
        PepBroadcaster broadcaster = new PepBroadcaster(new RoutedBroadcaster(context.router()), context.sessions(),
                caps, contacts, access);
        service = new PubSubService(store, broadcaster, contacts, policy, clock);
        service.load(svc -> svc.indexOf('@') > 0);
        PubSubRequests requests = new PubSubRequests(service, queue);
        for (String ns : List.of(PubSubNamespaces.PUBSUB, PubSubNamespaces.OWNER)) {
            context.registerIq(IqScope.ACCOUNT, "pubsub", ns, r -> requests.handle(r, r.to().bareString()));
        }
        // Advertised on accounts (XEP-0163 §3) and, as Prosody and ejabberd do, on the domain, where some
        // clients look (Smack's OMEMO support, for one).
        DiscoIdentity pep = new DiscoIdentity("pubsub", "pep", null);
        context.addAccountIdentity(pep);
        context.addIdentity(pep);
        List<String> features = new ArrayList<>(List.of(PubSubNamespaces.PUBSUB));
        PubSubDisco.FEATURES.forEach(f -> features.add(PubSubNamespaces.PUBSUB + "#" + f));
        PEP_FEATURES.forEach(f -> features.add(PubSubNamespaces.PUBSUB + "#" + f));
        for (String f : features) {
            context.addAccountFeature(f);
            context.addFeature(f);
        }
        context.setAccountNodes(new PepDisco(service, store, access, queue));
        caps.addListener(this::interestsKnown);
        // The account's nodes went with it in the store (AccountStore.delete): forgotten on its queue, after any
        // work of it still waiting there. It also leaves the other accounts' nodes it subscribed to.
        context.addAccountRemovalListener(account -> () -> {
            String owner = account.bareString();
            queue.submit(owner, () -> service.forget(owner));
            service.leaveEverywhere(owner, queue);
        });
    }

    @Override
    public void stop() {
        queue.drain(Duration.ofSeconds(5));
    }

    /**
     * A client's interests became known: the last item of each node it wants (XEP-0163 §4.3.4), from its own
     * account and from each account whose presence it is subscribed to. Runs on the contact's queue for the
     * roster read, then on each owner's queue, as every call on a service must.
     */
    private void interestsKnown(Jid full, Set<String> features) {
        String contact = full.bareString();
        queue.submit(contact, () -> {
            lastItemsOf(contact, contact, full, features);
            for (String owner : contacts.followed(contact)) {
                queue.submit(owner, () -> lastItemsOf(owner, contact, full, features));
            }
        });
    }

    private void lastItemsOf(String owner, String contact, Jid full, Set<String> features) {
        for (Node n : service.nodesOf(owner)) {
            log.debug("Interests of {} known: node {} of {} wanted {}", full, n.name(), owner,
                    features.contains(n.name() + "+notify"));
            if (features.contains(n.name() + "+notify") && (owner.equals(contact) || access.allows(n, contact))) {
                service.sendLastItemOnPresence(n, full.toString());
            }
        }
    }
}
