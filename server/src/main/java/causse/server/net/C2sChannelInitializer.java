package causse.server.net;

import causse.codec.StanzaEncoder;
import causse.codec.XmppStreamDecoder;
import causse.net.ConnectionLimitHandler;
import causse.net.IpConnectionLimiter;
import causse.net.ReadShaper;
import causse.server.c2s.C2sServices;
import causse.server.c2s.C2sStreamHandler;
import causse.server.config.ListenerType;
import causse.xml.Namespaces;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SniHandler;

/** The c2s pipeline, one handler per job, in the order bytes meet them. */
public final class C2sChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final C2sServices services;
    private final IpConnectionLimiter limiter;

    public C2sChannelInitializer(C2sServices services, IpConnectionLimiter limiter) {
        this.services = services;
        this.limiter = limiter;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        boolean directTls = services.listener().type() == ListenerType.C2S_DIRECT_TLS;
        p.addLast("limit", new ConnectionLimitHandler(limiter, !directTls, Namespaces.CLIENT,
                services.metrics()::refused));  // per address
        p.addLast("shaper", new ReadShaper(services.limits().shaper(), System::nanoTime));  // slows a fast sender
        if (directTls) {
            p.addLast("tls", new SniHandler(services.tls().sniMapping()));   // XEP-0368: certificate chosen by SNI
        }
        p.addLast("decoder", new XmppStreamDecoder(services.limits().maxStanzaSize()));   // bytes -> stream events
        p.addLast("encoder", new StanzaEncoder(Namespaces.CLIENT));                     // elements -> UTF-8 bytes
        p.addLast("flush", new FlushConsolidationHandler(256, true));                   // one syscall for a burst
        p.addLast("stream", new C2sStreamHandler(services));                            // negotiation, then the session
    }
}
