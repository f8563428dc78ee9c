package causse.server.c2s;

import causse.jid.Jid;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Finds the dead among idle sessions (RFC 6120 §4.6.3): when a bound client has sent nothing for the idle
 * time (an {@link IdleStateEvent} from the {@code IdleStateHandler} at the front of the pipeline, which sees
 * every byte, whitespace included), the server pings it (XEP-0199). Anything the client sends (the answer,
 * even an error, or any stanza) proves it alive; silence until the ping timeout ends the stream with
 * {@code <connection-timeout/>} (through {@link Timeout}, which the stream handler turns into the error).
 * Added to the pipeline when a resource is bound, so it never speaks before the stream is established.
 */
final class KeepAliveHandler extends ChannelInboundHandlerAdapter {
    /** Told to the stream handler when a ping went unanswered. */
    enum Timeout { INSTANCE }

    private static final String PING = "urn:xmpp:ping";

    private final Jid server;
    private final Jid client;
    private final Duration pingTimeout;
    private ScheduledFuture<?> waiting;
    private long pings;

    KeepAliveHandler(Jid server, Jid client, Duration pingTimeout) {
        this.server = server;
        this.client = client;
        this.pingTimeout = pingTimeout;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (waiting != null) {
            waiting.cancel(false);
            waiting = null;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof IdleStateEvent)) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        if (waiting != null) {
            return;   // a ping is out already; its timeout decides
        }
        ctx.writeAndFlush(XmlElement.builder("iq", Namespaces.CLIENT).attribute("type", "get")
                .attribute("id", "keepalive-" + (++pings)).attribute("from", server.toString())
                .attribute("to", client.toString()).child(XmlElement.empty("ping", PING)).build());
        waiting = ctx.executor().schedule(() -> {
            waiting = null;
            ctx.pipeline().fireUserEventTriggered(Timeout.INSTANCE);
        }, pingTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (waiting != null) {
            waiting.cancel(false);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (waiting != null) {
            waiting.cancel(false);
            waiting = null;
        }
        super.channelInactive(ctx);
    }
}
