package causse.server.modules;

import causse.jid.Jid;
import causse.module.AccountRemovalListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The modules' removal listeners, and the removal of an account between their two halves. */
final class AccountRemovals {
    private static final Logger log = LoggerFactory.getLogger(AccountRemovals.class);
    private final List<AccountRemovalListener> listeners = new CopyOnWriteArrayList<>();

    void add(AccountRemovalListener listener) {
        listeners.add(listener);
    }

    void remove(AccountRemovalListener listener) {
        listeners.remove(listener);
    }

    /**
     * A listener that fails before the delete stops the removal (the account stays whole); one that fails after
     * it is logged and the others still run, since the account is gone either way.
     */
    boolean remove(Jid account, BooleanSupplier delete) {
        List<Runnable> after = new ArrayList<>();
        for (AccountRemovalListener l : listeners) {
            after.add(l.removing(account));
        }
        if (!delete.getAsBoolean()) {
            return false;
        }
        for (Runnable r : after) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("A module failed to finish the removal of {}", account, e);
            }
        }
        return true;
    }
}
