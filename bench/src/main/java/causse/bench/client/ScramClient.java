package causse.bench.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM (RFC 5802, RFC 7677) without channel binding ({@code n,,}). One per
 * authentication: it keeps the messages it needs to compute the proof and check the server.
 *
 * <p>The password is used as given (no SASLprep): the bench's accounts use ASCII passwords, for which
 * SASLprep changes nothing.
 */
public final class ScramClient {
    private final String hash;
    private final String macName;
    private final String username;
    private final String password;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    /** @param mechanism {@code SCRAM-SHA-1} or {@code SCRAM-SHA-256} */
    public ScramClient(String mechanism, String username, String password, String clientNonce) {
        switch (mechanism) {
            case "SCRAM-SHA-1" -> { hash = "SHA-1"; macName = "HmacSHA1"; }
            case "SCRAM-SHA-256" -> { hash = "SHA-256"; macName = "HmacSHA256"; }
            default -> throw new IllegalArgumentException("not a SCRAM mechanism: " + mechanism);
        }
        this.username = username;
        this.password = password;
        this.clientNonce = clientNonce;
    }

    public static String randomNonce(SecureRandom random) {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    public String clientFirst() {
        clientFirstBare = "n=" + username.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        return "n,," + clientFirstBare;
    }

    /** Computes client-final-message from server-first-message; throws if the server's nonce or values are bad. */
    public String clientFinal(String serverFirst) {
        String nonce = attribute(serverFirst, 'r');
        String salt = attribute(serverFirst, 's');
        String iterations = attribute(serverFirst, 'i');
        if (nonce == null || salt == null || iterations == null || !nonce.startsWith(clientNonce)) {
            throw new IllegalStateException("bad server-first-message: " + serverFirst);
        }
        String withoutProof = "c=biws,r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        try {
            byte[] salted = hi(password.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(salt),
                    Integer.parseInt(iterations));
            byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = MessageDigest.getInstance(hash).digest(clientKey);
            byte[] clientSignature = hmac(storedKey, authMessage.getBytes(StandardCharsets.UTF_8));
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
            expectedServerSignature = hmac(serverKey, authMessage.getBytes(StandardCharsets.UTF_8));
            return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when server-final-message carries the signature that proves the server knows the password. */
    public boolean verifyServerFinal(String serverFinal) {
        String v = attribute(serverFinal, 'v');
        return v != null && expectedServerSignature != null
                && MessageDigest.isEqual(expectedServerSignature, Base64.getDecoder().decode(v));
    }

    private byte[] hi(byte[] pass, byte[] salt, int iterations) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(macName);
        mac.init(new SecretKeySpec(pass, macName));
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(macName);
        mac.init(new SecretKeySpec(key, macName));
        return mac.doFinal(data);
    }

    private static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        return null;
    }
}
