package causse.server.sasl;

import causse.jid.Jid;
import causse.jid.JidFormatException;
import causse.sasl.SaslFailure;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** What PLAIN and SCRAM share: strict UTF-8, the authentication identity, the authorization identity. */
final class SaslIdentities {
    private SaslIdentities() {
    }

    /** Strict UTF-8: a malformed sequence is refused rather than replaced, so nothing is silently altered. */
    static String utf8(byte[] message) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message))
                    .toString();
        } catch (CharacterCodingException e) {
            throw SaslRefusal.malformed("not UTF-8");
        }
    }

    /**
     * The account {@code username@domain} with the username normalised as a localpart. A username
     * that cannot be a localpart cannot be an account: not-authorized, like a wrong password.
     */
    static Jid account(String username, String domain) {
        try {
            return Jid.of(username, domain, null);
        } catch (JidFormatException e) {
            throw new SaslRefusal(SaslFailure.NOT_AUTHORIZED, "not authorized");
        }
    }

    /**
     * Accepts an absent or empty authzid, or one naming the authenticated account itself: acting on
     * behalf of another entity (proxy authorization) is not offered.
     */
    static void checkAuthzid(String authzid, Jid account) {
        if (authzid == null || authzid.isEmpty()) {
            return;
        }
        Jid requested;
        try {
            requested = Jid.parse(authzid);
        } catch (JidFormatException e) {
            throw new SaslRefusal(SaslFailure.INVALID_AUTHZID, "authzid is not a JID");
        }
        if (!requested.equals(account)) {
            throw new SaslRefusal(SaslFailure.INVALID_AUTHZID, "authzid must be the authenticating account");
        }
    }
}
