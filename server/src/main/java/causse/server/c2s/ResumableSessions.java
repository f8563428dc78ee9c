package causse.server.c2s;

import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The sessions a client may resume (XEP-0198 §5), by their SM-ID: every session that enabled stream management
 * with resumption, from its {@code <enabled/>} to its end. Shared by every c2s listener of the server.
 */
public final class ResumableSessions {
    private final Map<String, StreamManagement> byId = new ConcurrentHashMap<>();

    void add(StreamManagement sm) {
        byId.put(sm.id(), sm);
    }

    void remove(StreamManagement sm) {
        byId.remove(sm.id(), sm);
    }

    StreamManagement get(String id) {
        return id == null ? null : byId.get(id);
    }

    /** Sessions waiting for their client to come back. */
    public int waiting() {
        int n = 0;
        for (StreamManagement sm : byId.values()) {
            if (sm.isDetached()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Ends every session that waits for its client (the server is stopping): what they hold is delivered
     * elsewhere (offline storage) while storage is still open.
     */
    public void endWaiting() {
        List<Future<?>> ends = new ArrayList<>();
        for (StreamManagement sm : List.copyOf(byId.values())) {
            ends.add(sm.expire());
        }
        for (Future<?> end : ends) {
            end.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
