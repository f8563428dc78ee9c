package causse.module;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the work of each key (an account, a pubsub service) on an executor one task at a time, in submission
 * order, so that work computed from a read always sees the changes submitted before it for the same key.
 * Different keys run in parallel.
 */
public final class KeyedQueue {
    private static final Logger log = LoggerFactory.getLogger(KeyedQueue.class);

    private final Executor executor;
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    private final String what;

    /** @param what what the work is, for log lines ("Roster work", "PubSub work") */
    public KeyedQueue(Executor executor, String what) {
        this.what = what;
        this.executor = executor;
    }

    /** Queues {@code task} after the key's earlier tasks; {@code onFailure} runs when it throws or is refused. */
    public void submit(String key, Runnable task, Runnable onFailure) {
        CompletableFuture<Void>[] created = new CompletableFuture[1];
        tails.compute(key, (k, tail) -> {
            CompletableFuture<Void> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
            // A failed or refused task must not stop the ones queued behind it.
            created[0] = previous.exceptionally(e -> null).thenRunAsync(task, executor);
            return created[0];
        });
        CompletableFuture<Void> next = created[0];
        next.whenComplete((v, e) -> {
            tails.remove(key, next);
            if (e != null) {
                log.warn("{} for {} failed", what, key, e);
                onFailure.run();
            }
        });
    }

    /** True while the key has queued or running work. */
    public boolean busy(String key) {
        return tails.containsKey(key);
    }

    /**
     * Waits until the work queued so far has run, so that a stopping server loses no change: tasks chained
     * behind others reach the executor only when their predecessor ends, so they must run before it shuts down.
     */
    public void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!tails.isEmpty() && System.nanoTime() < deadline) {
            try {
                CompletableFuture.allOf(tails.values().toArray(CompletableFuture[]::new))
                        .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // A failed task was logged when it failed; a timeout ends the loop.
            }
        }
        if (!tails.isEmpty()) {
            log.warn("{} still queued for {} keys at shutdown", what, tails.size());
        }
    }

    public void submit(String key, Runnable task) {
        submit(key, task, () -> { });
    }
}
