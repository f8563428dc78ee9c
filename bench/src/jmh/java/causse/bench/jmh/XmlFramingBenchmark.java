package causse.bench.jmh;

import causse.codec.XmppStreamDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * XML framing: a whole c2s stream (header, {@value #MESSAGES} chat messages, closing tag) through the
 * production {@link XmppStreamDecoder} in an {@link EmbeddedChannel}, in reads cut at arbitrary boundaries.
 * The score is stanzas/s (one operation = one stanza); the {@code bytes} counter is the input rate in bytes/s.
 *
 * <p>Each read is copied into a buffer from the pooled allocator first, as a NIO socket read does: direct
 * buffers are what the c2s listener gets, and the decoder must copy them again for Aalto, which takes only
 * arrays; heap buffers show what that second copy costs. A fresh channel and decoder per stream includes the
 * cost of a new Aalto reader, paid once per connection (and per stream restart).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class XmlFramingBenchmark {
    static final int MESSAGES = 1000;
    /** The server's default {@code limits.max_stanza_size}. */
    private static final int MAX_STANZA_BYTES = 262_144;

    /** The largest read, in bytes: 1500 is about one Ethernet frame, 64 splits nearly every stanza many times. */
    @Param({"1500", "64"})
    public int maxRead;

    @Param({"direct", "heap"})
    public String buffers;

    private byte[][] reads;
    private int streamBytes;
    private boolean direct;
    private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;

    /** The input rate, reported next to the stanza rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Input {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup
    public void prepare() {
        byte[] stream = ChatTraffic.clientStream(ChatTraffic.messages(MESSAGES, 1000, ChatTraffic.Addressing.BARE, false, 42));
        streamBytes = stream.length;
        reads = ChatTraffic.reads(stream, maxRead, 7);
        direct = buffers.equals("direct");
        // Once before measuring: the fixture must be a valid stream the decoder reads to its end.
        int stanzas = decode(null);
        if (stanzas != MESSAGES) {
            throw new IllegalStateException("decoded " + stanzas + " stanzas, expected " + MESSAGES);
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public int decodeStream(Input input, Blackhole blackhole) {
        input.bytes += streamBytes;
        return decode(blackhole);
    }

    private int decode(Blackhole blackhole) {
        ElementCounter counter = new ElementCounter(blackhole);
        EmbeddedChannel channel = new EmbeddedChannel(new XmppStreamDecoder(MAX_STANZA_BYTES), counter);
        for (byte[] read : reads) {
            ByteBuf buf = direct ? allocator.directBuffer(read.length) : allocator.heapBuffer(read.length);
            channel.writeInbound(buf.writeBytes(read));
        }
        if (!counter.closed) {
            throw new IllegalStateException("the stream did not close");
        }
        return counter.elements;
    }
}
