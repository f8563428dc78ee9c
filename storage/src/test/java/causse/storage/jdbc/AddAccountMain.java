package causse.storage.jdbc;

import causse.storage.AccountStoreContract;
import java.util.List;

/**
 * What {@code causse adduser} will do, run as a separate JVM by {@link AutoServerTest}: open the database, create
 * one account, print every account it sees, close. Exit status 0 when created, 2 when it already existed.
 */
public final class AddAccountMain {
    private AddAccountMain() {
    }

    public static void main(String[] args) {
        String url = args[0];
        String jid = args[1];
        try (Database db = Database.open(url, "sa", "")) {
            JdbcAccountStore store = new JdbcAccountStore(db);
            boolean created = store.create(jid, List.of(AccountStoreContract.sha256(42)));
            System.out.println("created=" + created);
            System.out.println("accounts=" + store.list(null));
            System.exit(created ? 0 : 2);
        }
    }
}
