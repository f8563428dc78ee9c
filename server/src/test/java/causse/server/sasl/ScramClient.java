package causse.server.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;

import causse.server.sasl.ScramCredentials.ScramAlgorithm;
import java.util.Base64;

/**
 * The client side of SCRAM, written from RFC 5802 §3 for the tests: builds the messages and the
 * proof, and computes the server signature it expects.
 */
final class ScramClient {
    private final ScramAlgorithm algorithm;
    private final String password;
    final String gs2Header;
    final String clientFirstBare;
    private byte[] saltedPassword;
    private String authMessage;

    ScramClient(ScramAlgorithm algorithm, String password, String gs2Header, String saslName, String clientNonce) {
        this.algorithm = algorithm;
        this.password = password;
        this.gs2Header = gs2Header;
        this.clientFirstBare = "n=" + saslName + ",r=" + clientNonce;
    }

    String clientFirst() {
        return gs2Header + clientFirstBare;
    }

    /** The client-final for this server-first, with {@code c=} from our gs2-header. */
    String clientFinal(String serverFirst) {
        return clientFinal(serverFirst, Base64.getEncoder().encodeToString(gs2Header.getBytes(UTF_8)), null);
    }

    /** The client-final with any {@code c=} value and, when not null, another nonce than the server's. */
    String clientFinal(String serverFirst, String channelBinding, String nonceOverride) {
        String nonce = nonceOverride;
        String salt = null;
        int iterations = 0;
        for (String attribute : serverFirst.split(",")) {
            switch (attribute.charAt(0)) {
                case 'r' -> nonce = nonce == null ? attribute.substring(2) : nonce;
                case 's' -> salt = attribute.substring(2);
                case 'i' -> iterations = Integer.parseInt(attribute.substring(2));
                default -> { }
            }
        }
        saltedPassword = algorithm.hi(password.getBytes(UTF_8), Base64.getDecoder().decode(salt), iterations);
        String withoutProof = "c=" + channelBinding + ",r=" + nonce;
        authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] clientKey = algorithm.hmac(saltedPassword, "Client Key".getBytes(UTF_8));
        byte[] signature = algorithm.hmac(algorithm.hash(clientKey), authMessage.getBytes(UTF_8));
        for (int i = 0; i < signature.length; i++) {
            signature[i] ^= clientKey[i];
        }
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(signature);
    }

    String expectedServerFinal() {
        byte[] serverKey = algorithm.hmac(saltedPassword, "Server Key".getBytes(UTF_8));
        return "v=" + Base64.getEncoder().encodeToString(algorithm.hmac(serverKey, authMessage.getBytes(UTF_8)));
    }
}
