package causse.server.modules;

import causse.module.DiscoIdentity;
import causse.module.IqRequest;
import causse.module.IqScope;
import causse.module.Module;
import causse.module.ModuleContext;
import causse.server.router.ServerFeatures;
import causse.stanza.StanzaErrorCondition;
import causse.xml.XmlElement;
import java.util.Set;
import java.util.TreeSet;

/**
 * Service discovery (XEP-0030): disco#info and disco#items of the server, built from what the running
 * modules advertise, and the account identity for a user's bare JID (§3.1, "account/registered").
 */
public final class DiscoModule implements Module {
    public static final String INFO = "http://jabber.org/protocol/disco#info";
    public static final String ITEMS = "http://jabber.org/protocol/disco#items";

    private final ServerFeatures features;

    public DiscoModule(ServerFeatures features) {
        this.features = features;
    }

    @Override
    public String name() {
        return "disco";
    }

    @Override
    public void start(ModuleContext context) {
        context.addIdentity(new DiscoIdentity("server", "im", "Causse"));
        context.addFeature(INFO);
        context.addFeature(ITEMS);
        context.registerIq(IqScope.SERVER, "query", INFO, this::serverInfo);
        context.registerIq(IqScope.SERVER, "query", ITEMS, this::serverItems);
        context.registerIq(IqScope.ACCOUNT, "query", INFO, this::accountInfo);
        context.registerIq(IqScope.ACCOUNT, "query", ITEMS, this::accountItems);
    }

    private void serverInfo(IqRequest request) {
        if (!request.isGet() || request.payload().attribute("node") != null) {
            request.error(request.isGet() ? StanzaErrorCondition.ITEM_NOT_FOUND : StanzaErrorCondition.NOT_ALLOWED);
            return;
        }
        XmlElement.Builder query = XmlElement.builder("query", INFO);
        for (DiscoIdentity id : features.identities()) {
            query.child(identity(id));
        }
        for (String var : features.features()) {
            query.child(XmlElement.builder("feature", INFO).attribute("var", var).build());
        }
        request.result(query.build());
    }

    private void serverItems(IqRequest request) {
        if (!request.isGet() || request.payload().attribute("node") != null) {
            request.error(request.isGet() ? StanzaErrorCondition.ITEM_NOT_FOUND : StanzaErrorCondition.NOT_ALLOWED);
            return;
        }
        XmlElement.Builder query = XmlElement.builder("query", ITEMS);
        for (ServerFeatures.ServiceItem service : features.services(request.to().domain())) {
            query.child(XmlElement.builder("item", ITEMS).attribute("jid", service.jid())
                    .attribute("name", service.name()).build());
        }
        request.result(query.build());
    }

    private void accountInfo(IqRequest request) {
        String node = request.payload().attribute("node");
        if (request.isGet() && node != null && features.accountNodes().isPresent()) {
            features.accountNodes().get().info(request, node);
            return;
        }
        if (!request.isGet() || node != null) {
            request.error(request.isGet() ? StanzaErrorCondition.ITEM_NOT_FOUND : StanzaErrorCondition.NOT_ALLOWED);
            return;
        }
        XmlElement.Builder query = XmlElement.builder("query", INFO)
                .child(identity(new DiscoIdentity("account", "registered", null)));
        for (DiscoIdentity id : features.accountIdentities()) {
            query.child(identity(id));
        }
        Set<String> vars = new TreeSet<>(features.accountFeatures());
        vars.add(INFO);
        for (String var : vars) {
            query.child(XmlElement.builder("feature", INFO).attribute("var", var).build());
        }
        request.result(query.build());
    }

    private void accountItems(IqRequest request) {
        if (!request.isGet()) {
            request.error(StanzaErrorCondition.NOT_ALLOWED);
            return;
        }
        if (features.accountNodes().isPresent()) {
            features.accountNodes().get().items(request, request.payload().attribute("node"));
            return;
        }
        request.result(XmlElement.empty("query", ITEMS));
    }

    private static XmlElement identity(DiscoIdentity id) {
        return XmlElement.builder("identity", INFO).attribute("category", id.category())
                .attribute("type", id.type()).attribute("name", id.name()).build();
    }
}
