package causse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bytestreams.BytestreamSession;
import org.jivesoftware.smackx.bytestreams.ibb.InBandBytestreamManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client-to-client IQ traffic through the router: an In-Band Bytestream (XEP-0047) between two Smack
 * clients is a burst of IQ sets and results between full JIDs, with data large enough to span many stanzas.
 */
class InBandBytestreamTest {
    @Test
    void bytesSentInBandArriveIntactAndInOrder(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            server.addUser("one");
            server.addUser("two");
            XMPPTCPConnection one = server.login("one", "r1");
            XMPPTCPConnection two = server.login("two", "r2");
            byte[] payload = new byte[200_000];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) ('a' + i % 26);
            }
            BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
            InBandBytestreamManager.getByteStreamManager(two).addIncomingBytestreamListener(request -> {
                try {
                    BytestreamSession s = request.accept();
                    received.add(s.getInputStream().readNBytes(payload.length));
                } catch (Exception e) {
                    received.add(("FAILED " + e).getBytes(StandardCharsets.UTF_8));
                }
            });
            BytestreamSession session = InBandBytestreamManager.getByteStreamManager(one).establishSession(two.getUser());
            session.getOutputStream().write(payload);
            session.getOutputStream().flush();
            byte[] got = received.poll(30, TimeUnit.SECONDS);
            session.close();
            assertThat(got).isEqualTo(payload);
            one.disconnect();
            two.disconnect();
        }
    }
}
