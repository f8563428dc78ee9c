package causse.server.admin;

import causse.jid.Jid;
import causse.server.modules.ModuleRuntime;
import causse.session.ClientSession;
import causse.session.Sessions;
import causse.stanza.StreamErrorCondition;
import causse.storage.AccountStore;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the removals that {@code causse deluser} asks for in the store while this server runs, as an
 * in-band cancellation (XEP-0077 §3.2) is carried out: the modules read what they need, the account is deleted,
 * the modules tell its contacts and forget it, and its sessions end with {@code <not-authorized/>}. Without
 * this, the command could only delete the stored account under a server that still held its sessions.
 */
public final class RemovalRequests {
    private static final Logger log = LoggerFactory.getLogger(RemovalRequests.class);
    private final AccountStore store;
    private final ModuleRuntime modules;
    private final Sessions sessions;
    private final Executor storage;
    private final AtomicBoolean polling = new AtomicBoolean();

    /** @param storage runs the store reads and the removals, never an event loop */
    public RemovalRequests(AccountStore store, ModuleRuntime modules, Sessions sessions, Executor storage) {
        this.store = store;
        this.modules = modules;
        this.sessions = sessions;
        this.storage = storage;
    }

    /** From a timer: one pass over the requests on the storage executor, unless the previous one still runs. */
    public void poll() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        try {
            storage.execute(() -> {
                try {
                    takeAll();
                } catch (RuntimeException e) {
                    log.warn("Reading the account removal requests failed", e);
                } finally {
                    polling.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            polling.set(false);
        }
    }

    /** Removes every account asked for; the deletion ends each request, so a request is carried out once. */
    void takeAll() {
        for (String jid : store.removalRequests()) {
            Jid account = Jid.parse(jid);
            if (modules.removeAccount(account, () -> store.delete(jid))) {
                log.info("Account {} removed (causse deluser)", jid);
                for (ClientSession s : sessions.sessionsOf(account)) {
                    s.close(StreamErrorCondition.NOT_AUTHORIZED, "The account has been removed");
                }
            }
        }
    }
}
