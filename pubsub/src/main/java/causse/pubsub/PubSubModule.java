package causse.pubsub;

import causse.module.IqRequest;
import causse.module.KeyedQueue;
import causse.module.Module;
import causse.module.ModuleContext;
import causse.pubsub.service.Contacts;
import causse.pubsub.service.NodeConfig;
import causse.pubsub.service.PubSubException;
import causse.pubsub.service.PubSubService;
import causse.pubsub.service.ServicePolicy;
import causse.pubsub.xmpp.DataForms;
import causse.pubsub.xmpp.PubSubDisco;
import causse.pubsub.xmpp.PubSubNamespaces;
import causse.pubsub.xmpp.PubSubRequests;
import causse.pubsub.xmpp.RoutedBroadcaster;
import causse.routing.StanzaRouter;
import causse.stanza.Stanza;
import causse.stanza.StanzaErrorCondition;
import causse.storage.PubSubStore;
import causse.xml.XmlElement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The XEP-0060 publish-subscribe service at {@code <prefix>.<domain>} for every hosted domain: wiring only,
 * the rules live in {@link PubSubService}.
 */
public final class PubSubModule implements Module {
    /**
     * @param prefix         the service is {@code prefix.<domain>}
     * @param creators       bare JIDs allowed to create nodes; empty: every account of a hosted domain
     * @param maxItems       {@code max_items} of a new node
     * @param maxItemsLimit  the largest {@code max_items} an owner may set ({@code max} means this)
     * @param maxPayloadSize bytes of one item's payload
     * @param notifySubscriptionChanges send subscribers the §8.6.2 subscription state notifications (see
     *     {@link ServicePolicy}: off by default, Smack clients cannot parse them)
     */
    public record Options(String prefix, Set<String> creators, int maxItems, int maxItemsLimit, int maxPayloadSize,
                          boolean notifySubscriptionChanges) {
        public static final Options DEFAULTS = new Options("pubsub", Set.of(), 100, 10_000, 65_536, false);
    }

    private final Options options;
    private final PubSubStore store;
    private final Contacts contacts;
    private final KeyedQueue queue;
    private final Clock clock;
    private PubSubService service;
    private PubSubRequests requests;
    private PubSubDisco disco;

    public PubSubModule(Options options, PubSubStore store, Contacts contacts, Executor storage, Clock clock) {
        this.options = options;
        this.store = store;
        this.contacts = contacts;
        this.queue = new KeyedQueue(storage, "PubSub work");
        this.clock = clock;
    }

    @Override
    public String name() {
        return "pubsub";
    }

    @Override
    public void start(ModuleContext context) {
        ServicePolicy policy = new ServicePolicy(false,
                NodeConfig.serviceDefaults(options.maxItems(), options.maxPayloadSize()), options.maxItemsLimit(),
                (svc, actor) -> options.creators().isEmpty()
                        ? context.isLocal(actor.domain()) && actor.local() != null
                        : options.creators().contains(actor.bareString()),
                options.notifySubscriptionChanges());
        service = new PubSubService(store, new RoutedBroadcaster(context.router()), contacts, policy, clock);
        service.load(svc -> svc.startsWith(options.prefix() + ".") && !svc.contains("@"));
        requests = new PubSubRequests(service, queue);
        disco = new PubSubDisco(service, store);
        context.registerService(options.prefix(), "Publish-Subscribe", stanza -> route(context.router(), stanza));
        context.addAccountRemovalListener(account -> () -> service.leaveEverywhere(account.bareString(), queue));
    }

    @Override
    public void stop() {
        queue.drain(Duration.ofSeconds(5));
    }

    /** Every stanza addressed to the service's domain. */
    private void route(StanzaRouter router, Stanza stanza) {
        String svc = stanza.to().domain();
        switch (stanza.kind()) {
            case IQ -> {
                if (!stanza.type().equals("get") && !stanza.type().equals("set")) {
                    return;
                }
                IqRequest request = new IqRequest(stanza, stanza.to(), router);
                XmlElement payload = request.payload();
                if (payload == null || stanza.to().local() != null || stanza.to().hasResource()) {
                    request.error(StanzaErrorCondition.SERVICE_UNAVAILABLE);
                } else if (payload.namespace().equals(PubSubNamespaces.PUBSUB)
                        || payload.namespace().equals(PubSubNamespaces.OWNER)) {
                    requests.handle(request, svc);
                } else if (request.isGet() && payload.is("query", PubSubNamespaces.DISCO_INFO)) {
                    answer(request, svc, () -> disco.info(svc, payload.attribute("node"), "service", List.of()));
                } else if (request.isGet() && payload.is("query", PubSubNamespaces.DISCO_ITEMS)) {
                    answer(request, svc, () -> disco.items(svc, payload.attribute("node"), n -> true));
                } else {
                    request.error(StanzaErrorCondition.SERVICE_UNAVAILABLE);
                }
            }
            case MESSAGE -> {
                if (!stanza.isError()) {
                    queue.submit(svc, () -> approval(svc, stanza));
                }
            }
            case PRESENCE -> { }
        }
    }

    private void answer(IqRequest request, String svc, java.util.function.Supplier<XmlElement> result) {
        queue.submit(svc, () -> {
            try {
                request.result(result.get());
            } catch (PubSubException e) {
                request.error(PubSubRequests.toError(e));
            }
        }, () -> request.error(StanzaErrorCondition.INTERNAL_SERVER_ERROR));
    }

    /** An owner's answer to a subscription approval request (XEP-0060 §8.6.2), as a message with the form. */
    private void approval(String svc, Stanza message) {
        XmlElement form = message.element().child("x", PubSubNamespaces.DATA);
        if (form == null || !"submit".equals(form.attribute("type"))) {
            return;
        }
        Map<String, List<String>> v = DataForms.values(form);
        if (!List.of(PubSubNamespaces.PUBSUB + "#subscribe_authorization").equals(v.get("FORM_TYPE"))) {
            return;
        }
        try {
            service.administration().approve(svc, message.from(), DataForms.one(v, "pubsub#node"),
                    DataForms.one(v, "pubsub#subscriber_jid"), DataForms.one(v, "pubsub#subid"),
                    List.of("1").equals(v.get("pubsub#allow")) || List.of("true").equals(v.get("pubsub#allow")));
        } catch (PubSubException e) {
            // A stale or forged answer changes nothing; there is no request to answer with an error.
        }
    }
}
