package causse.server.modules.vcard;

import causse.jid.Jid;
import causse.module.IqRequest;
import causse.module.IqScope;
import causse.module.Module;
import causse.module.ModuleContext;
import causse.server.config.ModuleOptions;
import causse.stanza.StanzaError;
import causse.stanza.StanzaErrorCondition;
import causse.storage.AccountXmlStore;
import causse.xml.XmlElement;
import causse.xml.XmlParser;
import causse.xml.XmlWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * vCard-temp (XEP-0054): each account's vCard, stored whole as XML text. Anyone may read an account's vCard;
 * only the account itself may replace it.
 */
public final class VcardModule implements Module {
    public static final String NAMESPACE = "vcard-temp";
    static final String KIND = "vcard";

    /** Typed options of the {@code vcard} module. */
    public record Options(int maxSize) {
        public static final int DEFAULT_MAX_SIZE = 262144;

        public static Options from(ModuleOptions o) {
            o.allowOnly(Set.of("max_size"));
            return new Options(o.integer("max_size", DEFAULT_MAX_SIZE, 1024, 16 * 1024 * 1024));
        }
    }

    private final Options options;
    private final AccountXmlStore store;
    private final Executor storage;

    public VcardModule(Options options, AccountXmlStore store, Executor storage) {
        this.options = options;
        this.store = store;
        this.storage = storage;
    }

    @Override
    public String name() {
        return "vcard";
    }

    @Override
    public void start(ModuleContext context) {
        context.addFeature(NAMESPACE);
        context.registerIq(IqScope.ACCOUNT, "vCard", NAMESPACE, this::handle);
    }

    private void handle(IqRequest request) {
        Jid owner = request.to();
        boolean own = request.from().bare().equals(owner);
        if (request.isGet()) {
            request.answerOn(storage, () -> answerGet(request, owner, own));
        } else if (!own) {
            // XEP-0054 §3.2: nobody writes another account's vCard.
            request.error(StanzaErrorCondition.FORBIDDEN);
        } else {
            String xml = XmlWriter.toXml(request.payload());
            if (xml.getBytes(StandardCharsets.UTF_8).length > options.maxSize()) {
                request.error(StanzaError.of(StanzaErrorCondition.NOT_ACCEPTABLE,
                        "The vCard is larger than " + options.maxSize() + " bytes"));
                return;
            }
            request.answerOn(storage, () -> {
                store.put(owner.toString(), KIND, "", xml);
                request.result(null);
            });
        }
    }

    private void answerGet(IqRequest request, Jid owner, boolean own) {
        Optional<String> stored = store.get(owner.toString(), KIND, "");
        if (stored.isPresent()) {
            request.result(XmlParser.parse(stored.get()));
        } else if (own) {
            request.result(XmlElement.empty("vCard", NAMESPACE));
        } else {
            // XEP-0054 §3.3 (1.3): the same error for "no vCard" and "no such account", against harvesting.
            request.error(StanzaErrorCondition.SERVICE_UNAVAILABLE);
        }
    }

}
