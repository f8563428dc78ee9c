package causse.server.sasl;

import java.util.Base64;

/**
 * Parsing of the two SCRAM client messages (RFC 5802 §7). Anything outside the grammar is a
 * {@link SaslRefusal} with malformed-request; the parsed parts keep the exact text the client sent,
 * because the AuthMessage is computed over it.
 */
final class ScramMessages {
    private ScramMessages() {
    }

    /**
     * The client-first-message.
     *
     * @param gs2Header {@code gs2-cbind-flag "," [authzid] ","}, as sent; echoed in the client-final {@code c=}
     * @param authzid the decoded authzid, or null when absent
     * @param username the decoded saslname, not yet normalised
     * @param bare the client-first-message-bare, as sent
     */
    record ClientFirst(String gs2Header, String authzid, String username, String nonce, String bare) {
    }

    /**
     * The client-final-message.
     *
     * @param withoutProof the client-final-message-without-proof, as sent
     */
    record ClientFinal(byte[] channelBinding, String nonce, byte[] proof, String withoutProof) {
    }

    static ClientFirst clientFirst(String message) {
        checkNoNul(message);
        int flagEnd = message.indexOf(',');
        if (flagEnd < 0) {
            throw SaslRefusal.malformed("missing GS2 header");
        }
        String flag = message.substring(0, flagEnd);
        if (flag.startsWith("p=")) {
            throw SaslRefusal.malformed("channel binding needs a -PLUS mechanism, and none is offered");
        }
        // "y": the client could bind but thinks we cannot. True while no -PLUS variant is offered;
        // once one is, "y" signals a downgrade and must fail (RFC 5802 §6).
        if (!flag.equals("n") && !flag.equals("y")) {
            throw SaslRefusal.malformed("bad channel binding flag");
        }
        int authzidEnd = message.indexOf(',', flagEnd + 1);
        if (authzidEnd < 0) {
            throw SaslRefusal.malformed("missing GS2 header");
        }
        String authzidField = message.substring(flagEnd + 1, authzidEnd);
        String authzid = null;
        if (!authzidField.isEmpty()) {
            if (!authzidField.startsWith("a=")) {
                throw SaslRefusal.malformed("bad authzid field");
            }
            authzid = saslName(authzidField.substring(2), true);
        }
        String bare = message.substring(authzidEnd + 1);
        String[] attributes = bare.split(",", -1);
        if (attributes[0].startsWith("m=")) {
            throw SaslRefusal.malformed("mandatory extension not supported");
        }
        if (attributes.length < 2 || !attributes[0].startsWith("n=") || !attributes[1].startsWith("r=")) {
            throw SaslRefusal.malformed("client-first-message needs n= then r=");
        }
        String username = saslName(attributes[0].substring(2), false);
        String nonce = nonce(attributes[1].substring(2));
        checkExtensions(attributes, 2, attributes.length);
        return new ClientFirst(message.substring(0, authzidEnd + 1), authzid, username, nonce, bare);
    }

    static ClientFinal clientFinal(String message) {
        checkNoNul(message);
        String[] attributes = message.split(",", -1);
        int last = attributes.length - 1;
        if (attributes.length < 3 || !attributes[0].startsWith("c=") || !attributes[1].startsWith("r=")
                || !attributes[last].startsWith("p=")) {
            throw SaslRefusal.malformed("client-final-message needs c=, r= and last p=");
        }
        checkExtensions(attributes, 2, last);
        byte[] channelBinding = base64(attributes[0].substring(2));
        String nonce = nonce(attributes[1].substring(2));
        byte[] proof = base64(attributes[last].substring(2));
        String withoutProof = message.substring(0, message.length() - attributes[last].length() - 1);
        return new ClientFinal(channelBinding, nonce, proof, withoutProof);
    }

    /** RFC 5802 §5.1: ',' and '=' travel as =2C and =3D; any other '=' is an error. */
    static String saslName(String encoded, boolean mayBeEmpty) {
        if (encoded.isEmpty() && !mayBeEmpty) {
            throw SaslRefusal.malformed("empty username");
        }
        if (encoded.indexOf('=') < 0) {
            return encoded;
        }
        StringBuilder decoded = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c != '=') {
                decoded.append(c);
            } else if (encoded.startsWith("=2C", i)) {
                decoded.append(',');
                i += 2;
            } else if (encoded.startsWith("=3D", i)) {
                decoded.append('=');
                i += 2;
            } else {
                throw SaslRefusal.malformed("bad escape in saslname");
            }
        }
        return decoded.toString();
    }

    /** A nonce is printable ASCII other than ','. */
    private static String nonce(String nonce) {
        if (nonce.isEmpty()) {
            throw SaslRefusal.malformed("empty nonce");
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7e) { // ',' cannot occur: the message was split on it
                throw SaslRefusal.malformed("bad character in nonce");
            }
        }
        return nonce;
    }

    /** Optional extensions ({@code x=value}) are allowed and ignored. */
    private static void checkExtensions(String[] attributes, int from, int to) {
        for (int i = from; i < to; i++) {
            String a = attributes[i];
            if (a.length() < 3 || a.charAt(1) != '=' || !isAsciiLetter(a.charAt(0))) {
                throw SaslRefusal.malformed("bad attribute");
            }
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static byte[] base64(String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw SaslRefusal.malformed("bad base64");
        }
    }

    private static void checkNoNul(String message) {
        if (message.indexOf('\0') >= 0) {
            throw SaslRefusal.malformed("NUL in SCRAM message");
        }
    }
}
