package causse.storage;

import java.util.List;
import java.util.Optional;

/**
 * Accounts of the local domains. JIDs are bare and already normalised by the caller. Calls block
 * (JDBC): protocol code runs them on the storage executor, never on a Netty event loop.
 */
public interface AccountStore {
    /** Creates the account; false when it already exists. */
    boolean create(String jid, List<ScramCredential> credentials);

    Optional<Account> find(String jid);

    /**
     * The account's credential for one SCRAM mechanism, empty when there is no such account or it has none for
     * that mechanism: all a login needs, which a store can read more cheaply than the whole account.
     */
    default Optional<ScramCredential> credential(String jid, String mechanism) {
        return find(jid).flatMap(account -> account.credential(mechanism));
    }

    /** Replaces all credentials of the account (a password change); false when there is no such account. */
    boolean updateCredentials(String jid, List<ScramCredential> credentials);

    /** Deletes the account and its credentials; false when there was no such account. */
    boolean delete(String jid);

    /**
     * Asks whichever server runs on this store to remove the account (see {@link #removalRequests}); false when
     * there is no such account. Asking twice is one request. Deleting the account ends the request.
     */
    boolean requestRemoval(String jid);

    /** The accounts whose removal was asked for and that still exist, sorted. */
    List<String> removalRequests();

    /** Bare JIDs of the accounts of {@code domain}, or of every domain when it is null, sorted. */
    List<String> list(String domain);
}
