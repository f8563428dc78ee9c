package causse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The server as a process of its own, stopped from outside while it works: killed (SIGKILL) under load, every
 * item whose publish it had acknowledged is there after the restart and the offline messages it had stored come
 * once each, in order, with no gap; terminated (SIGTERM), the messages it had accepted for offline users but not
 * yet written are stored before it exits.
 */
class CrashDurabilityTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final EntityBareJid RECEIVER = JidCreate.entityBareFromOrThrowUnchecked("receiver@localhost");

    @Test
    void afterSigkillUnderLoadEveryAcknowledgedItemAndEveryStoredMessageIsThereOnce(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        Path config = ServerProcess.configure(dir, """
                modules:
                  offline:
                    max_messages: 100000
                  pubsub:
                    max_items: 10000
                """);
        for (String user : List.of("hr", "sender", "receiver")) {
            ServerProcess.addUser(config, user);
        }
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger attempted = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        try (ServerProcess server = ServerProcess.start(config, dir.resolve("first.log"))) {
            XMPPTCPConnection hr = server.login("hr", "bot");
            XMPPTCPConnection sender = server.login("sender", "bot");
            LeafNode grh = pubsub(hr).createNode("grh");
            AtomicBoolean running = new AtomicBoolean(true);
            // One publisher waits for each acknowledgement (the IQ result); one sender streams messages to an
            // account that is offline, so each one goes to storage.
            Thread publisher = new Thread(() -> {
                try {
                    while (running.get()) {
                        String id = "e" + attempted.getAndIncrement();
                        grh.publish(new PayloadItem<>(id, new SimplePayload(
                                "<employee xmlns='urn:example:grh'>" + id + "</employee>")));
                        acknowledged.add(id);
                    }
                } catch (Exception e) {
                    // the server died under it: expected
                }
            });
            Thread streamer = new Thread(() -> {
                try {
                    while (running.get()) {
                        sender.sendStanza(sender.getStanzaFactory().buildMessageStanza().to(RECEIVER)
                                .ofType(Message.Type.chat).setBody("m" + sent.get()).build());
                        sent.incrementAndGet();
                    }
                } catch (Exception e) {
                    // the server died under it: expected
                }
            });
            publisher.start();
            streamer.start();
            await().atMost(WAIT).until(() -> acknowledged.size() >= 300);
            server.kill();
            running.set(false);
            publisher.join(WAIT.toMillis());
            streamer.join(WAIT.toMillis());
        }

        try (ServerProcess server = ServerProcess.start(config, dir.resolve("second.log"))) {
            XMPPTCPConnection hr = server.login("hr", "bot");
            List<String> ids = pubsub(hr).getLeafNode("grh").getItems(10_000).stream().map(Item::getId).toList();
            assertThat(ids).as("every acknowledged publish").containsAll(acknowledged);
            // Besides those, at most the one publish in flight when the server died.
            assertThat(ids).hasSizeBetween(acknowledged.size(), acknowledged.size() + 1)
                    .allSatisfy(id -> assertThat(Integer.parseInt(id.substring(1))).isLessThan(attempted.get()));

            // A last message, stored after every one that survived: the receiver has them all when it arrives.
            XMPPTCPConnection sender = server.login("sender", "bot");
            sender.sendStanza(sender.getStanzaFactory().buildMessageStanza().to(RECEIVER).ofType(Message.Type.chat)
                    .setBody("end").build());
            List<String> bodies = receiveUntilEnd(server);
            List<String> stored = bodies.subList(0, bodies.size() - 1);
            assertThat(stored).as("some messages were stored before the kill").isNotEmpty();
            // Stored in the order sent, so what survived is m0..mk: a gap would be a lost message, a repeat a
            // duplicate.
            assertThat(stored).isEqualTo(IntStream.range(0, stored.size()).mapToObj(i -> "m" + i).toList());
            assertThat(stored.size()).isLessThanOrEqualTo(sent.get() + 1);
            System.out.printf("Killed after %d acknowledged publishes and %d messages sent: %d items and %d messages"
                    + " were there after the restart%n", acknowledged.size(), sent.get(), ids.size(), stored.size());
            assertThat(server.output()).doesNotContain("ERROR", "Exception");
        }
    }

    @Test
    void sigtermStoresEveryMessageAcceptedForAnOfflineUserBeforeExiting(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        Path config = ServerProcess.configure(dir, """
                modules:
                  offline:
                    max_messages: 100000
                """);
        for (String user : List.of("sender", "receiver")) {
            ServerProcess.addUser(config, user);
        }
        int count = 2000;
        try (ServerProcess server = ServerProcess.start(config, dir.resolve("first.log"))) {
            XMPPTCPConnection sender = server.login("sender", "bot");
            List<String> bounced = Collections.synchronizedList(new ArrayList<>());
            sender.addSyncStanzaListener(s -> bounced.add(s.toXML().toString()), s -> s instanceof Message m
                    && m.getType() == Message.Type.error);
            for (int i = 0; i < count; i++) {
                sender.sendStanza(sender.getStanzaFactory().buildMessageStanza().to(RECEIVER).ofType(Message.Type.chat)
                        .setBody("m" + i).build());
            }
            // The server handles a client's stanzas in order: its answer to this ping means it has taken every
            // message above, though it may still be writing them to storage.
            assertThat(PingManager.getInstanceFor(sender).pingMyServer(true, 30_000)).isTrue();
            assertThat(server.terminate(WAIT)).isIn(0, 143);
            assertThat(server.output()).contains("Causse stopped").doesNotContain("still queued");
            assertThat(bounced).isEmpty();
        }
        try (ServerProcess server = ServerProcess.start(config, dir.resolve("second.log"))) {
            XMPPTCPConnection sender = server.login("sender", "bot");
            sender.sendStanza(sender.getStanzaFactory().buildMessageStanza().to(RECEIVER).ofType(Message.Type.chat)
                    .setBody("end").build());
            List<String> bodies = receiveUntilEnd(server);
            List<String> expected = new ArrayList<>(IntStream.range(0, count).mapToObj(i -> "m" + i).toList());
            expected.add("end");
            assertThat(bodies).isEqualTo(expected);
        }
    }

    private static PubSubManager pubsub(XMPPTCPConnection c) throws Exception {
        return PubSubManager.getInstanceFor(c, JidCreate.domainBareFrom("pubsub.localhost"));
    }

    /** Logs the receiver in and collects message bodies until "end" comes. */
    private static List<String> receiveUntilEnd(ServerProcess server) throws Exception {
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        XMPPTCPConnection receiver = new XMPPTCPConnection(server.smackConfig("receiver", "phone").build());
        receiver.addSyncStanzaListener(s -> bodies.add(((Message) s).getBody()), StanzaTypeFilter.MESSAGE);
        receiver.connect().login();
        await().atMost(WAIT).until(() -> bodies.contains("end"));
        synchronized (bodies) {
            return List.copyOf(bodies);
        }
    }
}
