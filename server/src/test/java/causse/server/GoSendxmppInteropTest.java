package causse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * go-sendxmpp (Go, Debian package) as the shell side of a {@code listen | process | say} pipeline: one
 * instance listens and prints what it gets, another sends each line it reads from standard input.
 */
class GoSendxmppInteropTest {
    private static final String TOOL = "/usr/bin/go-sendxmpp";

    @Test
    void linesPipedIntoOneShellBotComeOutOfAnother(@TempDir Path dir) throws Exception {
        DebianPeers.require("go-sendxmpp", DebianPeers.runs(TOOL, "--version"));
        try (TestServer server = TestServer.start(dir)) {
            server.addUser("logbot");
            server.addUser("ops");
            String address = "127.0.0.1:" + server.c2sPort();
            Path heard = dir.resolve("heard.txt");
            // -n: the test server's certificate is self-signed and go-sendxmpp takes no CA file.
            Process listener = new ProcessBuilder(TOOL, "-l", "-n", "-u", "ops@localhost", "-p", TestServer.PASSWORD,
                    "-j", address).redirectErrorStream(true).redirectOutput(heard.toFile()).start();
            Process sender = null;
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> server.server().sessions()
                        .sessionsOf(causse.jid.Jid.parse("ops@localhost")).stream().anyMatch(s -> s.isAvailable()));
                sender = new ProcessBuilder(TOOL, "-i", "-n", "-u", "logbot@localhost", "-p", TestServer.PASSWORD,
                        "-j", address, "ops@localhost").redirectErrorStream(true)
                        .redirectOutput(dir.resolve("sender.txt").toFile()).start();
                OutputStream in = sender.getOutputStream();
                in.write("disk /var at 91%\nbackup finished: 42 GB\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(heard).contains("42 GB"));
                assertThat(Files.readString(heard)).contains("logbot@localhost: disk /var at 91%",
                        "logbot@localhost: backup finished: 42 GB");
            } finally {
                listener.destroyForcibly();
                if (sender != null) {
                    sender.destroyForcibly();
                }
            }
        }
    }
}
