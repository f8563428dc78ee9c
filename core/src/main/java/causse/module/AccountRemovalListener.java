package causse.module;

import causse.jid.Jid;

/**
 * A module's part in removing an account, as ejabberd's {@code remove_user} hook and Prosody's
 * {@code user-deleted} event: the account's stored data goes in one transaction (the database cascades), so a
 * module that must tell others about it (its contacts, the subscribers of its nodes) reads what it needs first.
 */
@FunctionalInterface
public interface AccountRemovalListener {
    /**
     * Called before the account's data is deleted, on a thread that may block (a storage read is fine), while its
     * sessions are still open. Returns what to do once the deletion has committed, still before the sessions end;
     * it is dropped if the account turned out not to exist.
     */
    Runnable removing(Jid account);
}
