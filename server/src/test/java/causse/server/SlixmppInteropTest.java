package causse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
            String output = runScript("slixmpp_chat.py", server, dir, "pybot@localhost/py", "human@localhost");
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
            String output = runScript("slixmpp_sm.py", server, dir, "smbot@localhost/py", "reader@localhost/desk");
            assertThat(output).as(output).contains("SM ENABLED resume=True", "ACKED sm-1");
            assertThat(inbox.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("acked by the server?");
            reader.disconnect();
        }
    }

    /**
     * Runs one of the interop scripts (with slixmpp_chat.py, whose client the others build on) as {@code jid}
     * against {@code server}, talking to {@code peer}; returns what it printed once it finished.
     */
    private String runScript(String name, TestServer server, Path dir, String jid, String peer) throws Exception {
        for (String file : new String[] {"slixmpp_chat.py", name}) {
            try (var in = getClass().getResourceAsStream("/interop/" + file)) {
                Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Process p = new ProcessBuilder(PYTHON, dir.resolve(name).toString(), "127.0.0.1",
                String.valueOf(server.c2sPort()), jid, TestServer.PASSWORD, dir.resolve("certs/localhost.crt").toString(),
                peer).redirectErrorStream(true).start();
        boolean finished = p.waitFor(60, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            p.destroyForcibly();
        }
        assertThat(finished).as(output).isTrue();
        return output;
    }

    private static void requireSlixmpp() {
        DebianPeers.require("python3-slixmpp", DebianPeers.runs(PYTHON, "-c", "import slixmpp"));
    }
}
