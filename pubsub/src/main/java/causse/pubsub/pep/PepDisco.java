package causse.pubsub.pep;

import causse.module.AccountNodes;
import causse.module.IqRequest;
import causse.module.KeyedQueue;
import causse.pubsub.service.AccessRules;
import causse.pubsub.service.Node;
import causse.pubsub.service.PubSubException;
import causse.pubsub.service.PubSubService;
import causse.pubsub.xmpp.PubSubDisco;
import causse.pubsub.xmpp.PubSubRequests;
import causse.stanza.StanzaErrorCondition;
import causse.storage.PubSubStore;
import causse.xml.XmlElement;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Service discovery of an account's PEP nodes (XEP-0060 §5 on the account's bare JID): a node whose access
 * model keeps the requester out is neither listed nor described, as if it did not exist.
 */
final class PepDisco implements AccountNodes {
    private final PubSubService service;
    private final PubSubDisco disco;
    private final AccessRules access;
    private final KeyedQueue queue;

    PepDisco(PubSubService service, PubSubStore store, AccessRules access, KeyedQueue queue) {
        this.service = service;
        this.disco = new PubSubDisco(service, store);
        this.access = access;
        this.queue = queue;
    }

    @Override
    public void info(IqRequest request, String node) {
        String owner = request.to().bareString();
        answer(request, owner, () -> {
            service.find(owner, node).filter(visibleTo(request, owner))
                    .orElseThrow(() -> PubSubException.of(StanzaErrorCondition.ITEM_NOT_FOUND));
            return disco.info(owner, node, "pep", List.of());
        });
    }

    @Override
    public void items(IqRequest request, String node) {
        String owner = request.to().bareString();
        answer(request, owner, () -> disco.items(owner, node, visibleTo(request, owner)));
    }

    private Predicate<Node> visibleTo(IqRequest request, String owner) {
        String requester = request.from().bareString();
        return n -> requester.equals(owner) || access.allows(n, requester);
    }

    /** On the owner's queue, as every call on a service; access checks may read the roster. */
    private void answer(IqRequest request, String owner, Supplier<XmlElement> result) {
        queue.submit(owner, () -> {
            try {
                request.result(result.get());
            } catch (PubSubException e) {
                request.error(PubSubRequests.toError(e));
            }
        }, () -> request.error(StanzaErrorCondition.INTERNAL_SERVER_ERROR));
    }
}
