package causse.s2s.outbound;

import causse.codec.StanzaEncoder;
import causse.codec.XmppStreamDecoder;
import causse.s2s.S2sServices;
import causse.s2s.dns.Endpoint;
import causse.xml.Namespaces;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** The pipeline of one outgoing s2s connection, in the order bytes meet it. */
final class OutboundChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final OutboundStream stream;
    private final Endpoint endpoint;
    private final S2sServices services;

    OutboundChannelInitializer(OutboundStream stream, Endpoint endpoint, S2sServices services) {
        this.stream = stream;
        this.endpoint = endpoint;
        this.services = services;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (endpoint.directTls()) {
            // XEP-0368: TLS from the first byte, SNI naming the remote XMPP domain (not the SRV target)
            p.addLast("tls", OutboundStreamHandler.clientTls(services, stream, ch));
        }
        p.addLast("decoder", new XmppStreamDecoder(services.options().maxStanzaSize()));       // bytes -> stream events
        p.addLast("encoder", new StanzaEncoder(Namespaces.SERVER));                            // elements -> bytes
        p.addLast("idle", new IdleStateHandler(0, 0,                                           // closes unused streams
                services.options().idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast("stream", new OutboundStreamHandler(stream, services, endpoint.directTls())); // negotiation, then stanzas out
    }
}
