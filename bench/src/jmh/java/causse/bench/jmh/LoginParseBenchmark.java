package causse.bench.jmh;

import causse.codec.XmppStreamDecoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the server parses of one SCRAM login, the way {@code bench/run connections} logs in: the stream before
 * SASL (header, {@code <auth/>}, {@code <response/>}) and the one after it (header, bind, session, initial
 * presence with caps, roster get), each through a new {@link XmppStreamDecoder}, as each stream of a connection
 * gets a new Aalto reader. One operation is one login: the per-connection cost of the parser (its symbol table,
 * its buffers) that {@link XmlFramingBenchmark}'s thousand messages per stream hide.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LoginParseBenchmark {
    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0' xml:lang='en'>";
    static final String BEFORE_SASL = HEADER
            + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>"
            + "biwsbj11c2VyMTIzNDUscj1meWtvK2QybGJiRmdPTlJ2OXFreGRBd0Y=</auth>"
            + "<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>Yz1iaXdzLHI9Znlrbytk"
            + "MmxiYkZnT05Sdjlxa3hkQXdGM3JmY05IWUpZMVpWdldWczdqLHA9djBYOHYzQnoyVDBDSkdiSlF5RjBYK0hJNFRzPQ==</response>";
    static final String AFTER_SASL = HEADER
            + "<iq type='set' id='bind-1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>bench</resource>"
            + "</bind></iq>"
            + "<iq type='set' id='sess-1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>"
            + "<presence><priority>1</priority><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' "
            + "node='https://causse.example/bench' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/></presence>"
            + "<iq type='get' id='roster-1'><query xmlns='jabber:iq:roster'/></iq>"
            + "</stream:stream>";
    /** The server's default {@code limits.max_stanza_size}. */
    private static final int MAX_STANZA_BYTES = 262_144;

    private byte[] beforeSasl;
    private byte[] afterSasl;

    @Setup
    public void prepare() {
        beforeSasl = BEFORE_SASL.getBytes(StandardCharsets.UTF_8);
        afterSasl = AFTER_SASL.getBytes(StandardCharsets.UTF_8);
        // Once before measuring: the fixture must be what the decoder reads without failing.
        if (login(null) != 6) {
            throw new IllegalStateException("the login transcript did not parse into 6 elements");
        }
    }

    @Benchmark
    public int parseLogin(Blackhole blackhole) {
        return login(blackhole);
    }

    private int login(Blackhole blackhole) {
        return stream(beforeSasl, blackhole) + stream(afterSasl, blackhole);
    }

    private static int stream(byte[] bytes, Blackhole blackhole) {
        ElementCounter counter = new ElementCounter(blackhole);
        EmbeddedChannel channel = new EmbeddedChannel(new XmppStreamDecoder(MAX_STANZA_BYTES), counter);
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        return counter.elements;
    }
}
