package causse.bench.scenario;

import causse.bench.BenchOptions;
import causse.bench.SeenSet;
import causse.bench.ServerProbe;
import causse.bench.client.Fleet;
import causse.bench.client.XmppClient;
import causse.xml.XmlElement;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One publisher (the first user), N subscribers (the others) on a node of a XEP-0060 service
 * ({@code pubsub.DOMAIN}). A disco#info check first: a server without a pubsub service is reported as
 * such, not counted as lost messages. Every item must reach every subscriber once.
 */
public final class PubsubScenario extends Scenario {
    private static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    private static final String EVENT = "http://jabber.org/protocol/pubsub#event";
    private static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";

    private final Map<String, CompletableFuture<XmlElement>> pending = new ConcurrentHashMap<>();
    private final String node = "bench-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    /** One bit per (item, subscriber): catches an item delivered twice to the same subscriber. */
    private final SeenSet deliveries = new SeenSet();
    private int subscriberSlots;

    public PubsubScenario(BenchOptions options, ServerProbe probe, PrintStream progress) {
        super(options, probe, progress);
    }

    private String service() {
        return "pubsub." + options.domain();
    }

    @Override
    protected void execute(Fleet fleet, Map<String, Object> result) {
        subscriberSlots = options.users();
        loginAll(fleet, options.first(), options.users(), 120_000_000_000L);
        XmppClient publisher = online.get(options.first());
        if (publisher == null || online.size() < 2) {
            result.put("error", "the publisher and at least one subscriber must be online");
            return;
        }
        XmlElement info = iq(publisher, "get", "<query xmlns='" + DISCO_INFO + "'/>");
        if (info == null || !"result".equals(info.attribute("type")) || !info.toString().contains("category=\"pubsub\"")
                && !info.toString().contains("category='pubsub'")) {
            result.put("error", "pubsub not supported by the server (no pubsub service at " + service() + ")");
            return;
        }
        XmlElement created = iq(publisher, "set", "<pubsub xmlns='" + PUBSUB + "'><create node='" + node + "'/></pubsub>");
        if (created == null || !"result".equals(created.attribute("type"))) {
            result.put("error", "could not create node " + node + ": " + created);
            return;
        }
        List<XmppClient> subscribers = new ArrayList<>(online.values());
        subscribers.remove(publisher);
        int subscribed = 0;
        for (XmppClient s : subscribers) {
            XmlElement r = iq(s, "set", "<pubsub xmlns='" + PUBSUB + "'><subscribe node='" + node + "' jid='"
                    + options.userPrefix() + s.index() + "@" + options.domain() + "'/></pubsub>");
            subscribed += r != null && "result".equals(r.attribute("type")) ? 1 : 0;
        }
        double cpu0 = probe.cpuSeconds();
        long t0 = System.nanoTime();
        long end = t0 + options.duration().toNanos();
        long published = 0;
        double rate = options.rate() > 0 ? options.rate() : 100;
        while (System.nanoTime() - end < 0) {
            pace(t0, published, rate);
            publisher.send("<iq type='set' id='p" + published + "' to='" + service() + "'><pubsub xmlns='" + PUBSUB
                    + "'><publish node='" + node + "'><item><entry xmlns='urn:causse:bench'>" + published + " "
                    + System.nanoTime() + "</entry></item></publish></pubsub></iq>");
            published++;
        }
        long expected = published * subscribed;
        stats.sent.add(expected);
        awaitCondition(() -> stats.received.sum() >= expected, System.nanoTime() + options.drain().toNanos());
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu1 = probe.cpuSeconds();
        iq(publisher, "set", "<pubsub xmlns='" + PUBSUB + "#owner'><delete node='" + node + "'/></pubsub>");
        long received = stats.received.sum();
        result.put("node", node);
        result.put("subscribers", subscribed);
        result.put("published", published);
        result.put("sent", expected);
        result.put("delivered", received);
        result.put("lost", expected - received);
        result.put("duplicated", stats.duplicates.sum());
        result.put("delivered_per_second", received / seconds);
        if (cpu0 >= 0 && cpu1 >= 0) {
            double cpu = cpu1 - cpu0;
            result.put("server_cpu_seconds", cpu);
            result.put("notifications_per_server_cpu_second", cpu > 0 ? received / cpu : 0.0);
        }
    }

    /** Sends an IQ to the pubsub service and waits up to 10 s for its answer; null on time-out. */
    private XmlElement iq(XmppClient from, String type, String payload) {
        String id = "q" + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
        CompletableFuture<XmlElement> answer = new CompletableFuture<>();
        pending.put(id, answer);
        from.send("<iq type='" + type + "' id='" + id + "' to='" + service() + "'>" + payload + "</iq>");
        try {
            return answer.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        } finally {
            pending.remove(id);
        }
    }

    @Override
    public void iqResult(XmppClient client, XmlElement iq) {
        CompletableFuture<XmlElement> f = pending.get(String.valueOf(iq.attribute("id")));
        if (f != null) {
            f.complete(iq);
        } else if ("error".equals(iq.attribute("type"))) {
            stats.fail("pubsub error: " + iq.firstElement());
        }
    }

    @Override
    public void message(XmppClient client, XmlElement message, long receivedNanos) {
        XmlElement event = message.child("event", EVENT);
        XmlElement items = event == null ? null : event.child("items", EVENT);
        if (items == null || !node.equals(items.attribute("node"))) {
            return;
        }
        for (XmlElement item : items.elements()) {
            XmlElement entry = item.child("entry", "urn:causse:bench");
            String[] parts = entry == null ? new String[0] : entry.text().trim().split(" ");
            if (parts.length != 2) {
                continue;
            }
            long seq = Long.parseLong(parts[0]);
            if (!deliveries.add(seq * subscriberSlots + (client.index() - options.first()))) {
                stats.duplicates.increment();
                continue;
            }
            stats.received.increment();
            stats.messageLatency.recordValue(Math.max(0, (receivedNanos - Long.parseLong(parts[1])) / 1000));
        }
    }
}
