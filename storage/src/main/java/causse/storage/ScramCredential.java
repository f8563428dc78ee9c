package causse.storage;

import java.util.Arrays;
import java.util.Objects;

/**
 * What is kept of a password for one SCRAM mechanism (RFC 5802 §3): the salt, the iteration count and
 * the two derived keys. The password itself is never stored.
 *
 * @param mechanism {@code SCRAM-SHA-1} or {@code SCRAM-SHA-256}
 */
public record ScramCredential(String mechanism, byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    public ScramCredential {
        Objects.requireNonNull(mechanism, "mechanism");
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredential c && mechanism.equals(c.mechanism) && iterations == c.iterations
                && Arrays.equals(salt, c.salt) && Arrays.equals(storedKey, c.storedKey)
                && Arrays.equals(serverKey, c.serverKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mechanism, iterations, Arrays.hashCode(salt), Arrays.hashCode(storedKey));
    }

    @Override
    public String toString() {
        return "ScramCredential[" + mechanism + ", i=" + iterations + "]";
    }
}
