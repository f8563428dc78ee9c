package causse.server.sasl;

import static causse.server.sasl.ScramMechanismTest.assertFailure;
import static causse.server.sasl.ScramMechanismTest.challenge;
import static causse.server.sasl.ScramMechanismTest.step;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import causse.sasl.SaslExchange;
import causse.sasl.SaslFailure;
import causse.sasl.SaslStep;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainMechanismTest {
    private static final String DOMAIN = "example.com";

    private final ScramCredentials credentials = new ScramCredentials(new SecureRandom(), 4096);
    private final MapCredentialLookup lookup = new MapCredentialLookup()
            .putAll(DOMAIN, "user", credentials.derive("pencil"));
    private final AtomicInteger hashingTasks = new AtomicInteger();
    /** Runs tasks on the calling thread, counting them: the test sees that the derivation was handed over. */
    private final Executor hashing = task -> {
        hashingTasks.incrementAndGet();
        task.run();
    };
    private final VerifiedPasswords verified = new VerifiedPasswords(new SecureRandom(), 2);
    private final PlainMechanism plain = new PlainMechanism(lookup, hashing, 4096, verified);

    private SaslStep authenticate(String authzid, String authcid, String password) {
        return step(plain.start(DOMAIN), authzid + "\0" + authcid + "\0" + password);
    }

    @Test
    void success() {
        assertThat(plain.name()).isEqualTo("PLAIN");
        assertThat(plain.sendsPlaintextPassword()).isTrue();
        SaslStep step = authenticate("", "user", "pencil");
        assertThat(step).isInstanceOf(SaslStep.Success.class);
        assertThat(((SaslStep.Success) step).username()).isEqualTo("user");
        assertThat(((SaslStep.Success) step).additionalData()).isEmpty();
        assertThat(hashingTasks).hasValue(1);
    }

    @Test
    void aPasswordAlreadyVerifiedIsRecognisedWithoutADerivationAndOnlyForItsStoredKey() {
        assertThat(authenticate("", "user", "pencil")).isInstanceOf(SaslStep.Success.class);
        assertThat(verified.hits()).isZero();
        assertThat(authenticate("", "user", "pencil")).isInstanceOf(SaslStep.Success.class);
        assertThat(verified.hits()).isEqualTo(1);
        // A wrong password is never answered from the cache.
        assertFailure(authenticate("", "user", "pen"), SaslFailure.NOT_AUTHORIZED);
        assertThat(verified.hits()).isEqualTo(1);
        // A new password means a new stored key: the old one no longer passes, the new one is derived once.
        lookup.putAll(DOMAIN, "user", credentials.derive("eraser"));
        assertFailure(authenticate("", "user", "pencil"), SaslFailure.NOT_AUTHORIZED);
        assertThat(authenticate("", "user", "eraser")).isInstanceOf(SaslStep.Success.class);
        assertThat(verified.hits()).isEqualTo(1);
        assertThat(authenticate("", "user", "eraser")).isInstanceOf(SaslStep.Success.class);
        assertThat(verified.hits()).isEqualTo(2);
    }

    @Test
    void theCacheIsBoundedAndForgetsTheLeastRecentlyUsedAccount() {
        lookup.putAll(DOMAIN, "a", credentials.derive("pa")).putAll(DOMAIN, "b", credentials.derive("pb"))
                .putAll(DOMAIN, "c", credentials.derive("pc"));
        for (String u : new String[] {"a", "b", "c"}) {
            assertThat(authenticate("", u, "p" + u)).isInstanceOf(SaslStep.Success.class);
        }
        authenticate("", "a", "pa");   // evicted by c (capacity 2): a full derivation again, no hit
        assertThat(verified.hits()).isZero();
        authenticate("", "c", "pc");
        assertThat(verified.hits()).isEqualTo(1);
    }

    @Test
    void usernameIsNormalised() {
        SaslStep step = authenticate("", "USER", "pencil");
        assertThat(((SaslStep.Success) step).username()).isEqualTo("user");
    }

    @Test
    void wrongPasswordAndUnknownUserFailAlikeAfterTheSameWork() {
        SaslStep wrong = authenticate("", "user", "Pencil");
        assertFailure(wrong, SaslFailure.NOT_AUTHORIZED);
        assertThat(hashingTasks).hasValue(1);
        SaslStep unknown = authenticate("", "nobody", "pencil");
        // What the client sees is the same (the account tried is only kept for the server's throttling).
        assertThat(unknown).usingRecursiveComparison().ignoringFields("account").isEqualTo(wrong);
        assertThat(hashingTasks).hasValue(2);
        // Both lookups always run, so storage traffic does not tell either.
        assertThat(lookup.lookups).containsExactly(
                "user@example.com SCRAM-SHA-256", "user@example.com SCRAM-SHA-1",
                "nobody@example.com SCRAM-SHA-256", "nobody@example.com SCRAM-SHA-1");
    }

    @Test
    void fallsBackToScramSha1() {
        MapCredentialLookup onlySha1 = new MapCredentialLookup()
                .put(DOMAIN, "old", credentials.derive("secret").get(0));
        assertThat(credentials.derive("x").get(0).mechanism()).isEqualTo(ScramCredentials.SCRAM_SHA_1);
        PlainMechanism m = new PlainMechanism(onlySha1, hashing, 4096);
        assertThat(step(m.start(DOMAIN), "\0old\0secret")).isInstanceOf(SaslStep.Success.class);
        assertFailure(step(m.start(DOMAIN), "\0old\0Secret"), SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void passwordIsPreparedLikeTheStoredOne() {
        lookup.putAll(DOMAIN, "amelie", credentials.derive("caf\u00e9 cr\u00e8me"));
        // Decomposed accents and a no-break space: OpaqueString gives the same string.
        assertThat(authenticate("", "amelie", "cafe\u0301\u00a0cre\u0300me")).isInstanceOf(SaslStep.Success.class);
        assertFailure(authenticate("", "amelie", "caf\u00e9 cr\u00e8me\u0007"), SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void authzid() {
        assertThat(authenticate("user@example.com", "user", "pencil")).isInstanceOf(SaslStep.Success.class);
        assertThat(authenticate("User@EXAMPLE.com", "user", "pencil")).isInstanceOf(SaslStep.Success.class);
        assertFailure(authenticate("admin@example.com", "user", "pencil"), SaslFailure.INVALID_AUTHZID);
        assertFailure(authenticate("user@example.com/r", "user", "pencil"), SaslFailure.INVALID_AUTHZID);
        assertFailure(authenticate("user", "user", "pencil"), SaslFailure.INVALID_AUTHZID);
        assertFailure(authenticate("@", "user", "pencil"), SaslFailure.INVALID_AUTHZID);
        assertThat(hashingTasks).hasValue(2);
    }

    @Test
    void invalidUsernameIsNotAuthorized() {
        assertFailure(authenticate("", "us er", "pencil"), SaslFailure.NOT_AUTHORIZED);
        assertFailure(authenticate("", "user@example.com", "pencil"), SaslFailure.NOT_AUTHORIZED);
        assertThat(lookup.lookups).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "\0user", "user\0pencil", "\0\0pencil", "\0user\0", "\0\0", "a\0user\0pencil\0",
        "\0user\0pencil\0x"})
    void emptyOrMissingFields(String message) {
        assertFailure(step(plain.start(DOMAIN), message), SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void notUtf8() {
        byte[] message = {0, 'u', 's', 'e', 'r', 0, 'p', (byte) 0xE9, 'n'};
        assertFailure(step(plain.start(DOMAIN), message), SaslFailure.MALFORMED_REQUEST);
        byte[] overlong = {0, 'u', 0, (byte) 0xC0, (byte) 0x80};
        assertFailure(step(plain.start(DOMAIN), overlong), SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void oversizeMessage() {
        assertFailure(authenticate("", "user", "p".repeat(5000)), SaslFailure.MALFORMED_REQUEST);
        assertThat(hashingTasks).hasValue(0);
    }

    @Test
    void absentInitialResponseGetsOneEmptyChallenge() {
        SaslExchange exchange = plain.start(DOMAIN);
        assertThat(challenge(step(exchange, new byte[0]))).isEmpty();
        assertThat(step(exchange, "\0user\0pencil")).isInstanceOf(SaslStep.Success.class);

        SaslExchange twice = plain.start(DOMAIN);
        step(twice, new byte[0]);
        assertFailure(step(twice, new byte[0]), SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void oneAttemptPerExchange() {
        SaslExchange exchange = plain.start(DOMAIN);
        assertThat(step(exchange, "\0user\0pencil")).isInstanceOf(SaslStep.Success.class);
        assertFailure(step(exchange, "\0user\0pencil"), SaslFailure.MALFORMED_REQUEST);
        SaslExchange failed = plain.start(DOMAIN);
        assertFailure(step(failed, "\0user\0wrong"), SaslFailure.NOT_AUTHORIZED);
        assertFailure(step(failed, "\0user\0pencil"), SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void derivationRunsOnTheHashingExecutorOnly() {
        Queue<Runnable> queued = new ArrayDeque<>();
        PlainMechanism m = new PlainMechanism(lookup, queued::add, 4096);
        CompletableFuture<SaslStep> pending = m.start(DOMAIN).evaluate("\0user\0pencil".getBytes(UTF_8))
                .toCompletableFuture();
        assertThat(pending).isNotDone();
        assertThat(queued).hasSize(1);
        queued.poll().run();
        assertThat(pending).isCompletedWithValueMatching(s -> s instanceof SaslStep.Success);
    }

    @Test
    void saturatedExecutorOrStorageFailureIsTemporary() {
        PlainMechanism rejecting = new PlainMechanism(lookup, task -> {
            throw new RejectedExecutionException("full");
        }, 4096);
        assertFailure(step(rejecting.start(DOMAIN), "\0user\0pencil"), SaslFailure.TEMPORARY_AUTH_FAILURE);
        CredentialLookup down = (d, u, m) -> CompletableFuture.failedFuture(new IllegalStateException("db"));
        assertFailure(step(new PlainMechanism(down, hashing, 4096).start(DOMAIN), "\0user\0pencil"),
                SaslFailure.TEMPORARY_AUTH_FAILURE);
        CredentialLookup throwing = (d, u, m) -> {
            throw new IllegalStateException("db");
        };
        assertFailure(step(new PlainMechanism(throwing, hashing, 4096).start(DOMAIN), "\0user\0pencil"),
                SaslFailure.TEMPORARY_AUTH_FAILURE);
    }

    @Test
    void randomBytesGiveAFailure() {
        Random random = new Random(4616);
        for (int n = 0; n < 2000; n++) {
            byte[] noise = new byte[1 + random.nextInt(64)];
            random.nextBytes(noise);
            assertThat(step(plain.start(DOMAIN), noise)).isInstanceOf(SaslStep.Failure.class);
        }
    }

    @Test
    void constructorChecks() {
        assertThatThrownBy(() -> new PlainMechanism(lookup, hashing, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlainMechanism(null, hashing, 4096)).isInstanceOf(NullPointerException.class);
    }
}
