package causse.server;

import causse.server.config.CausseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fixture of a Smack test class, registered as a static {@code @RegisterExtension} field: before the class's
 * own {@code @BeforeAll} it starts a {@link TestServer} in a fresh data directory with the given users; after each
 * test it disconnects the connections it handed out or was given to {@link #track}; after the class's own
 * {@code @AfterAll} it stops the server and deletes the directory.
 */
public final class SmackServerExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final UnaryOperator<CausseConfig> tweak;
    private final List<String> users;
    private final List<XMPPTCPConnection> connections = new ArrayList<>();
    private Path dataDir;
    private TestServer server;

    private SmackServerExtension(UnaryOperator<CausseConfig> tweak, List<String> users) {
        this.tweak = tweak;
        this.users = users;
    }

    /** A server with the test defaults and these accounts, each with {@link TestServer#PASSWORD}. */
    public static SmackServerExtension withUsers(String... users) {
        return configured(UnaryOperator.identity(), users);
    }

    /** A server with the test defaults adjusted by {@code tweak}, and these accounts. */
    public static SmackServerExtension configured(UnaryOperator<CausseConfig> tweak, String... users) {
        return new SmackServerExtension(tweak, List.of(users));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("causse-smack-");
        server = TestServer.start(dataDir, tweak);
        users.forEach(server::addUser);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        connections.forEach(XMPPTCPConnection::disconnect);
        connections.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    public TestServer server() {
        return server;
    }

    /** The connections disconnected after this test; tests may add their own. */
    public List<XMPPTCPConnection> connections() {
        return connections;
    }

    /** Disconnects {@code c} after this test. */
    public XMPPTCPConnection track(XMPPTCPConnection c) {
        connections.add(c);
        return c;
    }

    /** A connected, authenticated {@code user@localhost/resource}, disconnected after this test. */
    public XMPPTCPConnection login(String user, String resource) throws Exception {
        return track(server.login(user, resource));
    }

    /** Collects every message a connection receives. */
    public static BlockingQueue<Message> inbox(XMPPConnection c) {
        BlockingQueue<Message> q = new LinkedBlockingQueue<>();
        c.addAsyncStanzaListener(s -> q.add((Message) s), StanzaTypeFilter.MESSAGE);
        return q;
    }
}
