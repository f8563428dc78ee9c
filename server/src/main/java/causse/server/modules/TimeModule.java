package causse.server.modules;

import causse.module.IqScope;
import causse.module.Module;
import causse.module.ModuleContext;
import causse.stanza.StanzaErrorCondition;
import causse.xml.XmlElement;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Entity Time (XEP-0202): the server's UTC time and its zone offset, in XEP-0082 format. */
public final class TimeModule implements Module {
    public static final String NAMESPACE = "urn:xmpp:time";
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx");

    private final Clock clock;

    public TimeModule(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "time";
    }

    @Override
    public void start(ModuleContext context) {
        context.addFeature(NAMESPACE);
        context.registerIq(IqScope.SERVER, "time", NAMESPACE, request -> {
            if (!request.isGet()) {
                request.error(StanzaErrorCondition.BAD_REQUEST);
                return;
            }
            ZonedDateTime now = ZonedDateTime.now(clock);
            request.result(XmlElement.builder("time", NAMESPACE)
                    .textChild("tzo", NAMESPACE, OFFSET.format(now))
                    .textChild("utc", NAMESPACE, now.toInstant().truncatedTo(ChronoUnit.MILLIS).toString())
                    .build());
        });
    }
}
