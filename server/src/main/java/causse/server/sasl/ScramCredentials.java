package causse.server.sasl;

import causse.storage.ScramCredential;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives the SCRAM keys kept for a password (RFC 5802 §3): SaltedPassword = Hi(password, salt, i),
 * StoredKey = H(HMAC(SaltedPassword, "Client Key")), ServerKey = HMAC(SaltedPassword, "Server Key").
 */
public final class ScramCredentials {
    public static final String SCRAM_SHA_1 = "SCRAM-SHA-1";
    public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    public static final int MIN_ITERATIONS = 4096;

    private final SecureRandom random;
    private final int iterations;

    public ScramCredentials(SecureRandom random, int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("SCRAM iteration count must be at least " + MIN_ITERATIONS);
        }
        this.random = random;
        this.iterations = iterations;
    }

    /** Fresh credentials for every supported mechanism, each with its own salt. The password must already be SASLprep'd. */
    public List<ScramCredential> derive(String password) {
        return List.of(derive(SCRAM_SHA_1, password), derive(SCRAM_SHA_256, password));
    }

    private ScramCredential derive(String mechanism, String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return derive(mechanism, password, salt, iterations);
    }

    public static ScramCredential derive(String mechanism, String password, byte[] salt, int iterations) {
        ScramAlgorithm alg = ScramAlgorithm.forMechanism(mechanism);
        byte[] salted = alg.hi(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
        byte[] clientKey = alg.hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] storedKey = alg.hash(clientKey);
        byte[] serverKey = alg.hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        return new ScramCredential(mechanism, salt, iterations, storedKey, serverKey);
    }

    /** The hash and HMAC of one SCRAM mechanism. */
    public enum ScramAlgorithm {
        SHA_1("SHA-1", "HmacSHA1"), SHA_256("SHA-256", "HmacSHA256");

        private final String digest;
        private final String mac;

        ScramAlgorithm(String digest, String mac) {
            this.digest = digest;
            this.mac = mac;
        }

        public static ScramAlgorithm forMechanism(String mechanism) {
            return switch (mechanism) {
                case SCRAM_SHA_1 -> SHA_1;
                case SCRAM_SHA_256 -> SHA_256;
                default -> throw new IllegalArgumentException("not a SCRAM mechanism: " + mechanism);
            };
        }

        public byte[] hash(byte[] data) {
            try {
                return MessageDigest.getInstance(digest).digest(data);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        public byte[] hmac(byte[] key, byte[] data) {
            try {
                Mac m = Mac.getInstance(mac);
                m.init(new SecretKeySpec(key, mac));
                return m.doFinal(data);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Hi() of RFC 5802 §2.2, which is PBKDF2 with this HMAC and one block. */
        public byte[] hi(byte[] password, byte[] salt, int iterations) {
            if (password.length == 0) {
                // SecretKeySpec refuses an empty key, and an empty password is never a valid one.
                throw new IllegalArgumentException("empty password");
            }
            try {
                Mac m = Mac.getInstance(mac);
                m.init(new SecretKeySpec(password, mac));
                m.update(salt);
                byte[] u = m.doFinal(new byte[] {0, 0, 0, 1});
                byte[] result = u.clone();
                for (int i = 1; i < iterations; i++) {
                    u = m.doFinal(u);
                    for (int j = 0; j < result.length; j++) {
                        result[j] ^= u[j];
                    }
                }
                return result;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
