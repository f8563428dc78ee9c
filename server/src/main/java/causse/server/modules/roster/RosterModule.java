package causse.server.modules.roster;

import causse.jid.Jid;
import causse.module.IqRequest;
import causse.module.IqScope;
import causse.module.Module;
import causse.module.ModuleContext;
import causse.server.config.ModuleOptions;
import causse.session.ClientSession;
import causse.stanza.StanzaError;
import causse.stanza.StanzaErrorCondition;
import causse.storage.Roster;
import causse.storage.RosterItem;
import causse.storage.RosterStore;
import causse.xml.XmlElement;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Roster management (RFC 6121 §2): roster get with versioning (§2.6), roster set and remove, and the pushes
 * that tell every interested resource of the change. Removing a contact also cancels the subscriptions both
 * ways (§2.5.2). Store work runs on the account's queue, never on the event loop.
 */
public final class RosterModule implements Module {
    public static final String NAMESPACE = RosterXml.NAMESPACE;
    /** The stream feature that tells clients to send {@code ver} (RFC 6121 §2.6.1). */
    public static final String VERSIONING_FEATURE = "urn:xmpp:features:rosterver";

    /** Typed options of the {@code roster} module. */
    public record Options(int maxItems) {
        public static Options from(ModuleOptions o) {
            o.allowOnly(Set.of(ModuleOptions.ENABLED, "max_items"));
            return new Options(o.integer("max_items", 2000, 1, 100_000));
        }
    }

    private final Options options;
    private final Rosters rosters;
    private ModuleContext context;

    public RosterModule(Options options, Rosters rosters) {
        this.options = options;
        this.rosters = rosters;
    }

    @Override
    public String name() {
        return "roster";
    }

    @Override
    public void start(ModuleContext context) {
        this.context = context;
        context.registerIq(IqScope.ACCOUNT, "query", NAMESPACE, this::handle);
        context.addPostAuthFeature(XmlElement.empty("ver", VERSIONING_FEATURE));
    }

    @Override
    public void stop() {
        rosters.queue().drain(Duration.ofSeconds(5));
    }

    private void handle(IqRequest request) {
        // Only the account itself reads or writes its roster (RFC 6121 §2.1.5, §2.3.3).
        if (!request.from().bare().equals(request.to())) {
            request.error(StanzaErrorCondition.FORBIDDEN);
            return;
        }
        String owner = request.to().toString();
        if (request.isGet()) {
            ClientSession session = context.sessions().get(request.from());
            if (session != null) {
                rosters.markInterested(session);
            }
            String clientVer = request.payload().attribute("ver");
            rosters.queue().submit(owner, () -> answerGet(request, owner, clientVer), () -> failed(request));
            return;
        }
        RosterXml.RosterSet set;
        try {
            set = RosterXml.parseSet(request.payload());
        } catch (RosterXml.Refused e) {
            request.error(StanzaError.of(e.condition, e.getMessage()));
            return;
        }
        Runnable task = set.remove() ? () -> remove(request, owner, set.contact()) : () -> update(request, owner, set);
        rosters.queue().submit(owner, task, () -> failed(request));
    }

    private void answerGet(IqRequest request, String owner, String clientVer) {
        Roster roster = rosters.store().roster(owner);
        if (clientVer == null) {
            request.result(RosterXml.query(null, roster.items().stream().map(RosterXml::item).toList()));
            return;
        }
        String ver = rosters.ver(owner, roster.version());
        if (ver.equals(clientVer)) {
            // The client's cached roster is current; pushes will bring later changes (RFC 6121 §2.6.3).
            request.result(null);
        } else {
            request.result(RosterXml.query(ver, roster.items().stream().map(RosterXml::item).toList()));
        }
    }

    private void update(IqRequest request, String owner, RosterXml.RosterSet set) {
        RosterStore store = rosters.store();
        String contact = set.contact().toString();
        Optional<RosterItem> old = store.item(owner, contact);
        if (old.isEmpty() && store.roster(owner).items().size() >= options.maxItems()) {
            request.error(StanzaError.of(StanzaErrorCondition.NOT_ALLOWED, "The roster is full"));
            return;
        }
        // The user sets name and groups only; subscription state belongs to the server (RFC 6121 §2.1.2.5).
        RosterItem item = old.orElse(RosterItem.of(contact)).withName(set.name()).withGroups(set.groups());
        long version = store.put(owner, item);
        request.result(null);
        rosters.push(context.sessions(), owner, contact, item, version);
    }

    private void remove(IqRequest request, String owner, Jid contact) {
        RosterStore store = rosters.store();
        String contactString = contact.toString();
        Optional<RosterItem> old = store.item(owner, contactString);
        boolean pendingIn = store.pendingRequests(owner).stream().anyMatch(p -> p.contact().equals(contactString));
        if (old.isEmpty() && !pendingIn) {
            request.error(StanzaErrorCondition.ITEM_NOT_FOUND);
            return;
        }
        long version = store.remove(owner, contactString);
        store.removePendingRequest(owner, contactString);
        RosterItem item = old.orElse(RosterItem.of(contactString)).withPendingIn(pendingIn);
        cancelSubscriptions(Jid.parse(owner), contact, item);
        Runnable answer = () -> request.result(null);
        if (context.isLocal(contact.domain())) {
            if (old.isPresent()) {
                rosters.push(context.sessions(), owner, contactString, null, version);
            }
            // A client that acts on the result (subscribes again, say) must not be overtaken by its own
            // removal's unsubscribe/unsubscribed. Routing them only queued their handling on the contact's
            // account queue, which runs in order: the result waits behind it there.
            rosters.queue().submit(contactString, answer, answer);
        } else {
            answer.run();
            if (old.isPresent()) {
                rosters.push(context.sessions(), owner, contactString, null, version);
            }
        }
    }

    /** RFC 6121 §2.5.2: the contact learns that both directions of the subscription are gone. */
    private void cancelSubscriptions(Jid owner, Jid contact, RosterItem item) {
        if (SubscriptionStateMachine.hasTo(item) || item.pendingOut()) {
            context.router().route(PresenceStanzas.subscription(owner, contact, "unsubscribe"));
        }
        if (SubscriptionStateMachine.hasFrom(item) || item.pendingIn()) {
            context.router().route(PresenceStanzas.subscription(owner, contact, "unsubscribed"));
            PresenceStanzas.unavailableFromEach(context.sessions(), owner, contact).forEach(context.router()::route);
        }
    }

    private static void failed(IqRequest request) {
        request.error(StanzaErrorCondition.INTERNAL_SERVER_ERROR);
    }
}
