package causse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code causse start} as its own process, as an operator runs it: start-up, a client, SIGTERM. */
class LauncherProcessTest {
    @Test
    void sigtermEndsEveryStreamWithSystemShutdownAndClosesTheDatabase(@TempDir Path dir) throws Exception {
        Path config = ServerProcess.configure(dir, "");
        ServerProcess.addUser(config, "op");
        try (ServerProcess server = ServerProcess.start(config, dir.resolve("out.log"))) {
            assertThat(server.servingLine()).containsPattern("started in \\d+ ms");
            Path data = server.dataDir();
            try (RawXmppClient c = RawXmppClient.directTls(server.directTlsPort(),
                    TestServer.sslContext(data, "localhost"), "localhost")) {
                c.send(C2sWireTest.OPEN).expect("</stream:features>");
                c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                        + C2sWireTest.plain("", "op", TestServer.PASSWORD) + "</auth>").expect("<success");
                c.send(C2sWireTest.OPEN).expect("</stream:features>");
                c.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>").expect("</iq>");

                // SIGTERM; the JVM reports a signal's exit as 128 + 15 even when it stopped cleanly.
                assertThat(server.terminate(Duration.ofSeconds(30))).isIn(0, 143);
                assertThat(c.awaitClose(Duration.ofSeconds(20))).contains("<system-shutdown", "</stream:stream>");
            }
            assertThat(server.output()).contains("Causse stopped");
            assertThat(data.resolve("causse.lock.db")).doesNotExist();
            assertThat(Files.list(data).map(f -> f.getFileName().toString()).toList())
                    .contains("causse.mv.db", "db-password", "secret", "certs");
        }
    }
}
