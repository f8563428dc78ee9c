package causse.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An account: its bare JID ({@code user@domain}, normalised), when it was created, its SCRAM credentials. */
public record Account(String jid, Instant created, List<ScramCredential> credentials) {
    public Account {
        credentials = List.copyOf(credentials);
    }

    public Optional<ScramCredential> credential(String mechanism) {
        return credentials.stream().filter(c -> c.mechanism().equals(mechanism)).findFirst();
    }

    /** The domain of this account: what follows the '@' of its JID. */
    public String domain() {
        return domainOf(jid);
    }

    /**
     * The domain part of a bare account JID ({@code user@domain}): neither part may contain '@' (RFC 7622), so it
     * is what follows the only '@'.
     *
     * @throws IllegalArgumentException when the JID has no localpart or no domain
     */
    public static String domainOf(String jid) {
        int at = jid.indexOf('@');
        if (at <= 0 || at == jid.length() - 1) {
            throw new IllegalArgumentException("not a bare account JID (user@domain): " + jid);
        }
        return jid.substring(at + 1);
    }
}
