package causse.server.c2s;

import causse.stanza.Stanza;
import causse.xml.XmlElement;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Counts and keeps every stanza written to a client that enabled stream management (XEP-0198), and asks the
 * client to acknowledge them. Sits between the stream handler (and the keep-alive pinger) and the encoder, so it
 * sees every stanza of the stream, whoever writes it; added when the client sends {@code <enable/>} or resumes.
 *
 * <p>Once a stanza is kept here its write counts as done: if the bytes never reach the client, stream
 * management sends it again on a resumed stream or delivers it elsewhere. A stanza that reaches this handler
 * when the connection no longer carries the session fails instead, and its sender hands it to the session's
 * new state ({@link StreamManagement#send}).
 *
 * <p>Asks with {@code <r/>} when {@link #REQUEST_AFTER} stanzas wait, or one second after the first of fewer,
 * with at most one request out at a time: one round trip per second at most for a busy client, and a quick one
 * for a quiet client.
 */
final class StanzaAckHandler extends ChannelOutboundHandlerAdapter {
    static final int REQUEST_AFTER = 256;
    static final long REQUEST_DELAY_MILLIS = 1000;
    static final XmlElement REQUEST = XmlElement.empty("r", StreamManagementNegotiation.NAMESPACE);

    /** A stanza sent again on a resumed stream: it is counted and kept already. */
    record Resent(XmlElement stanza) {
    }

    /** Fired when more stanzas wait for an acknowledgement than the configuration allows. */
    enum Overflow { INSTANCE }

    private final UnackedStanzas unacked;
    private final Predicate<Channel> carries;
    private boolean requested;
    private ScheduledFuture<?> timer;

    /** {@code carries} says whether a connection still carries the session (see {@link StreamManagement#carries}). */
    StanzaAckHandler(UnackedStanzas unacked, Predicate<Channel> carries) {
        this.unacked = unacked;
        this.carries = carries;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof Resent resent) {
            ctx.write(resent.stanza(), promise);
            return;
        }
        if (!(msg instanceof XmlElement element) || Stanza.Kind.of(element) == null) {
            ctx.write(msg, promise);
            return;
        }
        if (!carries.test(ctx.channel())) {
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        boolean withinLimit = unacked.add(element, System.currentTimeMillis());
        promise.trySuccess();
        ctx.write(element, ctx.voidPromise());
        if (!withinLimit) {
            ctx.executor().execute(() -> ctx.pipeline().fireUserEventTriggered(Overflow.INSTANCE));
        } else if (!requested) {
            askLater(ctx);
        }
    }

    /** The client acknowledged: another request may go out when stanzas wait. */
    void acknowledged(ChannelHandlerContext ctx) {
        requested = false;
        if (unacked.size() > 0) {
            askLater(ctx);
            ctx.flush();
        }
    }

    private void askLater(ChannelHandlerContext ctx) {
        if (unacked.size() >= REQUEST_AFTER) {
            ask(ctx);
        } else if (timer == null) {
            timer = ctx.executor().schedule(() -> {
                timer = null;
                if (!requested && unacked.size() > 0 && carries.test(ctx.channel())) {
                    ask(ctx);
                    ctx.flush();
                }
            }, REQUEST_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void ask(ChannelHandlerContext ctx) {
        requested = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        ctx.write(REQUEST, ctx.voidPromise());
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
