package causse.server.modules.roster;

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
 * Runs each account's roster and presence work on the storage executor one task at a time, in submission
 * order, so that a broadcast computed from a roster read always sees the changes submitted before it.
 * Different accounts run in parallel.
 */
final class AccountQueue {
    private static final Logger log = LoggerFactory.getLogger(AccountQueue.class);

    private final Executor executor;
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    AccountQueue(Executor executor) {
        this.executor = executor;
    }

    /** Queues {@code task} after the account's earlier tasks; {@code onFailure} runs when it throws or is refused. */
    void submit(String account, Runnable task, Runnable onFailure) {
        CompletableFuture<Void>[] created = new CompletableFuture[1];
        tails.compute(account, (key, tail) -> {
            CompletableFuture<Void> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
            // A failed or refused task must not stop the ones queued behind it.
            created[0] = previous.exceptionally(e -> null).thenRunAsync(task, executor);
            return created[0];
        });
        CompletableFuture<Void> next = created[0];
        next.whenComplete((v, e) -> {
            tails.remove(account, next);
            if (e != null) {
                log.warn("Roster work for {} failed", account, e);
                onFailure.run();
            }
        });
    }

    /** True while the account has queued or running work. */
    boolean busy(String account) {
        return tails.containsKey(account);
    }

    /**
     * Waits until the work queued so far has run, so that a stopping server loses no roster change: tasks chained
     * behind others reach the executor only when their predecessor ends, so they must run before it shuts down.
     */
    void drain(Duration timeout) {
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
            log.warn("Roster work still queued for {} accounts at shutdown", tails.size());
        }
    }

    void submit(String account, Runnable task) {
        submit(account, task, () -> { });
    }
}
