package causse.server.admin;

import causse.jid.Jid;
import causse.jid.JidFormatException;
import causse.server.sasl.ScramCredentials;
import causse.storage.AccountStore;
import causse.storage.ScramCredential;
import java.util.List;
import java.util.Set;

/**
 * Account administration for the launcher's commands and for tests: checks the JID and the password,
 * derives the SCRAM keys, and writes through the {@link AccountStore}. Blocking: not for event loops.
 */
public final class AccountService {
    private final AccountStore store;
    private final ScramCredentials credentials;
    private final Set<String> hostedDomains;

    public AccountService(AccountStore store, ScramCredentials credentials, Set<String> hostedDomains) {
        this.store = store;
        this.credentials = credentials;
        this.hostedDomains = Set.copyOf(hostedDomains);
    }

    /** Normalises {@code jid} and checks that it names an account of a hosted domain; else IllegalArgumentException. */
    public Jid accountJid(String jid) {
        Jid parsed;
        try {
            parsed = Jid.parse(jid);
        } catch (JidFormatException e) {
            throw new IllegalArgumentException("'" + jid + "' is not a valid JID: " + e.getMessage());
        }
        if (parsed.local() == null || parsed.hasResource()) {
            throw new IllegalArgumentException("'" + jid + "' is not an account JID (expected user@domain)");
        }
        if (!hostedDomains.contains(parsed.domain())) {
            throw new IllegalArgumentException("'" + parsed.domain() + "' is not a domain of this server (hosts: "
                    + String.join(", ", hostedDomains) + ")");
        }
        return parsed;
    }

    /** Creates the account; false when it exists already. */
    public boolean add(String jid, String password) {
        Jid account = accountJid(jid);
        return store.create(account.toString(), derive(password));
    }

    public boolean changePassword(String jid, String password) {
        Jid account = accountJid(jid);
        return store.updateCredentials(account.toString(), derive(password));
    }

    public boolean delete(String jid) {
        return store.delete(accountJid(jid).toString());
    }

    /** Asks a server running on this store to remove the account; false when there is no such account. */
    public boolean requestRemoval(String jid) {
        return store.requestRemoval(accountJid(jid).toString());
    }

    public boolean exists(String jid) {
        return store.find(accountJid(jid).toString()).isPresent();
    }

    public List<String> list(String domain) {
        return store.list(domain);
    }

    private List<ScramCredential> derive(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
        return credentials.derive(password);
    }
}
