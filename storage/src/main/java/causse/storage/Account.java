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
}
