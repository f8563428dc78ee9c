package causse.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pools that take blocking and CPU-heavy work off the event loops: JDBC calls on
 * {@link #storage()}, password hashing on {@link #cpu()}. A full queue refuses work (the caller answers
 * with a temporary failure) rather than letting memory grow. {@link #timer()} fires the timeouts of the
 * server's own IQ requests; its tasks only complete futures.
 */
final class Executors implements AutoCloseable {
    private final ThreadPoolExecutor storage;
    private final ThreadPoolExecutor cpu;
    private final ScheduledThreadPoolExecutor timer;

    Executors() {
        int cores = Runtime.getRuntime().availableProcessors();
        storage = pool("causse-storage", Math.max(4, cores * 2), 10_000);
        cpu = pool("causse-cpu", Math.max(1, cores), 10_000);
        timer = new ScheduledThreadPoolExecutor(1, daemon("causse-timer"));
        // An answered request cancels its timeout: drop the task at once rather than keep it until it was due.
        timer.setRemoveOnCancelPolicy(true);
        // At shutdown the requests are cancelled anyway: waiting for their timeouts would only delay the stop.
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    ExecutorService storage() {
        return storage;
    }

    ExecutorService cpu() {
        return cpu;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                daemon(name));
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        for (ThreadPoolExecutor e : new ThreadPoolExecutor[] {storage, cpu, timer}) {
            e.shutdown();
            try {
                if (!e.awaitTermination(5, TimeUnit.SECONDS)) {
                    e.shutdownNow();
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                e.shutdownNow();
            }
        }
    }
}
