package causse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code causse start} as its own process, as an operator runs it: start-up, a client, SIGTERM. */
class LauncherProcessTest {
    @Test
    void sigtermEndsEveryStreamWithSystemShutdownAndClosesTheDatabase(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path config = dir.resolve("causse.yml");
        Files.writeString(config, """
                hosts:
                  - domain: localhost
                data_dir: %s
                listeners:
                  - type: c2s
                    bind: 127.0.0.1
                    port: 0
                  - type: c2s_direct_tls
                    bind: 127.0.0.1
                    port: 0
                """.formatted(data));
        assertThat(Main.run(new String[] {"adduser", "-c", config.toString(), "op@localhost", TestServer.PASSWORD},
                java.io.InputStream.nullInputStream(), new java.io.PrintWriter(System.out, true),
                new java.io.PrintWriter(System.err, true))).isZero();

        // To a file, not a pipe: Process.destroy() closes the pipe, and the shutdown lines would be lost.
        Path out = dir.resolve("out.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "causse.server.Main", "start", "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            String started = ServerProcess.awaitLine(out, "serving", Duration.ofSeconds(60));
            Matcher m = Pattern.compile("c2s_direct_tls 127\\.0\\.0\\.1:(\\d+)").matcher(started);
            assertThat(m.find()).as(started).isTrue();
            assertThat(started).containsPattern("started in \\d+ ms");
            int directTls = Integer.parseInt(m.group(1));

            try (RawXmppClient c = RawXmppClient.directTls(directTls, TestServer.sslContext(data, "localhost"), "localhost")) {
                c.send(C2sWireTest.OPEN).expect("</stream:features>");
                c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                        + C2sWireTest.plain("", "op", TestServer.PASSWORD) + "</auth>").expect("<success");
                c.send(C2sWireTest.OPEN).expect("</stream:features>");
                c.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>").expect("</iq>");

                p.destroy();   // SIGTERM
                assertThat(c.awaitClose(Duration.ofSeconds(20))).contains("<system-shutdown", "</stream:stream>");
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // The JVM reports a SIGTERM exit as 128 + 15 even when its shutdown hook ran to the end.
            assertThat(p.exitValue()).isIn(0, 143);
            assertThat(Files.readString(out)).contains("Causse stopped");
            assertThat(data.resolve("causse.lock.db")).doesNotExist();
            assertThat(Files.list(data).map(f -> f.getFileName().toString()).toList())
                    .contains("causse.mv.db", "db-password", "secret", "certs");
        } finally {
            p.destroyForcibly();
        }
    }
}
