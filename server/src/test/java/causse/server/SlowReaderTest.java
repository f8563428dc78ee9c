package causse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.server.config.LimitsConfig;
import causse.net.ShaperLimits;
import causse.server.config.ModuleOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A client that stops reading (issue 7, slow readers): once its connection has stayed full for
 * {@code limits.slow_reader_timeout}, the server ends its session, and every message it could not write goes to
 * offline storage. Counting what the client finally reads from its socket and what it gets from offline
 * storage at its next login gives every message exactly once.
 */
class SlowReaderTest {
    private static final int MESSAGES = 1200;
    /** A whole message only: the last one the server wrote may be cut short, and then it counts as not written. */
    private static final Pattern BODY = Pattern.compile("<body>m(\\d+) x+</body></message>");

    @TempDir
    Path dir;

    @Test
    void aClientThatStopsReadingIsCutOffAndLosesNoMessage() throws Exception {
        LimitsConfig d = LimitsConfig.defaults();
        LimitsConfig small = new LimitsConfig(d.maxStanzaSize(), d.unauthenticatedTimeout(), d.connectionsPerIp(),
                d.connectionRatePerIp(), d.exemptLoopback(), d.maxResourcesPerAccount(), d.authFailures(),
                d.idleTimeout(), d.pingTimeout(), d.maxOutboundQueue(), Duration.ofSeconds(2),
                // The sender sends 19 MB as fast as it can: no shaping here, this test is about the reader.
                new ShaperLimits(1 << 30, 1 << 30, Duration.ZERO));
        try (TestServer server = TestServer.start(dir, c -> TestServer.plaintextAllowed(c, false).withLimits(small)
                .withModules(Map.of("offline", ModuleOptions.of("offline", Map.of("max_messages", 5000)))))) {
            server.addUser("slow");
            server.addUser("sender");
            Socket slow = new Socket();
            // A small window, so that the kernel's buffers take little of what the server sends.
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.c2sPort()));
            slow.setSoTimeout(100);
            InputStream in = slow.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            send(slow, C2sWireTest.OPEN);
            readUntil(in, got, "</stream:features>");
            send(slow, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                    + C2sWireTest.plain("", "slow", TestServer.PASSWORD) + "</auth>");
            readUntil(in, got, "<success");
            send(slow, C2sWireTest.OPEN);
            readUntil(in, got, "</stream:features>");
            send(slow, "<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                    + "<resource>slow</resource></bind></iq><presence/>");
            readUntil(in, got, "</iq>");
            got.reset();

            // The slow client reads nothing more while 1,200 messages of 16 KB are sent to it.
            XMPPTCPConnection sender = server.login("sender", "s");
            String padding = "x".repeat(16 * 1024);
            for (int i = 0; i < MESSAGES; i++) {
                if (i == MESSAGES / 2) {
                    // Past the slow-reader timeout with the connection full: the next message ends the session.
                    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
                }
                sender.sendStanza(sender.getStanzaFactory().buildMessageStanza()
                        .to(JidCreate.from("slow@localhost/slow")).ofType(Message.Type.chat)
                        .setBody("m" + i + " " + padding).build());
            }
            // Now it reads: what the kernel held for it, then the end of the connection the server closed.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            byte[] buf = new byte[65536];
            while (true) {
                assertThat(System.nanoTime()).as("the server closes the slow connection").isLessThan(deadline);
                try {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    got.write(buf, 0, n);
                } catch (SocketTimeoutException e) {
                    // keep reading
                } catch (IOException e) {
                    break;   // reset: the server closed with data it could not write
                }
            }
            slow.close();
            Set<Integer> read = ids(got.toString(StandardCharsets.UTF_8));
            assertThat(read.size()).as("cut off before everything was written").isLessThan(MESSAGES);

            XMPPTCPConnection again = new XMPPTCPConnection(server.smackConfig("slow", TestServer.PASSWORD, "again")
                    .build());
            BlockingQueue<Message> inbox = SmackServerExtension.inbox(again);
            again.connect().login();
            Set<Integer> offline = new HashSet<>();
            List<Integer> duplicates = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).alias("read + offline = all").until(() -> {
                for (Message m = inbox.poll(); m != null; m = inbox.poll()) {
                    int id = Integer.parseInt(m.getBody().substring(1, m.getBody().indexOf(' ')));
                    if (read.contains(id) || !offline.add(id)) {
                        duplicates.add(id);
                    }
                }
                return read.size() + offline.size() >= MESSAGES;
            });
            assertThat(duplicates).isEmpty();
            assertThat(read.size() + offline.size()).isEqualTo(MESSAGES);
            again.disconnect();
            sender.disconnect();
        }
    }

    private static void send(Socket s, String xml) throws IOException {
        s.getOutputStream().write(xml.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private static void readUntil(InputStream in, ByteArrayOutputStream got, String marker) throws IOException {
        byte[] buf = new byte[8192];
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!got.toString(StandardCharsets.UTF_8).contains(marker)) {
            assertThat(System.nanoTime()).as("waiting for " + marker).isLessThan(deadline);
            try {
                int n = in.read(buf);
                if (n < 0) {
                    throw new AssertionError("closed before " + marker + ": " + got);
                }
                got.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                // keep waiting
            }
        }
    }

    private static Set<Integer> ids(String stream) {
        Set<Integer> ids = new HashSet<>();
        Matcher m = BODY.matcher(stream);
        while (m.find()) {
            assertThat(ids.add(Integer.parseInt(m.group(1)))).as("read twice: " + m.group(1)).isTrue();
        }
        return ids;
    }
}
