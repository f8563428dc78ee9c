package causse.pubsub.xmpp;

import static causse.pubsub.xmpp.PubSubNamespaces.OWNER;

import causse.jid.Jid;
import causse.module.IqRequest;
import causse.pubsub.service.Affiliation;
import causse.pubsub.service.NodeChecks;
import causse.pubsub.service.NodeConfig;
import causse.pubsub.service.PubSubException;
import causse.pubsub.service.PubSubService;
import causse.pubsub.service.Subscription;
import causse.pubsub.service.SubscriptionState;
import causse.stanza.StanzaErrorCondition;
import causse.xml.XmlElement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The owner use cases of XEP-0060 §8 ({@code pubsub#owner} payloads). */
final class OwnerRequests {
    private final PubSubService service;

    OwnerRequests(PubSubService service) {
        this.service = service;
    }

    XmlElement handle(IqRequest request, String svc, XmlElement verb) {
        Jid actor = request.from();
        String node = verb.attribute("node");
        String action = (request.isSet() ? "set " : "get ") + verb.name();
        return switch (action) {
            case "get configure" -> owner(XmlElement.builder("configure", OWNER).attribute("node", node)
                    .child(configForm(service.configuration(svc, actor, node))).build());
            case "set configure" -> {
                XmlElement form = DataForms.formIn(verb);
                if (form == null) {
                    throw PubSubException.of(StanzaErrorCondition.BAD_REQUEST);
                }
                if (!"cancel".equals(form.attribute("type"))) {
                    Map<String, List<String>> values = DataForms.values(form);
                    if (DataForms.hasOtherType(values, NodeConfig.FORM_TYPE)) {
                        throw PubSubException.of(StanzaErrorCondition.BAD_REQUEST);
                    }
                    service.configure(svc, actor, node, values);
                }
                yield null;
            }
            case "get default" -> {
                NodeChecks.checkLeaf(DataForms.values(DataForms.formIn(verb))); // §8.3.2: a node type may be asked
                yield owner(XmlElement.builder("default", OWNER).child(configForm(service.policy().defaults())).build());
            }
            case "set delete" -> {
                XmlElement redirect = verb.child("redirect", OWNER);
                service.delete(svc, actor, node, redirect == null ? null : redirect.attribute("uri"));
                yield null;
            }
            case "set purge" -> {
                service.purge(svc, actor, node);
                yield null;
            }
            case "get subscriptions" -> {
                XmlElement.Builder list = XmlElement.builder("subscriptions", OWNER).attribute("node", node);
                for (Subscription s : service.administration().subscriptions(svc, actor, node)) {
                    list.child(XmlElement.builder("subscription", OWNER).attribute("jid", s.jid())
                            .attribute("subscription", s.state().value()).attribute("subid", s.subid()).build());
                }
                yield owner(list.build());
            }
            case "set subscriptions" -> {
                // §8.8.2.4: the valid entries are applied, an invalid one makes the answer <not-acceptable/>.
                Map<String, SubscriptionState> changes = new LinkedHashMap<>();
                boolean invalid = false;
                for (XmlElement s : verb.elements()) {
                    SubscriptionState state = SubscriptionState.of(s.attribute("subscription"));
                    if (state == null || state == SubscriptionState.PENDING) {
                        invalid = true;
                    } else {
                        changes.put(PubSubRequests.jidAttribute(s).toString(), state);
                    }
                }
                service.administration().setSubscriptions(svc, actor, node, changes);
                if (invalid) {
                    throw PubSubException.of(StanzaErrorCondition.NOT_ACCEPTABLE);
                }
                yield null;
            }
            case "get affiliations" -> {
                XmlElement.Builder list = XmlElement.builder("affiliations", OWNER).attribute("node", node);
                service.administration().affiliations(svc, actor, node).forEach((jid, a) ->
                        list.child(XmlElement.builder("affiliation", OWNER).attribute("jid", jid)
                                .attribute("affiliation", a.attribute()).build()));
                yield owner(list.build());
            }
            case "set affiliations" -> {
                // §8.9.2.4: one element per entity, else <bad-request/>; the valid entries are applied and an
                // invalid one makes the answer <not-acceptable/>.
                Map<String, Affiliation> changes = new LinkedHashMap<>();
                Set<String> seen = new HashSet<>();
                boolean invalid = false;
                for (XmlElement a : verb.elements()) {
                    Affiliation affiliation = Affiliation.of(a.attribute("affiliation"));
                    String jid = PubSubRequests.jidAttribute(a).bareString();
                    if (!seen.add(jid)) {
                        throw PubSubException.of(StanzaErrorCondition.BAD_REQUEST);
                    }
                    if (affiliation == null) {
                        invalid = true;
                    } else {
                        changes.put(jid, affiliation);
                    }
                }
                service.administration().setAffiliations(svc, actor, node, changes);
                if (invalid) {
                    throw PubSubException.of(StanzaErrorCondition.NOT_ACCEPTABLE);
                }
                yield null;
            }
            default -> throw PubSubException.of(StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED);
        };
    }

    private static XmlElement configForm(NodeConfig config) {
        return DataForms.form("form", NodeConfig.FORM_TYPE, config.fields());
    }

    private static XmlElement owner(XmlElement child) {
        return XmlElement.builder("pubsub", OWNER).child(child).build();
    }
}
