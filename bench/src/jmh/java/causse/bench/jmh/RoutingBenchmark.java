package causse.bench.jmh;

import causse.jid.Jid;
import causse.module.HookPoint;
import causse.stanza.Stanza;
import causse.xml.XmlElement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The routing of one chat message between local users, one message per operation, through a
 * {@link RouterAssembly} of {@value #USERS} users:
 * <ul>
 * <li>{@code toBareJid}: {@code LocalRouter.route} of a stamped message to {@code user<n>@localhost}: INBOUND
 *     hooks, the registry lookup, the highest-priority rule, delivery to each chosen resource;
 * <li>{@code toFullJid}: the same to {@code user<n>@localhost/phone}, plus a carbon to the other resources;
 * <li>{@code sentByClient}: what the c2s session does with a message it read (stamp {@code from}, parse
 *     {@code to}, OUTBOUND hooks) and then the routing to a bare JID: the server's whole work per message
 *     between the decoder and the recipient's channel.
 * </ul>
 * With {@code sink=encoder} each delivery is written to the recipient's channel and serialised by the production
 * {@code StanzaEncoder}; with {@code sink=none} the session drops it, which leaves the router's own cost.
 * {@code -p meters=prometheus,noop} compares the routing path with and without its meters.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RoutingBenchmark {
    static final int USERS = 1000;
    private static final int FIXTURE = 4096;

    @Param({"none", "encoder"})
    public String sink;

    /** Sessions per user: 2 is a phone and a laptop, both with carbons on. */
    @Param({"1", "2"})
    public int resources;

    /** {@code prometheus} as the server runs; {@code noop} shows what the routing meters cost. */
    @Param({"prometheus"})
    public String meters;

    private RouterAssembly assembly;
    private Stanza[] toBare;
    private Stanza[] toFull;
    /** As the decoder hands them to the session: no {@code from}, {@code to} not parsed yet. */
    private XmlElement[] fromClient;
    private Jid[] senders;
    private int next;

    @Setup
    public void prepare() {
        assembly = new RouterAssembly(USERS, resources, sink.equals("encoder"), meters.equals("prometheus"));
        toBare = stanzas(ChatTraffic.messages(FIXTURE, USERS, ChatTraffic.Addressing.BARE, true, 44));
        toFull = stanzas(ChatTraffic.messages(FIXTURE, USERS, ChatTraffic.Addressing.FULL, true, 45));
        List<XmlElement> stamped = ChatTraffic.messages(FIXTURE, USERS, ChatTraffic.Addressing.BARE, true, 46);
        fromClient = new XmlElement[FIXTURE];
        senders = new Jid[FIXTURE];
        for (int i = 0; i < FIXTURE; i++) {
            senders[i] = Jid.parse(stamped.get(i).attribute("from"));
            fromClient[i] = stamped.get(i).withAttribute("from", null);
        }
        long before = assembly.delivered();
        for (Stanza s : toBare) {
            assembly.router.route(s);
        }
        // Every message must reach a session: one that went offline or bounced would measure another path.
        if (assembly.delivered() - before != (long) FIXTURE * resources) {
            throw new IllegalStateException("messages were not all delivered: " + (assembly.delivered() - before));
        }
    }

    private static Stanza[] stanzas(List<XmlElement> elements) {
        return elements.stream().map(Stanza::of).toArray(Stanza[]::new);
    }

    @TearDown
    public void close() {
        assembly.close();
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (FIXTURE - 1);
        return i;
    }

    @Benchmark
    public void toBareJid() {
        assembly.router.route(toBare[nextIndex()]);
    }

    @Benchmark
    public void toFullJid() {
        assembly.router.route(toFull[nextIndex()]);
    }

    /** Mirrors the message branch of c2s's {@code C2sSession.receive}, which needs a negotiated stream to run. */
    @Benchmark
    public void sentByClient() {
        int i = nextIndex();
        XmlElement element = fromClient[i];
        Jid from = senders[i];
        XmlElement stamped = element.withAttribute("from", from.toString());
        Stanza stanza = new Stanza(Stanza.Kind.MESSAGE, stamped, from, Jid.parse(element.attribute("to")));
        if (!assembly.hooks.run(HookPoint.OUTBOUND, stanza)) {
            assembly.router.route(stanza);
        }
    }
}
