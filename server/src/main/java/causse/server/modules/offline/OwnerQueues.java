package causse.server.modules.offline;

import causse.jid.Jid;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on a shared pool, one at a time per owner and in submission order: two messages sent one
 * after the other to an offline account must be stored (and so delivered) in that order, which a pool
 * running them side by side would not guarantee. Different owners still proceed in parallel.
 */
final class OwnerQueues {
    private static final int MAX_QUEUED = 10_000;
    private static final Logger log = LoggerFactory.getLogger(OwnerQueues.class);

    private final Executor pool;
    private final Map<Jid, Deque<Runnable>> queues = new HashMap<>();

    OwnerQueues(Executor pool) {
        this.pool = pool;
    }

    /** Queues the task behind the owner's earlier ones; RejectedExecutionException when there is no room. */
    void execute(Jid owner, Runnable task) {
        synchronized (queues) {
            Deque<Runnable> queue = queues.get(owner);
            if (queue != null) {
                if (queue.size() >= MAX_QUEUED) {
                    throw new RejectedExecutionException("too many queued tasks for " + owner);
                }
                queue.addLast(task);
                return;
            }
            queues.put(owner, new ArrayDeque<>());
        }
        try {
            pool.execute(() -> drain(owner, task));
        } catch (RejectedExecutionException e) {
            synchronized (queues) {
                queues.remove(owner);
            }
            throw e;
        }
    }

    /**
     * Waits until every task queued so far has run, or the timeout passes; answers how many owners still have
     * work queued. A stopping server calls it before it closes the database, so that messages accepted for
     * offline users are stored rather than dropped.
     */
    int awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (queues) {
            while (!queues.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(queues, left);
            }
            return queues.size();
        }
    }

    private void drain(Jid owner, Runnable first) {
        Runnable next = first;
        while (next != null) {
            try {
                next.run();
            } catch (RuntimeException e) {
                log.warn("Offline storage task for {} failed", owner, e);
            }
            synchronized (queues) {
                next = queues.get(owner).pollFirst();
                if (next == null) {
                    queues.remove(owner);
                    queues.notifyAll();
                }
            }
        }
    }
}
