package causse.server.sasl;

import causse.storage.ScramCredential;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import rocks.xmpp.precis.PrecisProfiles;

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
        this.random = Objects.requireNonNull(random, "random");
        this.iterations = iterations;
    }

    /**
     * Prepares a password as RFC 5802 §2.2 asks, with SASLprep's successor, the PRECIS OpaqueString
     * profile (RFC 8265 §4.2): non-ASCII spaces become ASCII spaces, then NFC; control characters and
     * the like are refused. Clients prepare the same way, so the same password typed differently
     * (composed or decomposed accents) still matches.
     *
     * @throws IllegalArgumentException for a null, empty or invalid password; the message never
     *     contains the password
     */
    public static String saslPrep(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("empty password");
        }
        try {
            return PrecisProfiles.OPAQUE_STRING.enforce(password);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid password: " + e.getMessage());
        }
    }

    /** Fresh credentials for every supported mechanism, each with its own salt; the password is prepared with {@link #saslPrep}. */
    public List<ScramCredential> derive(String password) {
        String prepared = saslPrep(password);
        return List.of(derive(SCRAM_SHA_1, prepared), derive(SCRAM_SHA_256, prepared));
    }

    private ScramCredential derive(String mechanism, String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return derive(mechanism, password, salt, iterations);
    }

    /**
     * The credential for one mechanism with the given salt and iteration count (also how PLAIN checks
     * a password against a stored credential); the password is prepared with {@link #saslPrep}, which
     * is idempotent.
     */
    public static ScramCredential derive(String mechanism, String password, byte[] salt, int iterations) {
        ScramAlgorithm alg = ScramAlgorithm.forMechanism(mechanism);
        byte[] salted = alg.hi(saslPrep(password).getBytes(StandardCharsets.UTF_8), salt, iterations);
        byte[] clientKey = alg.hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] storedKey = alg.hash(clientKey);
        byte[] serverKey = alg.hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        return new ScramCredential(mechanism, salt, iterations, storedKey, serverKey);
    }

    /** The hash and HMAC of one SCRAM mechanism. */
    public enum ScramAlgorithm {
        SHA_1(SCRAM_SHA_1, "SHA-1", "HmacSHA1", 20), SHA_256(SCRAM_SHA_256, "SHA-256", "HmacSHA256", 32);

        private final String mechanism;
        private final String digest;
        private final String mac;
        private final int length;

        ScramAlgorithm(String mechanism, String digest, String mac, int length) {
            this.mechanism = mechanism;
            this.digest = digest;
            this.mac = mac;
            this.length = length;
        }

        /** The SASL mechanism name, e.g. {@code SCRAM-SHA-256}. */
        public String mechanism() {
            return mechanism;
        }

        /** The output length of the hash and HMAC, in bytes. */
        public int length() {
            return length;
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
            if (iterations < 1) {
                // Without this, 0 or a negative count from a corrupt row would silently mean 1.
                throw new IllegalArgumentException("iteration count must be positive: " + iterations);
            }
            Objects.requireNonNull(salt, "salt");
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
