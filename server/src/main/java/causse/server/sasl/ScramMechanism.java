package causse.server.sasl;

import causse.sasl.SaslExchange;
import causse.sasl.SaslMechanism;
import causse.server.sasl.ScramCredentials.ScramAlgorithm;
import causse.storage.ScramCredential;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * SCRAM-SHA-1 or SCRAM-SHA-256 (RFC 5802, RFC 7677), server side, without channel binding: one
 * instance per mechanism, one {@link ScramExchange} per attempt. Only the stored keys are needed,
 * never the password, and the server does no key stretching (the client does).
 *
 * <p>An unknown account must not be told apart from a wrong password: it receives a server-first
 * message with a salt derived from a server secret (stable across attempts, as a real salt is) and the
 * default iteration count, and fails at the end with the same not-authorized.
 */
public final class ScramMechanism implements SaslMechanism {
    private static final int FAKE_SALT_LENGTH = 16;
    private static final int NONCE_BYTES = 18;

    private final ScramAlgorithm algorithm;
    private final CredentialLookup credentials;
    private final Supplier<String> nonces;
    private final int defaultIterations;
    private final byte[] serverSecret;

    /**
     * @param nonces the server's part of each nonce: printable ASCII without ','; see {@link #randomNonces}
     * @param defaultIterations the iteration count new credentials get, shown for unknown accounts
     * @param serverSecret a secret of the installation, kept across restarts so that fake salts stay stable
     */
    public ScramMechanism(ScramAlgorithm algorithm, CredentialLookup credentials, Supplier<String> nonces,
            int defaultIterations, byte[] serverSecret) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        if (defaultIterations < 1) {
            throw new IllegalArgumentException("iteration count must be positive");
        }
        this.defaultIterations = defaultIterations;
        if (serverSecret == null || serverSecret.length < 16) {
            throw new IllegalArgumentException("server secret must hold at least 16 bytes");
        }
        this.serverSecret = serverSecret.clone();
    }

    /** Nonces of 144 random bits, base64-encoded (RFC 5802 §5.1 asks for at least 128 bits in total). */
    public static Supplier<String> randomNonces(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return () -> {
            byte[] bytes = new byte[NONCE_BYTES];
            random.nextBytes(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        };
    }

    @Override
    public String name() {
        return algorithm.mechanism();
    }

    @Override
    public boolean sendsPlaintextPassword() {
        return false;
    }

    @Override
    public SaslExchange start(String domain) {
        return new ScramExchange(this, Objects.requireNonNull(domain, "domain"));
    }

    ScramAlgorithm algorithm() {
        return algorithm;
    }

    CredentialLookup credentials() {
        return credentials;
    }

    /** The server's part of the nonce, checked here because it goes into the message verbatim. */
    String serverNonce() {
        String nonce = nonces.get();
        if (nonce == null || nonce.isEmpty() || !nonce.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ',')) {
            throw new IllegalStateException("the nonce source gave an unusable nonce");
        }
        return nonce;
    }

    /**
     * What an unknown account looks like: salt = the first 16 bytes of HMAC(secret, mechanism,
     * username, domain), the default iteration count, keys nobody can match. The domain is part of the
     * input so that the same unknown username on two domains does not show the same salt, which real
     * accounts never do.
     */
    ScramCredential fakeCredential(String domain, String username) {
        byte[] input = (name() + '\0' + username + '\0' + domain).getBytes(StandardCharsets.UTF_8);
        byte[] mac = algorithm.hmac(serverSecret, input);
        byte[] salt = Arrays.copyOf(mac, FAKE_SALT_LENGTH);
        byte[] key = algorithm.hmac(serverSecret, mac);
        return new ScramCredential(name(), salt, defaultIterations, key, key);
    }
}
