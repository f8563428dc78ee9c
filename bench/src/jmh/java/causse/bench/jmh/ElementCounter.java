package causse.bench.jmh;

import causse.codec.StreamEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.openjdk.jmh.infra.Blackhole;

/** Takes a decoder's events where the c2s stream handler would, counting first-level elements. */
final class ElementCounter extends ChannelInboundHandlerAdapter {
    private final Blackhole blackhole;
    int elements;
    boolean closed;

    /** @param blackhole null for the checks a benchmark's set-up makes before measuring */
    ElementCounter(Blackhole blackhole) {
        this.blackhole = blackhole;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof StreamEvent.ElementReceived received) {
            elements++;
            if (blackhole != null) {
                blackhole.consume(received.element());
            }
        } else if (msg instanceof StreamEvent.StreamClosed) {
            closed = true;
        } else if (msg instanceof StreamEvent.StreamFailed failed) {
            throw new IllegalStateException("stream failed: " + failed);
        }
    }
}
