package causse.server.modules;

import causse.module.IqScope;
import causse.module.Module;
import causse.module.ModuleContext;
import causse.server.config.ModuleOptions;
import causse.stanza.StanzaErrorCondition;
import causse.xml.XmlElement;
import java.util.Set;

/** Software Version (XEP-0092). The operating system is left out unless {@code show_os} is set: it helps attackers more than users. */
public final class VersionModule implements Module {
    public static final String NAMESPACE = "jabber:iq:version";

    /** Typed options of the {@code version} module. */
    public record Options(String name, boolean showOs) {
        public static Options from(ModuleOptions o) {
            o.allowOnly(Set.of("enabled", "name", "show_os"));
            return new Options(o.string("name", "Causse"), o.bool("show_os", false));
        }
    }

    private final Options options;
    private final String version;

    public VersionModule(Options options, String version) {
        this.options = options;
        this.version = version;
    }

    @Override
    public String name() {
        return "version";
    }

    @Override
    public void start(ModuleContext context) {
        context.addFeature(NAMESPACE);
        context.registerIq(IqScope.SERVER, "query", NAMESPACE, request -> {
            if (!request.isGet()) {
                request.error(StanzaErrorCondition.BAD_REQUEST);
                return;
            }
            XmlElement.Builder query = XmlElement.builder("query", NAMESPACE)
                    .textChild("name", NAMESPACE, options.name()).textChild("version", NAMESPACE, version);
            if (options.showOs()) {
                query.textChild("os", NAMESPACE, System.getProperty("os.name") + " " + System.getProperty("os.version"));
            }
            request.result(query.build());
        });
    }
}
