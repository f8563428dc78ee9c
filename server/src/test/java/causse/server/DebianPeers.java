package causse.server;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real XMPP peers that interop tests run from Debian packages. {@code .ci/run} installs them; on a
 * developer machine without them the test is skipped, under CI their absence fails the test.
 */
public final class DebianPeers {
    private DebianPeers() {
    }

    public static void require(String what, boolean present) {
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError(what + " is not installed; .ci/run must install it");
        }
        Assumptions.assumeTrue(present, what + " is not installed");
    }

    public static boolean runs(String... command) {
        try {
            return Files.isExecutable(Path.of(command[0])) && new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
