package causse.server.modules.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import causse.server.DebianPeers;
import causse.server.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code grh} walk-through, run as written: the slixmpp bot of {@code pubsub/examples/grh_bot.py}
 * (Debian's python3-slixmpp) as three listening bots and the HR bot that publishes. Each listener prints
 * every item exactly once.
 */
class SlixmppGrhTest {
    private static final String PYTHON = "/usr/bin/python3";
    /** Maven runs the server module's tests from its own directory. */
    private static final Path SCRIPT = Path.of("../pubsub/examples/grh_bot.py").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** A running bot and the lines it printed. */
    private record Bot(Process process, BlockingQueue<String> lines) {
        String next() throws InterruptedException {
            String line = lines.poll(30, TimeUnit.SECONDS);
            assertThat(line).as("a line from the bot within 30 s").isNotNull();
            return line;
        }
    }

    private Bot start(TestServer server, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON, SCRIPT.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--port", String.valueOf(server.c2sPort()), "--ca",
                dir.resolve("certs/localhost.crt").toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("READ FAILED " + e);
            }
        }, "grh-bot-output");
        reader.setDaemon(true);
        reader.start();
        return new Bot(p, lines);
    }

    private String publish(TestServer server, String text) throws Exception {
        Bot rh = start(server, "publish", "rh@localhost/bot", TestServer.PASSWORD, text);
        assertThat(rh.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        String line = rh.next();
        assertThat(line).startsWith("PUBLISHED ");
        return line.substring("PUBLISHED ".length());
    }

    @Test
    void threeListeningBotsGetEachNewEmployeeExactlyOnce() throws Exception {
        DebianPeers.require("python3-slixmpp", DebianPeers.runs(PYTHON, "-c", "import slixmpp"));
        assertThat(SCRIPT).exists();
        try (TestServer server = TestServer.start(dir)) {
            List<Bot> listeners = new ArrayList<>();
            server.addUser("rh");
            try {
                // The HR bot's first publish creates the node; the listeners then subscribe and, as the node
                // sends its last item on subscription, get that one too (in either order with the answer).
                String opening = publish(server, "ouverture");
                for (String name : List.of("annuaire", "paie", "telephonie")) {
                    server.addUser(name);
                    listeners.add(start(server, "listen", name + "@localhost/bot", TestServer.PASSWORD));
                }
                for (Bot b : listeners) {
                    assertThat(List.of(b.next(), b.next())).containsExactlyInAnyOrder("SUBSCRIBED",
                            "NEW " + opening + " ouverture");
                }

                String jeanne = publish(server, "Jeanne Martin");
                String paul = publish(server, "Paul Durand");
                String end = publish(server, "fin");

                // Exactly once, in order: a duplicate would come before the next item.
                for (Bot b : listeners) {
                    assertThat(b.next()).isEqualTo("NEW " + jeanne + " Jeanne Martin");
                    assertThat(b.next()).isEqualTo("NEW " + paul + " Paul Durand");
                    assertThat(b.next()).isEqualTo("NEW " + end + " fin");
                }
            } finally {
                listeners.forEach(b -> b.process().destroyForcibly());
            }
        }
    }
}
