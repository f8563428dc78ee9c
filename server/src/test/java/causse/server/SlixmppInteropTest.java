package causse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.chat2.ChatManager;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * slixmpp (Python, Debian's python3-slixmpp) against Causse: STARTTLS with certificate verification,
 * SCRAM-SHA-256 (which Smack lacks), a chat with a Smack client, and slixmpp's own stream management (XEP-0198).
 */
class SlixmppInteropTest {
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void slixmppLogsInWithScramSha256AndChatsWithSmack(@TempDir Path dir) throws Exception {
        requireSlixmpp();
        try (TestServer server = TestServer.start(dir)) {
            server.addUser("pybot");
            server.addUser("human");
            XMPPTCPConnection human = server.login("human", "desk");
            human.sendStanza(human.getStanzaFactory().buildPresenceStanza().build());
            ChatManager.getInstanceFor(human).addIncomingListener((from, message, chat) -> {
                try {
                    chat.send("pong: " + message.getBody());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Path script = dir.resolve("slixmpp_chat.py");
            try (var in = getClass().getResourceAsStream("/interop/slixmpp_chat.py")) {
                Files.copy(in, script);
            }
            Process p = new ProcessBuilder(PYTHON, script.toString(), "127.0.0.1", String.valueOf(server.c2sPort()),
                    "pybot@localhost/py", TestServer.PASSWORD, dir.resolve("certs/localhost.crt").toString(),
                    "human@localhost").redirectErrorStream(true).start();
            boolean finished = p.waitFor(60, TimeUnit.SECONDS);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!finished) {
                p.destroyForcibly();
            }
            assertThat(finished).as(output).isTrue();
            assertThat(output).as(output).contains("MECH SCRAM-SHA-256", "BOUND pybot@localhost/py",
                    "GOT human@localhost/desk pong: ping from slixmpp");
            human.disconnect();
        }
    }

    @Test
    void slixmppEnablesStreamManagementAndTheServerAcknowledgesItsMessage(@TempDir Path dir) throws Exception {
        requireSlixmpp();
        try (TestServer server = TestServer.start(dir)) {
            server.addUser("smbot");
            server.addUser("reader");
            XMPPTCPConnection reader = server.login("reader", "desk");
            BlockingQueue<Message> inbox = SmackServerExtension.inbox(reader);
            Path script = dir.resolve("slixmpp_sm.py");
            try (var in = getClass().getResourceAsStream("/interop/slixmpp_sm.py")) {
                Files.copy(in, script);
            }
            Process p = new ProcessBuilder(PYTHON, script.toString(), "127.0.0.1", String.valueOf(server.c2sPort()),
                    "smbot@localhost/py", TestServer.PASSWORD, dir.resolve("certs/localhost.crt").toString(),
                    "reader@localhost/desk").redirectErrorStream(true).start();
            boolean finished = p.waitFor(60, TimeUnit.SECONDS);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!finished) {
                p.destroyForcibly();
            }
            assertThat(finished).as(output).isTrue();
            assertThat(output).as(output).contains("SM ENABLED resume=True", "ACKED sm-1");
            assertThat(inbox.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("acked by the server?");
            reader.disconnect();
        }
    }

    private static void requireSlixmpp() {
        DebianPeers.require("python3-slixmpp", DebianPeers.runs(PYTHON, "-c", "import slixmpp"));
    }
}
