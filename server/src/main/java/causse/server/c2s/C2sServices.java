package causse.server.c2s;

import causse.sasl.SaslMechanism;
import causse.server.config.AuthConfig;
import causse.server.config.ClientStateConfig;
import causse.server.config.LimitsConfig;
import causse.server.config.ListenerConfig;
import causse.server.config.StreamManagementConfig;
import causse.server.router.IqDispatcher;
import causse.server.router.LocalRouter;
import causse.server.router.StanzaHooks;
import causse.server.session.SessionRegistry;
import causse.tls.TlsContexts;
import io.netty.channel.group.ChannelGroup;
import java.security.SecureRandom;
import java.util.List;

/**
 * What every c2s connection of one listener shares. Built once by the composition root.
 *
 * @param mechanisms the SASL mechanisms in order of preference, already limited to the configured ones
 * @param hostedDomains lower-case domains this server serves; the first is the default for a stream without {@code to}
 */
public record C2sServices(ListenerConfig listener, AuthConfig auth, LimitsConfig limits, List<String> hostedDomains,
                          TlsContexts tls, List<SaslMechanism> mechanisms, SessionRegistry sessions,
                          LocalRouter router, IqDispatcher iqs, StanzaHooks hooks, ChannelGroup channels,
                          SecureRandom random, C2sMetrics metrics, AuthThrottle authThrottle,
                          StreamManagementConfig streamManagement, ResumableSessions resumable,
                          ClientStateConfig clientState) {

    public boolean hosts(String domain) {
        return hostedDomains.contains(domain);
    }

    SaslMechanism mechanism(String name) {
        for (SaslMechanism m : mechanisms) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }
}
