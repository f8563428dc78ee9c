package causse.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * First in a c2s or s2s pipeline: lets a connection in only when its address is within the per-address limits
 * ({@link IpConnectionLimiter}); otherwise it answers with a {@code <policy-violation/>} stream error
 * (RFC 6120 §4.9.3.14; on a plain-TCP listener, where the client can read it) and closes, before any other
 * handler spends work on it. Other connections are untouched.
 */
public final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {
    private final IpConnectionLimiter limiter;
    private final boolean plainText;
    private final String contentNamespace;
    private final Consumer<IpConnectionLimiter.Verdict> refused;
    private InetAddress counted;

    /**
     * @param plainText        the listener speaks XML before any TLS (STARTTLS), so the refusal can be written;
     *                         on a Direct TLS listener the connection is only closed
     * @param contentNamespace the refusal's stream namespace: {@code jabber:client} or {@code jabber:server}
     * @param refused          told of each refusal (metrics)
     */
    public ConnectionLimitHandler(IpConnectionLimiter limiter, boolean plainText, String contentNamespace,
                                  Consumer<IpConnectionLimiter.Verdict> refused) {
        this.limiter = limiter;
        this.plainText = plainText;
        this.contentNamespace = contentNamespace;
        this.refused = refused;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress remote)) {
            ctx.pipeline().remove(this);
            super.channelActive(ctx);
            return;
        }
        IpConnectionLimiter.Verdict verdict = limiter.acquire(remote.getAddress());
        if (verdict == IpConnectionLimiter.Verdict.ACCEPTED) {
            counted = remote.getAddress();
            super.channelActive(ctx);
            return;
        }
        refused.accept(verdict);
        ctx.channel().config().setAutoRead(false);
        if (!plainText) {
            ctx.close();
            return;
        }
        String text = verdict == IpConnectionLimiter.Verdict.TOO_MANY
                ? "too many connections from your address" : "connecting too fast from your address";
        // The stream header first: a stream error is only valid inside a stream (RFC 6120 §4.9.1.2).
        String refusal = "<?xml version='1.0'?><stream:stream xmlns='" + contentNamespace + "'"
                + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0'><stream:error>"
                + "<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>" + text + "</text>"
                + "</stream:error></stream:stream>";
        ctx.writeAndFlush(Unpooled.copiedBuffer(refusal, StandardCharsets.UTF_8))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (counted != null) {
            limiter.release(counted);
            counted = null;
        }
        super.channelInactive(ctx);
    }
}
