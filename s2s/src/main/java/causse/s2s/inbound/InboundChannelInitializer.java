package causse.s2s.inbound;

import causse.codec.StanzaEncoder;
import causse.codec.XmppStreamDecoder;
import causse.net.ConnectionLimitHandler;
import causse.net.IpConnectionLimiter;
import causse.net.ReadShaper;
import causse.s2s.S2sServices;
import causse.s2s.outbound.OutboundStreams;
import causse.xml.Namespaces;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SniHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pipeline of one incoming s2s connection, in the order bytes meet it. */
public final class InboundChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger log = LoggerFactory.getLogger(InboundChannelInitializer.class);
    private final S2sServices services;
    private final OutboundStreams outbound;
    private final IpConnectionLimiter limiter;
    private final boolean directTls;

    /** @param limiter the per-address limits, shared by the s2s listeners */
    public InboundChannelInitializer(S2sServices services, OutboundStreams outbound, IpConnectionLimiter limiter,
                                     boolean directTls) {
        this.services = services;
        this.outbound = outbound;
        this.limiter = limiter;
        this.directTls = directTls;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("limit", new ConnectionLimitHandler(limiter, !directTls, Namespaces.SERVER,
                why -> log.debug("Refused an incoming s2s connection from {}: {}", ch.remoteAddress(), why)));
        // a peer sending faster than its share is read from less often
        p.addLast("shaper", new ReadShaper(services.options().incoming().shaper(), System::nanoTime));
        if (directTls) {
            p.addLast("tls", new SniHandler(services.tls().sniMapping()));                  // XEP-0368: certificate by SNI
        }
        p.addLast("decoder", new XmppStreamDecoder(services.options().maxStanzaSize()));   // bytes -> stream events
        p.addLast("encoder", new StanzaEncoder(Namespaces.SERVER));                        // elements -> bytes
        p.addLast("stream", new InboundStreamHandler(services, outbound, directTls));      // negotiation, then stanzas in
    }
}
