package causse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's account commands, against a real H2 file, with the server stopped and running. */
class MainTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private Result run(String stdin, String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private Path config(String... extraHosts) throws Exception {
        StringBuilder yaml = new StringBuilder("hosts:\n  - domain: localhost\n");
        for (String h : extraHosts) {
            yaml.append("  - domain: ").append(h).append('\n');
        }
        yaml.append("data_dir: ").append(dir.resolve("data")).append('\n');
        Path file = dir.resolve("causse.yml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void addListChangeAndDeleteAccounts() throws Exception {
        String cfg = config("iut.rdz").toString();
        assertThat(run("", "adduser", "-c", cfg, "Alice@LocalHost", "pw1").code()).isZero();
        assertThat(run("", "adduser", "-c", cfg, "bot@iut.rdz", "pw2").code()).isZero();
        assertThat(run("", "users", "-c", cfg).out()).isEqualTo("alice@localhost\nbot@iut.rdz\n");
        assertThat(run("", "users", "-c", cfg, "iut.rdz").out()).isEqualTo("bot@iut.rdz\n");

        Result again = run("", "adduser", "-c", cfg, "alice@localhost", "other");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");

        assertThat(run("new-password\n", "passwd", "-c", cfg, "alice@localhost").code()).isZero();
        assertThat(run("", "deluser", "-c", cfg, "alice@localhost").code()).isZero();
        assertThat(run("", "users", "-c", cfg).out()).isEqualTo("bot@iut.rdz\n");
        Result gone = run("", "deluser", "-c", cfg, "alice@localhost");
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err()).contains("no account alice@localhost");
    }

    @Test
    void badArgumentsGiveAClearMessageAndANonZeroExit() throws Exception {
        String cfg = config().toString();
        Result notHosted = run("", "adduser", "-c", cfg, "x@elsewhere.example", "pw");
        assertThat(notHosted.code()).isEqualTo(1);
        assertThat(notHosted.err()).contains("'elsewhere.example' is not a domain of this server");
        Result noLocal = run("", "adduser", "-c", cfg, "localhost", "pw");
        assertThat(noLocal.code()).isEqualTo(1);
        assertThat(noLocal.err()).contains("not an account JID");
        Result bad = run("", "adduser", "-c", cfg, "a@@localhost", "pw");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("not a valid JID");
        assertThat(run("", "passwd", "-c", cfg).code()).isEqualTo(2);
        assertThat(run("", "frobnicate").code()).isEqualTo(2);
        Result noPassword = run("", "adduser", "-c", cfg, "y@localhost");
        assertThat(noPassword.code()).isEqualTo(1);
        assertThat(noPassword.err()).contains("no password");
    }

    @Test
    void adduserReadsManyAccountsFromStandardInput() throws Exception {
        String cfg = config().toString();
        StringBuilder lines = new StringBuilder("# load-test accounts\n");
        for (int i = 1; i <= 50; i++) {
            lines.append("user").append(i).append("@localhost secret").append(i).append('\n');
        }
        Result r = run(lines.toString(), "adduser", "-c", cfg);
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Created 50 accounts");
        assertThat(run("", "users", "-c", cfg).out().lines()).hasSize(50).contains("user7@localhost");
        Result malformed = run("user51@localhost\n", "adduser", "-c", cfg);
        assertThat(malformed.code()).isEqualTo(1);
        assertThat(malformed.err()).contains("line 1");
    }

    @Test
    void accountCommandsWorkWhileTheServerRuns() throws Exception {
        Path cfg = config();
        try (TestServer running = TestServer.start(dir.resolve("data"),
                c -> TestServer.defaults(dir.resolve("data")))) {
            Result r = run("", "adduser", "-c", cfg.toString(), "live@localhost", TestServer.PASSWORD);
            assertThat(r.code()).as(r.err()).isZero();
            XMPPTCPConnection c = running.login("live", "r");
            assertThat(c.isAuthenticated()).isTrue();
            c.disconnect();
            assertThat(run("", "users", "-c", cfg.toString()).out()).contains("live@localhost");
        }
    }
}
