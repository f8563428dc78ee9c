package causse.pubsub.xmpp;

import causse.jid.Jid;
import causse.pubsub.service.Broadcaster;
import causse.pubsub.service.Node;
import causse.pubsub.service.NodeEvent;
import causse.pubsub.service.Subscription;
import causse.routing.StanzaRouter;
import causse.xml.XmlElement;
import java.util.Collection;
import java.util.List;

/**
 * Delivers events as messages through the router, from the service's JID: the event element is built once
 * and shared by every recipient's message.
 */
public final class RoutedBroadcaster implements Broadcaster {
    private final StanzaRouter router;

    public RoutedBroadcaster(StanzaRouter router) {
        this.router = router;
    }

    @Override
    public void send(Node node, NodeEvent event, Collection<String> recipients) {
        if (recipients.isEmpty()) {
            return;
        }
        List<XmlElement> payload = EventStanzas.payload(event);
        Jid from = Jid.parse(node.service());
        for (String to : recipients) {
            router.route(EventStanzas.message(from, Jid.parse(to), node.config().notificationType(), payload));
        }
    }

    @Override
    public void askApproval(Node node, Subscription pending, Collection<String> owners) {
        List<XmlElement> form = EventStanzas.approvalForm(node.name(), pending);
        Jid from = Jid.parse(node.service());
        for (String owner : owners) {
            router.route(EventStanzas.message(from, Jid.parse(owner), "normal", form));
        }
    }
}
