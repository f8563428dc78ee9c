package causse.s2s.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server Dialback keys (XEP-0220 §2.1.1), computed as XEP-0185 recommends:
 * {@code HMAC-SHA256(hex(SHA256(secret)), receiving + ' ' + originating + ' ' + streamId)}, in lower-case hex.
 * Being a function of the stream, the key needs no storage: the authoritative server recomputes it to answer a
 * {@code <db:verify/>}. The secret lives only in memory (a restart invalidates keys in flight, which costs a retry).
 */
public final class DialbackKeys {
    private final byte[] hmacKey;

    public DialbackKeys(byte[] secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
            this.hmacKey = HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public String key(String receiving, String originating, String streamId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            byte[] out = mac.doFinal((receiving + ' ' + originating + ' ' + streamId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** Compares in constant time: the key is a secret a peer could otherwise guess byte by byte. */
    public boolean isValid(String key, String receiving, String originating, String streamId) {
        if (key == null || streamId == null) {
            return false;
        }
        return MessageDigest.isEqual(key.trim().getBytes(StandardCharsets.UTF_8),
                key(receiving, originating, streamId).getBytes(StandardCharsets.UTF_8));
    }
}
