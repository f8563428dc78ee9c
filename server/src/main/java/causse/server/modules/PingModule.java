package causse.server.modules;

import causse.module.IqScope;
import causse.module.Module;
import causse.module.ModuleContext;
import causse.stanza.StanzaErrorCondition;

/** XMPP Ping (XEP-0199): the server answers pings addressed to it. */
public final class PingModule implements Module {
    public static final String NAMESPACE = "urn:xmpp:ping";

    @Override
    public String name() {
        return "ping";
    }

    @Override
    public void start(ModuleContext context) {
        context.addFeature(NAMESPACE);
        context.registerIq(IqScope.SERVER, "ping", NAMESPACE, request -> {
            if (request.isGet()) {
                request.result(null);
            } else {
                request.error(StanzaErrorCondition.BAD_REQUEST);
            }
        });
    }
}
