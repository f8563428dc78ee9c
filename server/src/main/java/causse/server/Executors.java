package causse.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pools that take blocking and CPU-heavy work off the event loops: JDBC calls on
 * {@link #storage()}, password hashing on {@link #cpu()}. A full queue refuses work (the caller answers
 * with a temporary failure) rather than letting memory grow.
 */
final class Executors implements AutoCloseable {
    private final ThreadPoolExecutor storage;
    private final ThreadPoolExecutor cpu;

    Executors() {
        int cores = Runtime.getRuntime().availableProcessors();
        storage = pool("causse-storage", Math.max(4, cores * 2), 10_000);
        cpu = pool("causse-cpu", Math.max(1, cores), 10_000);
    }

    ExecutorService storage() {
        return storage;
    }

    ExecutorService cpu() {
        return cpu;
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), factory);
    }

    @Override
    public void close() {
        for (ThreadPoolExecutor e : new ThreadPoolExecutor[] {storage, cpu}) {
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
