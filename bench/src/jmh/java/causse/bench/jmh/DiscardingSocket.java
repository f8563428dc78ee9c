package causse.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * Stands for the socket at the head of an {@code EmbeddedChannel}: it takes what the encoder wrote, counts
 * its bytes and releases it, so nothing piles up in the channel's outbound queue during a benchmark.
 */
final class DiscardingSocket extends ChannelOutboundHandlerAdapter {
    private long bytes;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            bytes += buf.readableBytes();
        }
        ReferenceCountUtil.release(msg);
        promise.trySuccess();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // Nothing buffered: every write was "sent" at once.
    }

    /** Bytes written since the last call. */
    long takeBytes() {
        long n = bytes;
        bytes = 0;
        return n;
    }
}
