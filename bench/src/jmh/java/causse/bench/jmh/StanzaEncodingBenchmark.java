package causse.bench.jmh;

import causse.codec.StanzaEncoder;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import causse.xml.XmlWriter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Stanza serialisation, one stanza per operation, on the chat messages the router hands to sessions
 * (stamped {@code from}, one in four with extensions). {@code xmlWriter} is the text step alone
 * ({@link XmlWriter} into a reused builder, as {@link StanzaEncoder} does); {@code stanzaEncoder} is the whole
 * outbound path of a session's channel: {@code writeAndFlush}, the encoder's exact-size buffer from the pooled
 * allocator, UTF-8 encoding, and the buffer's release by the stand-in socket.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StanzaEncodingBenchmark {
    private static final int FIXTURE = 1024;

    private XmlElement[] messages;
    private int next;
    private final StringBuilder text = new StringBuilder(256);
    private DiscardingSocket socket;
    private EmbeddedChannel channel;

    /** The output rate, reported next to the stanza rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Output {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup
    public void prepare() {
        List<XmlElement> list = ChatTraffic.messages(FIXTURE, 1000, ChatTraffic.Addressing.FULL, true, 43);
        messages = list.toArray(new XmlElement[0]);
        socket = new DiscardingSocket();
        channel = new EmbeddedChannel(socket, new StanzaEncoder(Namespaces.CLIENT));
    }

    @TearDown
    public void close() {
        channel.finishAndReleaseAll();
    }

    private XmlElement nextMessage() {
        XmlElement m = messages[next];
        next = (next + 1) & (FIXTURE - 1);
        return m;
    }

    @Benchmark
    public int xmlWriter() {
        text.setLength(0);
        XmlWriter.write(nextMessage(), Namespaces.CLIENT, text);
        return text.length();
    }

    @Benchmark
    public void stanzaEncoder(Output output) {
        channel.writeAndFlush(nextMessage(), channel.voidPromise());
        output.bytes += socket.takeBytes();
    }
}
