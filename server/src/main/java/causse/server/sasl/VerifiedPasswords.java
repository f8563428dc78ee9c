package causse.server.sasl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, for a bounded number of accounts, a keyed fingerprint of the password that last passed a
 * full PBKDF2 check against a given stored key, so that a client logging in again with PLAIN (bots and load
 * generators reconnect all day) costs one HMAC instead of thousands. The HMAC key is random per process and
 * never leaves memory; the stored key is part of the fingerprint, so a changed password simply misses.
 * Only successful checks are remembered, so an unknown account or a wrong password always pays the full
 * derivation and their timing stays alike. Thread-safe.
 */
public final class VerifiedPasswords {
    private static final String HMAC = "HmacSHA256";

    private final byte[] key = new byte[32];
    private final Map<String, byte[]> byAccount;
    private final AtomicLong hits = new AtomicLong();

    public VerifiedPasswords(SecureRandom random, int capacity) {
        random.nextBytes(key);
        this.byAccount = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True when {@code password} is the one last verified for {@code account} against this stored key. */
    boolean matches(String account, byte[] storedKey, String password) {
        byte[] known;
        synchronized (byAccount) {
            known = byAccount.get(account);
        }
        boolean match = known != null && MessageDigest.isEqual(known, fingerprint(account, storedKey, password));
        if (match) {
            hits.incrementAndGet();
        }
        return match;
    }

    /** Records a password that a full derivation has just verified. */
    void remember(String account, byte[] storedKey, String password) {
        byte[] f = fingerprint(account, storedKey, password);
        synchronized (byAccount) {
            byAccount.put(account, f);
        }
    }

    /** How many checks the cache answered (for tests and metrics). */
    public long hits() {
        return hits.get();
    }

    private byte[] fingerprint(String account, byte[] storedKey, String password) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            mac.update(account.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(storedKey);
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
