package causse.server.modules.privatexml;

import causse.jid.Jid;
import causse.module.IqRequest;
import causse.module.IqScope;
import causse.module.Module;
import causse.module.ModuleContext;
import causse.stanza.StanzaError;
import causse.stanza.StanzaErrorCondition;
import causse.storage.AccountXmlStore;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import causse.xml.XmlParser;
import causse.xml.XmlWriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Private XML storage (XEP-0049): per account, XML fragments keyed by their root element's {@code {namespace}name},
 * readable and writable by the account alone.
 */
public final class PrivateXmlModule implements Module {
    public static final String NAMESPACE = "jabber:iq:private";
    static final String KIND = "private";
    /** Namespaces whose elements are stanza syntax or this protocol itself, never private data. */
    private static final Set<String> RESERVED = Set.of(NAMESPACE, Namespaces.CLIENT, Namespaces.SERVER, "");

    private final AccountXmlStore store;
    private final Executor storage;

    public PrivateXmlModule(AccountXmlStore store, Executor storage) {
        this.store = store;
        this.storage = storage;
    }

    @Override
    public String name() {
        return "private";
    }

    @Override
    public void start(ModuleContext context) {
        // XEP-0049 defines no disco feature: clients simply try it.
        context.registerIq(IqScope.ACCOUNT, "query", NAMESPACE, this::handle);
    }

    private void handle(IqRequest request) {
        Jid owner = request.to();
        if (!request.from().bare().equals(owner)) {
            // XEP-0049 §3: forbidden is preferred to service-unavailable for another user's storage.
            request.error(StanzaErrorCondition.FORBIDDEN);
            return;
        }
        List<XmlElement> fragments = request.payload().elements();
        if (request.isGet() && fragments.size() != 1) {
            request.error(StanzaError.of(StanzaErrorCondition.BAD_REQUEST, "A get names exactly one element"));
            return;
        }
        if (fragments.isEmpty()) {
            request.error(StanzaError.of(StanzaErrorCondition.NOT_ACCEPTABLE, "Nothing to store"));
            return;
        }
        for (XmlElement f : fragments) {
            if (RESERVED.contains(f.namespace()) || key(f).length() > AccountXmlStore.MAX_KEY_LENGTH) {
                request.error(StanzaError.of(StanzaErrorCondition.NOT_ACCEPTABLE,
                        "Private data needs a namespace of its own"));
                return;
            }
        }
        if (request.isGet()) {
            request.answerOn(storage, () -> answerGet(request, owner, fragments.get(0)));
        } else {
            request.answerOn(storage, () -> {
                // An IQ set may carry several fragments (XEP-0049 §2.3): each is stored under its own key.
                for (XmlElement f : fragments) {
                    store.put(owner.toString(), KIND, key(f), XmlWriter.toXml(f));
                }
                request.result(null);
            });
        }
    }

    private void answerGet(IqRequest request, Jid owner, XmlElement asked) {
        Optional<String> stored = store.get(owner.toString(), KIND, key(asked));
        XmlElement fragment = stored.map(XmlParser::parse)
                .orElseGet(() -> XmlElement.empty(asked.name(), asked.namespace()));
        request.result(XmlElement.builder("query", NAMESPACE).child(fragment).build());
    }

    private static String key(XmlElement e) {
        return "{" + e.namespace() + "}" + e.name();
    }

}
