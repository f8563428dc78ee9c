package causse.server.modules.blocking;

import causse.jid.Jid;
import causse.routing.StanzaRouter;
import causse.session.ClientSession;
import causse.session.Sessions;
import causse.stanza.Stanza;
import causse.stanza.StanzaError;
import causse.stanza.StanzaErrorCondition;
import causse.xml.XmlElement;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces block lists (XEP-0191 §3.3) as two stanza hooks. Inbound: a stanza from a JID the recipient blocks is
 * dropped, or refused with {@code <service-unavailable/>} for messages and IQ requests, so that the user appears
 * offline to it. Outbound: a stanza the user sends to a JID it blocks is refused with {@code <not-acceptable/>}
 * and {@code <blocked xmlns='urn:xmpp:blocking:errors'/>}.
 *
 * <p>An account with a session has its list in memory. For one without (its messages go offline), the list is read
 * on the storage executor and an allowed stanza routed again, in arrival order; it is then recognised by identity
 * and let through.
 */
final class BlockingFilter {
    private static final Logger log = LoggerFactory.getLogger(BlockingFilter.class);
    private final BlockLists lists;
    private final StanzaRouter router;
    private final Sessions sessions;
    private final Executor storage;
    private final ConcurrentHashMap<Jid, Deque<Stanza>> pending = new ConcurrentHashMap<>();
    private final Set<Stanza> checked = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    /** How many stanzas are being routed again after a check: while none is, {@link #checked} is not looked into. */
    private final AtomicInteger rerouting = new AtomicInteger();

    BlockingFilter(BlockLists lists, StanzaRouter router, Sessions sessions, Executor storage) {
        this.lists = lists;
        this.router = router;
        this.sessions = sessions;
        this.storage = storage;
    }

    boolean inbound(Stanza stanza) {
        Jid from = stanza.from();
        if (from == null || stanza.to() == null || !lists.anyMayBlock()
                || (rerouting.get() > 0 && checked.remove(stanza))) {
            return false;
        }
        Jid owner = stanza.to().bare();
        if (from.bare().equals(owner) || (from.local() == null && !from.hasResource()
                && from.domain().equals(owner.domain()))) {
            // XEP-0191 §5: one's own resources are never blocked; nor is one's own server, whose answers
            // (disco, ping) would otherwise wait on storage in the moment after bind.
            return false;
        }
        if (stanza.kind() == Stanza.Kind.PRESENCE && lists.anyBlocks() && senderBlocksRecipient(stanza)) {
            // Presence the server broadcasts for a user must not reach the contacts that user blocks.
            return true;
        }
        Set<String> list = lists.cached(owner);
        if (list == null || (!pending.isEmpty() && pending.containsKey(owner))) {
            return checkStored(stanza, owner);
        }
        if (!BlockLists.matches(list, from)) {
            return false;
        }
        refuseInbound(stanza);
        return true;
    }

    boolean outbound(Stanza stanza) {
        Jid to = stanza.to();
        if (to == null || !lists.anyBlocks() || to.bare().equals(stanza.from().bare())) {
            return false;
        }
        Set<String> list = lists.cached(stanza.from().bare());
        // COMPAT: a list still loading just after bind lets the client's own stanzas pass rather than stall them.
        if (list == null || !BlockLists.matches(list, to)) {
            return false;
        }
        if (stanza.isError() || (stanza.kind() == Stanza.Kind.IQ && !isRequest(stanza))) {
            return true;
        }
        ClientSession sender = sessions.get(stanza.from());
        if (sender != null) {
            // Straight to the client: routed, the error would come from a blocked JID and be stopped inbound.
            sender.send(blockedError(stanza));
        }
        return true;
    }

    private boolean senderBlocksRecipient(Stanza stanza) {
        Set<String> senderList = lists.cached(stanza.from().bare());
        return senderList != null && BlockLists.matches(senderList, stanza.to());
    }

    /**
     * Queues the stanza for a check against the stored list. One drain per account runs at a time and takes the
     * queue in order, so an account's stanzas keep their order (the storage pool has several threads).
     */
    private boolean checkStored(Stanza stanza, Jid owner) {
        boolean[] first = {false};
        pending.compute(owner, (k, queue) -> {
            Deque<Stanza> q = queue;
            if (q == null) {
                q = new ArrayDeque<>();
                first[0] = true;
            }
            q.add(stanza);
            return q;
        });
        if (first[0]) {
            try {
                storage.execute(() -> drain(owner));
            } catch (RejectedExecutionException e) {
                // Storage is saturated: refusing is safer than delivering what may be blocked.
                for (Stanza s = next(owner); s != null; s = next(owner)) {
                    refuseInbound(s);
                }
            }
        }
        return true;
    }

    private void drain(Jid owner) {
        Set<String> list;
        try {
            list = lists.stored(owner);
        } catch (RuntimeException e) {
            log.warn("Block list of {} unreadable; refusing the stanzas to it", owner, e);
            list = null;
        }
        for (Stanza s = next(owner); s != null; s = next(owner)) {
            if (list == null || BlockLists.matches(list, s.from())) {
                refuseInbound(s);
                continue;
            }
            checked.add(s);
            rerouting.incrementAndGet();
            try {
                router.route(s);
            } finally {
                rerouting.decrementAndGet();
                checked.remove(s);
            }
        }
    }

    /** The account's next queued stanza; the queue goes away only once found empty, so no second drain overtakes. */
    private Stanza next(Jid owner) {
        Stanza[] next = {null};
        pending.computeIfPresent(owner, (k, q) -> {
            next[0] = q.poll();
            return next[0] == null ? null : q;
        });
        return next[0];
    }

    /** XEP-0191 §3.3: presence silently, messages and IQ requests with service-unavailable, the rest dropped. */
    private void refuseInbound(Stanza stanza) {
        boolean answer = switch (stanza.kind()) {
            case PRESENCE -> false;
            case MESSAGE -> !stanza.isError();
            case IQ -> isRequest(stanza);
        };
        if (answer) {
            router.route(StanzaError.of(StanzaErrorCondition.SERVICE_UNAVAILABLE).replyTo(stanza, stanza.to()));
        }
    }

    private static XmlElement blockedError(Stanza stanza) {
        return StanzaError.of(StanzaErrorCondition.NOT_ACCEPTABLE)
                .withApplicationCondition(XmlElement.empty("blocked", BlockingModule.ERRORS_NAMESPACE))
                .replyTo(stanza, stanza.to()).element();
    }

    private static boolean isRequest(Stanza iq) {
        return iq.type().equals("get") || iq.type().equals("set");
    }
}
