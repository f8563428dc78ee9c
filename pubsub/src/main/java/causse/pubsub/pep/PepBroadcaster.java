package causse.pubsub.pep;

import causse.jid.Jid;
import causse.module.EntityCaps;
import causse.pubsub.service.AccessRules;
import causse.pubsub.service.Broadcaster;
import causse.pubsub.service.Contacts;
import causse.pubsub.service.Node;
import causse.pubsub.service.NodeEvent;
import causse.pubsub.service.Subscription;
import causse.session.ClientSession;
import causse.session.Sessions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PEP's notifications (XEP-0163 §4.3): to explicit subscribers, and to every available resource of the owner
 * and of the owner's presence subscribers that the access model lets in and whose entity capabilities carry
 * {@code <node>+notify} ("filtered notifications").
 */
final class PepBroadcaster implements Broadcaster {
    private static final Logger log = LoggerFactory.getLogger(PepBroadcaster.class);
    private final Broadcaster delivery;
    private final Sessions sessions;
    private final EntityCaps caps;
    private final Contacts contacts;
    private final AccessRules access;

    PepBroadcaster(Broadcaster delivery, Sessions sessions, EntityCaps caps, Contacts contacts, AccessRules access) {
        this.delivery = delivery;
        this.sessions = sessions;
        this.caps = caps;
        this.contacts = contacts;
        this.access = access;
    }

    @Override
    public void send(Node node, NodeEvent event, Collection<String> recipients) {
        // A subscription change concerns its subscriber only; a delayed last item was meant for one JID.
        boolean forOne = event instanceof NodeEvent.SubscriptionChanged
                || event instanceof NodeEvent.Published p && p.delayed();
        Set<String> to = new LinkedHashSet<>(recipients);
        if (!forOne) {
            to.addAll(interested(node, recipients));
        }
        if (log.isDebugEnabled()) {
            log.debug("{} of {} node {}: to {}", event.getClass().getSimpleName(), node.service(), node.name(), to);
        }
        delivery.send(node, event, to);
    }

    @Override
    public void askApproval(Node node, Subscription pending, Collection<String> owners) {
        delivery.askApproval(node, pending, owners);
    }

    /**
     * The available full JIDs that asked for the node's events through their caps and may see them, leaving
     * out accounts an explicit bare-JID subscription already reaches (they would get every event twice).
     */
    private List<String> interested(Node node, Collection<String> explicit) {
        Set<String> reachedAsBare = new HashSet<>();
        for (String r : explicit) {
            if (r.indexOf('/') < 0) {
                reachedAsBare.add(r);
            }
        }
        String notify = node.name() + "+notify";
        List<String> candidates = new ArrayList<>();
        candidates.add(node.service());
        candidates.addAll(contacts.subscribers(node.service()));
        List<String> out = new ArrayList<>();
        for (String bare : candidates) {
            if (reachedAsBare.contains(bare)) {
                continue;
            }
            List<String> wanting = new ArrayList<>();
            for (ClientSession s : sessions.sessionsOf(Jid.parse(bare))) {
                if (s.isAvailable() && caps.features(s.jid()).contains(notify)) {
                    wanting.add(s.jid().toString());
                }
            }
            // The access check may read the roster: only for contacts that want the node at all.
            if (!wanting.isEmpty() && (bare.equals(node.service()) || access.allows(node, bare))) {
                out.addAll(wanting);
            }
        }
        return out;
    }
}
