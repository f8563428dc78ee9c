package causse.server.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import causse.sasl.SaslExchange;
import causse.sasl.SaslFailure;
import causse.sasl.SaslStep;
import causse.server.sasl.ScramCredentials.ScramAlgorithm;
import causse.storage.ScramCredential;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScramMechanismTest {
    private static final String DOMAIN = "example.com";
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(UTF_8);
    private static final String RFC5802_SALT = "QSXCR+Q6sek8bf92";
    private static final String RFC7677_SALT = "W22ZaJ0SNY7soEsUEjb6gQ==";

    private final MapCredentialLookup lookup = new MapCredentialLookup()
            .put(DOMAIN, "user", rfcCredential(ScramCredentials.SCRAM_SHA_1, RFC5802_SALT))
            .put(DOMAIN, "user", rfcCredential(ScramCredentials.SCRAM_SHA_256, RFC7677_SALT));

    private static ScramCredential rfcCredential(String mechanism, String salt) {
        return ScramCredentials.derive(mechanism, "pencil", Base64.getDecoder().decode(salt), 4096);
    }

    private ScramMechanism mechanism(ScramAlgorithm algorithm, Supplier<String> nonces) {
        return new ScramMechanism(algorithm, lookup, nonces, 4096, SECRET);
    }

    private ScramMechanism sha256() {
        return mechanism(ScramAlgorithm.SHA_256, ScramMechanism.randomNonces(new SecureRandom()));
    }

    static SaslStep step(SaslExchange exchange, byte[] message) {
        try {
            return exchange.evaluate(message).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the exchange must answer with a step, not " + e, e);
        }
    }

    static SaslStep step(SaslExchange exchange, String message) {
        return step(exchange, message.getBytes(UTF_8));
    }

    static String challenge(SaslStep step) {
        assertThat(step).isInstanceOf(SaslStep.Challenge.class);
        return new String(((SaslStep.Challenge) step).data(), UTF_8);
    }

    static void assertFailure(SaslStep step, SaslFailure condition) {
        assertThat(step).isInstanceOf(SaslStep.Failure.class);
        assertThat(((SaslStep.Failure) step).condition()).isEqualTo(condition);
    }

    /** Runs a whole exchange with a client that knows {@code password}; returns the last step. */
    private SaslStep authenticate(ScramMechanism m, String gs2Header, String saslName, String password) {
        SaslExchange exchange = m.start(DOMAIN);
        ScramClient client = new ScramClient(ScramAlgorithm.SHA_256, password, gs2Header, saslName, "cnonce123");
        SaslStep first = step(exchange, client.clientFirst());
        if (!(first instanceof SaslStep.Challenge)) {
            return first;
        }
        SaslStep last = step(exchange, client.clientFinal(challenge(first)));
        if (last instanceof SaslStep.Success s) {
            assertThat(new String(s.additionalData(), UTF_8)).isEqualTo(client.expectedServerFinal());
        }
        return last;
    }

    @Test
    void rfc5802Sha1Example() {
        ScramMechanism m = mechanism(ScramAlgorithm.SHA_1, () -> "3rfcNHYJY1ZVvWVs7j");
        assertThat(m.name()).isEqualTo("SCRAM-SHA-1");
        assertThat(m.sendsPlaintextPassword()).isFalse();
        SaslExchange exchange = m.start(DOMAIN);
        assertThat(challenge(step(exchange, "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL")))
                .isEqualTo("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
        SaslStep last = step(exchange,
                "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
        assertThat(last).isInstanceOf(SaslStep.Success.class);
        assertThat(((SaslStep.Success) last).username()).isEqualTo("user");
        assertThat(new String(((SaslStep.Success) last).additionalData(), UTF_8))
                .isEqualTo("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
    }

    @Test
    void rfc7677Sha256Example() {
        ScramMechanism m = mechanism(ScramAlgorithm.SHA_256, () -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
        assertThat(m.name()).isEqualTo("SCRAM-SHA-256");
        SaslExchange exchange = m.start(DOMAIN);
        assertThat(challenge(step(exchange, "n,,n=user,r=rOprNGfwEbeRWgbNEkqO"))).isEqualTo(
                "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        SaslStep last = step(exchange, "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(new String(((SaslStep.Success) last).additionalData(), UTF_8))
                .isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void testClientAgreesWithTheRfc() {
        ScramClient client = new ScramClient(ScramAlgorithm.SHA_1, "pencil", "n,,", "user", "fyko+d2lbbFgONRv9qkxdawL");
        assertThat(client.clientFinal("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"))
                .isEqualTo("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
    }

    @Test
    void wrongPassword() {
        assertFailure(authenticate(sha256(), "n,,", "user", "pencil!"), SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void usernameIsNormalised() {
        SaslStep last = authenticate(sha256(), "n,,", "USER", "pencil");
        assertThat(((SaslStep.Success) last).username()).isEqualTo("user");
        assertThat(lookup.lookups).containsOnly("user@example.com SCRAM-SHA-256");
    }

    @Test
    void invalidUsernameIsNotAuthorized() {
        assertFailure(authenticate(sha256(), "n,,", "us er", "pencil"), SaslFailure.NOT_AUTHORIZED);
        assertFailure(authenticate(sha256(), "n,,", "a@b", "pencil"), SaslFailure.NOT_AUTHORIZED);
        assertThat(lookup.lookups).isEmpty();
    }

    @Test
    void saslNameEscapes() {
        lookup.put(DOMAIN, "a,b=c", ScramCredentials.derive(ScramCredentials.SCRAM_SHA_256, "pw",
                new byte[] {1, 2, 3}, 4096));
        assertThat(authenticate(sha256(), "n,,", "a=2Cb=3Dc", "pw")).isInstanceOf(SaslStep.Success.class);
        for (String bad : new String[] {"a=2cb", "a=", "a=3", "a=41b", "=", "=2"}) {
            assertFailure(authenticate(sha256(), "n,,", bad, "pw"), SaslFailure.MALFORMED_REQUEST);
        }
    }

    @Test
    void unknownUserLooksLikeAWrongPassword() {
        ScramMechanism m = sha256();
        SaslExchange exchange = m.start(DOMAIN);
        String serverFirst = challenge(step(exchange, "n,,n=nobody,r=abc"));
        assertThat(serverFirst).matches("r=abc[!-+--~]{24},s=[A-Za-z0-9+/]{22}==,i=4096");
        ScramClient client = new ScramClient(ScramAlgorithm.SHA_256, "pencil", "n,,", "nobody", "abc");
        SaslStep unknown = step(exchange, client.clientFinal(serverFirst));
        // What the client sees is the same (the account tried is only kept for the server's throttling).
        assertThat(unknown).usingRecursiveComparison().ignoringFields("account")
                .isEqualTo(authenticate(m, "n,,", "user", "wrong"));
        assertFailure(unknown, SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void fakeSaltIsStableAndPerAccount() {
        ScramMechanism m = sha256();
        String salt = salt(m, DOMAIN, "nobody");
        assertThat(salt(m, DOMAIN, "nobody")).isEqualTo(salt);
        assertThat(salt(m, DOMAIN, "NoBody")).isEqualTo(salt);
        assertThat(salt(sha256(), DOMAIN, "nobody")).as("same secret, new instance").isEqualTo(salt);
        assertThat(salt(m, DOMAIN, "nobody2")).isNotEqualTo(salt);
        assertThat(salt(m, "example.net", "nobody")).isNotEqualTo(salt);
        assertThat(salt(mechanism(ScramAlgorithm.SHA_1, () -> "n"), DOMAIN, "nobody")).isNotEqualTo(salt);
        assertThat(Base64.getDecoder().decode(salt)).hasSize(16);
    }

    private String salt(ScramMechanism m, String domain, String user) {
        String serverFirst = challenge(step(m.start(domain), "n,,n=" + user + ",r=x"));
        return serverFirst.split(",")[1].substring(2);
    }

    @Test
    void credentialOfAnotherMechanismCountsAsUnknown() {
        MapCredentialLookup onlySha1 = new MapCredentialLookup()
                .put(DOMAIN, "user", rfcCredential(ScramCredentials.SCRAM_SHA_1, RFC5802_SALT));
        ScramMechanism m = new ScramMechanism(ScramAlgorithm.SHA_256, onlySha1,
                ScramMechanism.randomNonces(new SecureRandom()), 4096, SECRET);
        assertFailure(authenticate(m, "n,,", "user", "pencil"), SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void authzid() {
        ScramMechanism m = sha256();
        assertThat(authenticate(m, "n,a=user@example.com,", "user", "pencil")).isInstanceOf(SaslStep.Success.class);
        assertThat(authenticate(m, "n,a=User@Example.COM,", "user", "pencil")).isInstanceOf(SaslStep.Success.class);
        assertThat(authenticate(m, "n,a=,", "user", "pencil")).isInstanceOf(SaslStep.Success.class);
        assertFailure(authenticate(m, "n,a=admin@example.com,", "user", "pencil"), SaslFailure.INVALID_AUTHZID);
        assertFailure(authenticate(m, "n,a=user@example.com/res,", "user", "pencil"), SaslFailure.INVALID_AUTHZID);
        assertFailure(authenticate(m, "n,a=user@example.net,", "user", "pencil"), SaslFailure.INVALID_AUTHZID);
        assertFailure(authenticate(m, "n,a=@@,", "user", "pencil"), SaslFailure.INVALID_AUTHZID);
        assertFailure(authenticate(m, "n,x=user,", "user", "pencil"), SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void channelBindingFlags() {
        ScramMechanism m = sha256();
        assertThat(authenticate(m, "y,,", "user", "pencil")).isInstanceOf(SaslStep.Success.class);
        assertFailure(authenticate(m, "p=tls-exporter,,", "user", "pencil"), SaslFailure.MALFORMED_REQUEST);
        assertFailure(authenticate(m, "q,,", "user", "pencil"), SaslFailure.MALFORMED_REQUEST);
        assertFailure(authenticate(m, ",,", "user", "pencil"), SaslFailure.MALFORMED_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eSws", "biwx", "", "cD10bHMtZXhwb3J0ZXIsLA=="})
    void channelBindingMismatch(String channelBinding) {
        SaslExchange exchange = sha256().start(DOMAIN);
        ScramClient client = new ScramClient(ScramAlgorithm.SHA_256, "pencil", "n,,", "user", "cn");
        String serverFirst = challenge(step(exchange, client.clientFirst()));
        // The proof is computed over the altered c=, so only the channel-binding check can refuse it.
        assertFailure(step(exchange, client.clientFinal(serverFirst, channelBinding, null)), SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void nonceTampering() {
        for (String tamper : new String[] {"cn", "cnX", "XX", "%s!", "!%s", "cn%s"}) {
            SaslExchange exchange = sha256().start(DOMAIN);
            ScramClient client = new ScramClient(ScramAlgorithm.SHA_256, "pencil", "n,,", "user", "cn");
            String serverFirst = challenge(step(exchange, client.clientFirst()));
            String fullNonce = serverFirst.split(",")[0].substring(2);
            String nonce = tamper.contains("%s") ? String.format(tamper, fullNonce) : tamper;
            String biws = Base64.getEncoder().encodeToString("n,,".getBytes(UTF_8));
            assertFailure(step(exchange, client.clientFinal(serverFirst, biws, nonce)), SaslFailure.NOT_AUTHORIZED);
        }
    }

    @Test
    void mandatoryExtensionIsRefusedOptionalOnesIgnored() {
        assertFailure(step(sha256().start(DOMAIN), "n,,m=ext,n=user,r=abc"), SaslFailure.MALFORMED_REQUEST);
        SaslExchange exchange = sha256().start(DOMAIN);
        ScramClient client = new ScramClient(ScramAlgorithm.SHA_256, "pencil", "n,,", "user", "cn,x=ext");
        String serverFirst = challenge(step(exchange, client.clientFirst()));
        assertThat(serverFirst).startsWith("r=cn").doesNotContain("x=ext");
        assertThat(step(exchange, client.clientFinal(serverFirst))).isInstanceOf(SaslStep.Success.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"n", "n,", "n,,", "n,,n=user", "n,,r=abc,n=user", "n,,n=user,r=", "n,,n=,r=abc",
        "n,,n=user,r=a b", "n,,n=user,r=abc,", "n,,n=user,r=abc,1=x", "n,,n=user,r=abc,xx", "n,,n=u\0ser,r=abc",
        "n,,n=user,r=abc\u00e9", "n,,N=user,r=abc", "n ,,n=user,r=abc", "p,,n=user,r=abc"})
    void malformedClientFirst(String message) {
        assertFailure(step(sha256().start(DOMAIN), message), SaslFailure.MALFORMED_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "c=biws", "c=biws,r=%s", "r=%s,c=biws,p=%p", "c=biws,p=%p,r=%s", "c=bi ws,r=%s,p=%p",
        "c=biws,r=%s,p=", "c=biws,r=%s,p=!!!!", "c=biws,r=%s,p=AAAA", "c=biws,r=%s,p=%p,", "c=biws,r=%s,x,p=%p",
        "c=biws,r=%s,p=%p\0", "c=biws,r=%s,p=%p=="})
    void malformedClientFinal(String template) {
        SaslExchange exchange = sha256().start(DOMAIN);
        String serverFirst = challenge(step(exchange, "n,,n=user,r=abc"));
        String nonce = serverFirst.split(",")[0].substring(2);
        String proof = Base64.getEncoder().encodeToString(new byte[32]);
        String message = template.replace("%s", nonce).replace("%p", proof);
        assertFailure(step(exchange, message), SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void notUtf8() {
        assertFailure(step(sha256().start(DOMAIN), new byte[] {'n', ',', ',', 'n', '=', (byte) 0xC3, ',', 'r', '=', 'a'}),
                SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void nothingAfterTheEnd() {
        ScramMechanism m = sha256();
        SaslExchange exchange = m.start(DOMAIN);
        ScramClient client = new ScramClient(ScramAlgorithm.SHA_256, "pencil", "n,,", "user", "cn");
        String serverFirst = challenge(step(exchange, client.clientFirst()));
        String clientFinal = client.clientFinal(serverFirst);
        assertThat(step(exchange, clientFinal)).isInstanceOf(SaslStep.Success.class);
        assertFailure(step(exchange, clientFinal), SaslFailure.MALFORMED_REQUEST);
        assertFailure(step(exchange, client.clientFirst()), SaslFailure.MALFORMED_REQUEST);

        SaslExchange failed = m.start(DOMAIN);
        assertFailure(step(failed, "garbage"), SaslFailure.MALFORMED_REQUEST);
        assertFailure(step(failed, client.clientFirst()), SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void absentInitialResponseGetsOneEmptyChallenge() {
        SaslExchange exchange = sha256().start(DOMAIN);
        assertThat(challenge(step(exchange, new byte[0]))).isEmpty();
        assertThat(challenge(step(exchange, "n,,n=user,r=abc"))).startsWith("r=abc");

        SaslExchange twice = sha256().start(DOMAIN);
        step(twice, new byte[0]);
        assertFailure(step(twice, new byte[0]), SaslFailure.MALFORMED_REQUEST);
        assertThat(challenge(step(sha256().start(DOMAIN), (byte[]) null))).isEmpty();
    }

    @Test
    void storageFailureIsTemporary() {
        CredentialLookup failing = (d, u, m) -> CompletableFuture.failedFuture(new IllegalStateException("db down"));
        CredentialLookup throwing = (d, u, m) -> {
            throw new IllegalStateException("db down");
        };
        CredentialLookup nullStage = (d, u, m) -> null;
        for (CredentialLookup l : new CredentialLookup[] {failing, throwing, nullStage}) {
            ScramMechanism m = new ScramMechanism(ScramAlgorithm.SHA_256, l, () -> "n", 4096, SECRET);
            SaslExchange exchange = m.start(DOMAIN);
            assertFailure(step(exchange, "n,,n=user,r=abc"), SaslFailure.TEMPORARY_AUTH_FAILURE);
            assertFailure(step(exchange, "c=biws,r=abcn,p=AAAA"), SaslFailure.MALFORMED_REQUEST);
        }
    }

    @Test
    void badNonceSourceIsTemporary() {
        ScramMechanism m = mechanism(ScramAlgorithm.SHA_256, () -> "a,b");
        assertFailure(step(m.start(DOMAIN), "n,,n=user,r=abc"), SaslFailure.TEMPORARY_AUTH_FAILURE);
    }

    @Test
    void lookupCompletingOnAnotherThread() throws Exception {
        ExecutorService storage = Executors.newSingleThreadExecutor();
        try {
            CredentialLookup async = (d, u, mech) -> CompletableFuture.supplyAsync(() -> {
                sleep(50);
                return lookup.find(d, u, mech).toCompletableFuture().join();
            }, storage);
            ScramMechanism m = new ScramMechanism(ScramAlgorithm.SHA_256, async,
                    ScramMechanism.randomNonces(new SecureRandom()), 4096, SECRET);
            SaslExchange exchange = m.start(DOMAIN);
            ScramClient client = new ScramClient(ScramAlgorithm.SHA_256, "pencil", "n,,", "user", "cn");
            CompletableFuture<SaslStep> pending = exchange.evaluate(client.clientFirst().getBytes(UTF_8))
                    .toCompletableFuture();
            assertThat(pending).isNotDone();
            String serverFirst = challenge(pending.get(10, TimeUnit.SECONDS));
            assertThat(step(exchange, client.clientFinal(serverFirst))).isInstanceOf(SaslStep.Success.class);
        } finally {
            storage.shutdownNow();
        }
    }

    /** Random bytes, and valid messages cut or with bytes changed: always a step, never an exception. */
    @Test
    void fuzzedMessagesAlwaysGiveAStep() {
        Random random = new Random(5802);
        ScramMechanism m = mechanism(ScramAlgorithm.SHA_256, () -> "snonce");
        String validFirst = "n,a=user@example.com,n=user,r=cnonce,x=1";
        ScramClient client = new ScramClient(ScramAlgorithm.SHA_256, "pencil", "n,a=user@example.com,", "user", "cnonce,x=1");
        String validFinal = client.clientFinal(challenge(step(m.start(DOMAIN), validFirst)));
        for (int n = 0; n < 3000; n++) {
            SaslExchange first = m.start(DOMAIN);
            assertThat(step(first, mutate(validFirst, random))).isNotNull();
            SaslExchange second = m.start(DOMAIN);
            SaslStep serverFirst = step(second, validFirst);
            assertThat(serverFirst).isInstanceOf(SaslStep.Challenge.class);
            SaslStep last = step(second, mutate(validFinal, random));
            assertThat(last).isInstanceOfAny(SaslStep.Failure.class, SaslStep.Success.class);
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            assertThat(step(m.start(DOMAIN), noise)).isInstanceOfAny(SaslStep.Failure.class, SaslStep.Challenge.class);
        }
    }

    private static byte[] mutate(String message, Random random) {
        byte[] bytes = message.getBytes(UTF_8);
        switch (random.nextInt(4)) {
            case 0 -> {
                return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
            case 1 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            case 2 -> bytes[random.nextInt(bytes.length)] = (byte) ",=\0a2C3D".charAt(random.nextInt(8));
            default -> {
                for (int i = 0; i < 3; i++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
        }
        return bytes;
    }

    @Test
    void constructorChecks() {
        assertThatThrownBy(
                () -> new ScramMechanism(ScramAlgorithm.SHA_1, lookup, () -> "n", 4096, new byte[4]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                () -> new ScramMechanism(ScramAlgorithm.SHA_1, lookup, () -> "n", 0, SECRET))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
