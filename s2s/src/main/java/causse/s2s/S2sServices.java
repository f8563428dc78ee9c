package causse.s2s;

import causse.routing.StanzaRouter;
import causse.s2s.auth.DialbackKeys;
import causse.s2s.auth.PeerCertificates;
import causse.s2s.auth.S2sTls;
import causse.s2s.dns.SrvResolver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Predicate;

/**
 * What the inbound and outbound streams share; built once by {@link S2sModule}.
 *
 * @param router where stanzas received from peers, and bounces of stanzas that could not be sent, go
 * @param hosted true for a domain this server hosts
 * @param channels every s2s connection, closed when the module stops
 */
public record S2sServices(S2sOptions options, SrvResolver resolver, S2sTls tls, PeerCertificates certificates,
                          DialbackKeys keys, EventLoopGroup group, StanzaRouter router, Predicate<String> hosted,
                          SecureRandom random, ChannelGroup channels, S2sMetrics metrics) {

    /** A fresh unguessable stream id: dialback keys are bound to it (XEP-0220 §4.1). */
    public String newStreamId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
