package causse.bench.scenario;

import causse.bench.BenchOptions;
import causse.bench.ServerProbe;
import causse.bench.client.Fleet;
import causse.bench.client.XmppClient;
import causse.xml.XmlElement;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first half of the users send {@code messages} messages to the second half while those are
 * offline; a ping round trip per sender makes sure the server has taken them all in; then the
 * receivers log in and the scenario counts what the server delivers from its offline store.
 */
public final class OfflineScenario extends Scenario {
    private final AtomicInteger pongs = new AtomicInteger();

    public OfflineScenario(BenchOptions options, ServerProbe probe, PrintStream progress) {
        super(options, probe, progress);
    }

    @Override
    protected void execute(Fleet fleet, Map<String, Object> result) {
        int senderCount = options.users() / 2;
        int receiverCount = options.users() - senderCount;
        int firstReceiver = options.first() + senderCount;
        if (senderCount < 1) {
            result.put("error", "offline needs at least two users");
            return;
        }
        loginAll(fleet, options.first(), senderCount, 120_000_000_000L);
        List<XmppClient> senders = new ArrayList<>(online.values());
        long t0 = System.nanoTime();
        for (int i = 0; i < options.messages(); i++) {
            pace(t0, i, options.rate() > 0 ? options.rate() : 1e9);
            sendMessage(senders.get(i % senders.size()), firstReceiver + i % receiverCount);
        }
        for (XmppClient s : senders) {
            s.send("<iq type='get' id='drain' to='" + options.domain() + "'><ping xmlns='urn:xmpp:ping'/></iq>");
        }
        awaitCondition(() -> pongs.get() >= senders.size(), System.nanoTime() + options.drain().toNanos() * 4);
        double storeSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        int receivers = loginAll(fleet, firstReceiver, receiverCount, 120_000_000_000L);
        awaitCondition(() -> stats.received.sum() >= stats.sent.sum(), System.nanoTime() + options.drain().toNanos());
        double deliverSeconds = (System.nanoTime() - t1) / 1e9;
        result.put("senders", senders.size());
        result.put("receivers", receivers);
        putDeliveryCounts(result);
        result.put("store_seconds", storeSeconds);
        result.put("login_and_deliver_seconds", deliverSeconds);
    }

    @Override
    public void iqResult(XmppClient client, XmlElement iq) {
        if ("drain".equals(iq.attribute("id"))) {
            pongs.incrementAndGet();
        }
    }
}
