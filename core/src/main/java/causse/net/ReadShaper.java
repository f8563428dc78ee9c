package causse.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Slows down a client that sends faster than its share (a token bucket of {@code burst} bytes refilled at
 * {@code rate} bytes per second): when a read overdraws the bucket, the connection stops reading until the
 * bucket is back to zero, so the kernel's window pushes back on the client and the event loop serves the
 * other sessions meanwhile. A client that keeps the bucket from refilling even halfway for the flood time
 * is told with {@link Flood}, which ends its stream. Counts raw bytes, before TLS and parsing. No timer runs
 * unless the client is being slowed.
 */
public final class ReadShaper extends ChannelDuplexHandler {
    /** Fired down the pipeline when a client floods; the stream handler ends the stream. */
    public enum Flood { INSTANCE }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final ShaperLimits limits;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;
    private boolean throttled;
    private long throttledSince;
    private boolean paused;
    private boolean readPending;
    private boolean flooded;

    public ReadShaper(ShaperLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.tokens = limits.burst();
        this.refilledAt = nanoTime.getAsLong();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buf) {
            long now = nanoTime.getAsLong();
            refill(now);
            if (tokens >= limits.burst() / 2.0) {
                throttled = false;   // it let the bucket recover: a burst, not a flood
            }
            tokens -= buf.readableBytes();
            if (tokens < 0) {
                if (!throttled) {
                    throttled = true;
                    throttledSince = now;
                } else if (!flooded && !limits.floodTimeout().isZero()
                        && now - throttledSince > limits.floodTimeout().toNanos()) {
                    flooded = true;
                    ctx.fireUserEventTriggered(Flood.INSTANCE);
                }
                pause(ctx, (long) (-tokens * NANOS_PER_SECOND / limits.rate()));
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (paused) {
            readPending = true;   // asked for while slowed down: done when the pause ends
            return;
        }
        ctx.read();
    }

    /** True while reads are held back (for tests). */
    boolean paused() {
        return paused;
    }

    private void pause(ChannelHandlerContext ctx, long nanos) {
        if (paused) {
            return;
        }
        paused = true;
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> {
            paused = false;
            ctx.channel().config().setAutoRead(true);
            if (readPending) {
                readPending = false;
                ctx.read();
            }
        }, Math.max(nanos, 1_000_000L), TimeUnit.NANOSECONDS);
    }

    private void refill(long now) {
        tokens = Math.min(limits.burst(), tokens + (now - refilledAt) * (double) limits.rate() / NANOS_PER_SECOND);
        refilledAt = now;
    }
}
