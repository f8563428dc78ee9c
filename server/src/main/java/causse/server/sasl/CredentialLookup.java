package causse.server.sasl;

import causse.storage.ScramCredential;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where the SASL mechanisms find stored credentials. The server's implementation
 * ({@link StoredCredentialLookup}) runs the JDBC call on the storage executor, so the stage completes
 * on a storage thread; tests use a map.
 */
@FunctionalInterface
public interface CredentialLookup {
    /**
     * The credential of {@code username@domain} for {@code mechanism}; empty when there is no such
     * account or it has no credential for that mechanism. The stage fails when storage does.
     *
     * @param domain the normalised domainpart the client connected to
     * @param username the normalised localpart
     * @param mechanism {@code SCRAM-SHA-1} or {@code SCRAM-SHA-256}
     */
    CompletionStage<Optional<ScramCredential>> find(String domain, String username, String mechanism);
}
