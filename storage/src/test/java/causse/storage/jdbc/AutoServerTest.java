package causse.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import causse.storage.AccountStoreContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reason for {@code AUTO_SERVER=TRUE} in the server's default URL: an admin command in another process
 * ({@code causse adduser}) must be able to write while the server holds the database file open.
 */
class AutoServerTest {
    private static final long CHILD_TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void anotherProcessWritesWhileThisOneHoldsTheFileOpen() throws Exception {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath() + "/causse;AUTO_SERVER=TRUE";
        try (Database server = Database.open(url, "sa", "")) {
            JdbcAccountStore store = new JdbcAccountStore(server);
            store.create("alice@example.org", List.of(AccountStoreContract.sha1(1)));

            Child child = runChild(url, "bob@example.org");

            assertThat(child.exitCode).as("child output:%n%s", child.output).isZero();
            // The child saw what this process wrote, and this process sees what the child wrote.
            assertThat(child.output).contains("accounts=[alice@example.org, bob@example.org]");
            assertThat(store.find("bob@example.org").orElseThrow().credentials())
                    .containsExactly(AccountStoreContract.sha256(42));
            // And this process still owns a working database once the child is gone.
            assertThat(store.create("carol@example.org", List.of())).isTrue();
            assertThat(store.list("example.org"))
                    .containsExactly("alice@example.org", "bob@example.org", "carol@example.org");
        }
    }

    @Test
    @Timeout(120)
    void withoutAutoServerTheOtherProcessIsLockedOut() throws Exception {
        // The control experiment: the same steps with a plain file URL fail in the child, so AUTO_SERVER is what
        // makes the test above pass.
        String url = "jdbc:h2:file:" + dir.toAbsolutePath() + "/causse";
        try (Database server = Database.open(url, "sa", "")) {
            Child child = runChild(url, "bob@example.org");

            assertThat(child.exitCode).as("child output:%n%s", child.output).isNotZero().isNotEqualTo(-1);
            assertThat(child.output).contains("Database may be already in use");
            assertThat(new JdbcAccountStore(server).list(null)).isEmpty();
        }
    }

    private Child runChild(String url, String jid) throws IOException, InterruptedException {
        Path log = dir.resolve("child.log");
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                AddAccountMain.class.getName(), url, jid)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return new Child(-1, "timed out after " + CHILD_TIMEOUT_SECONDS + " s\n" + read(log));
            }
            return new Child(process.exitValue(), read(log));
        } finally {
            process.destroyForcibly();
        }
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private record Child(int exitCode, String output) {
    }
}
