package causse.server.modules.blocking;

import causse.jid.Jid;
import causse.jid.JidFormatException;
import causse.module.HookPoint;
import causse.module.IqRequest;
import causse.module.IqScope;
import causse.module.Module;
import causse.module.ModuleContext;
import causse.module.SessionListener;
import causse.session.ClientSession;
import causse.session.SessionKey;
import causse.stanza.Stanza;
import causse.stanza.StanzaError;
import causse.stanza.StanzaErrorCondition;
import causse.storage.BlockListStore;
import causse.storage.RosterStore;
import causse.storage.Subscription;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocking Command (XEP-0191): the block list IQs with their pushes, and the enforcement of the lists on every
 * stanza from or to a blocking account ({@link BlockingFilter}).
 */
public final class BlockingModule implements Module {
    public static final String NAMESPACE = "urn:xmpp:blocking";
    public static final String ERRORS_NAMESPACE = "urn:xmpp:blocking:errors";
    /** Runs before the other modules' hooks, so that a blocked stanza reaches none of them. */
    static final int HOOK_ORDER = 10;
    private static final Logger log = LoggerFactory.getLogger(BlockingModule.class);

    /** Set on a session that asked for the block list: only such sessions get pushes (XEP-0191 §3.3). */
    private final SessionKey<Boolean> interested = new SessionKey<>("blocking.interested");
    private final AtomicLong pushIds = new AtomicLong();
    private final BlockListStore store;
    private final RosterStore rosters;
    private final Executor storage;
    private ModuleContext context;
    private BlockLists lists;

    public BlockingModule(BlockListStore store, RosterStore rosters, Executor storage) {
        this.store = store;
        this.rosters = rosters;
        this.storage = storage;
    }

    @Override
    public String name() {
        return "blocking";
    }

    @Override
    public void start(ModuleContext ctx) {
        this.context = ctx;
        this.lists = new BlockLists(store, ctx.sessions());
        lists.loadOwners();
        BlockingFilter filter = new BlockingFilter(lists, ctx.router(), ctx.sessions(), storage);
        ctx.addFeature(NAMESPACE);
        ctx.registerIq(IqScope.ACCOUNT, "blocklist", NAMESPACE, this::blocklist);
        ctx.registerIq(IqScope.ACCOUNT, "block", NAMESPACE, this::block);
        ctx.registerIq(IqScope.ACCOUNT, "unblock", NAMESPACE, this::unblock);
        ctx.hook(HookPoint.INBOUND, HOOK_ORDER, filter::inbound);
        ctx.hook(HookPoint.OUTBOUND, HOOK_ORDER, filter::outbound);
        ctx.addSessionListener(new SessionListener() {
            @Override
            public void bound(ClientSession session) {
                Jid owner = session.jid().bare();
                if (lists.cacheIfEmpty(owner)) {
                    return;
                }
                try {
                    storage.execute(() -> lists.load(owner));
                } catch (RejectedExecutionException e) {
                    log.warn("Block list of {} not loaded: storage busy; its stanzas are checked one by one", owner);
                }
            }

            @Override
            public void ended(ClientSession session, boolean wasAvailable) {
                Jid owner = session.jid().bare();
                if (ctx.sessions().sessionsOf(owner).isEmpty()) {
                    lists.drop(owner);
                }
            }
        });
    }

    private void blocklist(IqRequest request) {
        if (!checkOwn(request, false)) {
            return;
        }
        ClientSession session = context.sessions().get(request.from());
        if (session != null) {
            session.set(interested, Boolean.TRUE);
        }
        request.answerOn(storage, () -> {
            XmlElement.Builder list = XmlElement.builder("blocklist", NAMESPACE);
            for (String jid : store.blocked(request.to().toString())) {
                list.child(item(jid));
            }
            request.result(list.build());
        });
    }

    private void block(IqRequest request) {
        List<String> jids = items(request);
        if (jids == null || !checkOwn(request, true)) {
            return;
        }
        if (jids.isEmpty()) {
            request.error(StanzaError.of(StanzaErrorCondition.BAD_REQUEST, "Nothing to block"));
            return;
        }
        Jid owner = request.to();
        request.answerOn(storage, () -> {
            lists.willBlock(owner);
            List<String> added = store.block(owner.toString(), jids);
            // Before the cache knows of the block: the filter would otherwise stop this presence too.
            announce(owner, added, false);
            lists.refresh(owner);
            // Pushes first, as with roster pushes: the requester's cache is current when its request returns.
            push(owner, "block", jids);
            request.result(null);
        });
    }

    private void unblock(IqRequest request) {
        List<String> jids = items(request);
        if (jids == null || !checkOwn(request, true)) {
            return;
        }
        Jid owner = request.to();
        request.answerOn(storage, () -> {
            List<String> removed = jids.isEmpty() ? store.unblockAll(owner.toString())
                    : store.unblock(owner.toString(), jids);
            lists.refresh(owner);
            push(owner, "unblock", jids);
            request.result(null);
            announce(owner, removed, true);
        });
    }

    /** The request's item JIDs, normalised; null when one is malformed (the request is then answered). */
    private static List<String> items(IqRequest request) {
        Set<String> out = new LinkedHashSet<>();
        for (XmlElement item : request.payload().elements()) {
            String jid = item.is("item", NAMESPACE) ? item.attribute("jid") : null;
            if (jid == null) {
                request.error(StanzaError.of(StanzaErrorCondition.BAD_REQUEST, "Each item needs a jid"));
                return null;
            }
            try {
                out.add(Jid.parse(jid).toString());
            } catch (JidFormatException e) {
                request.error(StanzaError.of(StanzaErrorCondition.JID_MALFORMED, e.getMessage()));
                return null;
            }
        }
        return new ArrayList<>(out);
    }

    /** Only the account itself reads or changes its block list. */
    private static boolean checkOwn(IqRequest request, boolean set) {
        if (!request.from().bare().equals(request.to())) {
            request.error(StanzaErrorCondition.FORBIDDEN);
            return false;
        }
        if (set != request.isSet()) {
            request.error(StanzaError.of(StanzaErrorCondition.BAD_REQUEST,
                    set ? "Block and unblock are IQ sets" : "The block list is read with an IQ get"));
            return false;
        }
        return true;
    }

    /**
     * XEP-0191 §3.3 and §3.4: on block the user appears unavailable to the contact, on unblock the contact gets
     * the current presence of each available resource again; both only for a contact allowed to receive the
     * user's presence (subscription from or both). Domains are skipped: presence to a domain reaches no user.
     * Runs on the storage executor (roster reads).
     */
    private void announce(Jid owner, List<String> jids, boolean available) {
        List<ClientSession> sessions = context.sessions().sessionsOf(owner).stream()
                .filter(ClientSession::isAvailable).toList();
        for (String jid : sessions.isEmpty() ? List.<String>of() : jids) {
            Jid to = Jid.parse(jid);
            if (to.local() == null || !mayReceivePresence(owner, to)) {
                continue;
            }
            for (ClientSession s : sessions) {
                XmlElement presence = available ? s.presence() : XmlElement.builder("presence", Namespaces.CLIENT)
                        .attribute("type", "unavailable").build();
                if (presence != null) {
                    presence = presence.withAttribute("from", s.jid().toString()).withAttribute("to", jid);
                    context.router().route(new Stanza(Stanza.Kind.PRESENCE, presence, s.jid(), to));
                }
            }
        }
    }

    private boolean mayReceivePresence(Jid owner, Jid contact) {
        return rosters.item(owner.toString(), contact.bare().toString())
                .map(i -> i.subscription() == Subscription.FROM || i.subscription() == Subscription.BOTH)
                .orElse(false);
    }

    private void push(Jid owner, String command, List<String> jids) {
        XmlElement.Builder payload = XmlElement.builder(command, NAMESPACE);
        jids.forEach(j -> payload.child(item(j)));
        XmlElement body = payload.build();
        for (ClientSession s : context.sessions().sessionsOf(owner)) {
            if (Boolean.TRUE.equals(s.get(interested))) {
                s.send(XmlElement.builder("iq", Namespaces.CLIENT).attribute("type", "set")
                        .attribute("id", "block-push-" + pushIds.incrementAndGet())
                        .attribute("from", owner.toString()).attribute("to", s.jid().toString())
                        .child(body).build());
            }
        }
    }

    private static XmlElement item(String jid) {
        return XmlElement.builder("item", NAMESPACE).attribute("jid", jid).build();
    }

}
