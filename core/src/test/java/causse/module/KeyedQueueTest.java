package causse.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyedQueueTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void oneAccountsTasksRunOneAtATimeInOrderOnAPool() {
        KeyedQueue queue = new KeyedQueue(pool, "Test work");
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        for (int i = 0; i < 2000; i++) {
            int n = i;
            queue.submit("a@x", () -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                seen.add(n);
                running.decrementAndGet();
            });
        }
        queue.drain(Duration.ofSeconds(10));
        assertThat(seen).hasSize(2000).isSorted();
        assertThat(maxRunning.get()).isEqualTo(1);
        assertThat(queue.busy("a@x")).isFalse();
    }

    @Test
    void aFailingTaskReportsItsFailureAndDoesNotStopTheNextOnes() {
        KeyedQueue queue = new KeyedQueue(pool, "Test work");
        AtomicInteger failures = new AtomicInteger();
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        queue.submit("a@x", () -> {
            throw new IllegalStateException("boom");
        }, failures::incrementAndGet);
        queue.submit("a@x", () -> ran.add("after"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 1 && failures.get() == 1);
    }

    @Test
    void aRefusedTaskReportsItsFailure() {
        KeyedQueue queue = new KeyedQueue(r -> {
            throw new RejectedExecutionException("full");
        }, "Test work");
        AtomicInteger failures = new AtomicInteger();
        queue.submit("a@x", () -> { }, failures::incrementAndGet);
        await().atMost(Duration.ofSeconds(10)).until(() -> failures.get() == 1);
        assertThat(queue.busy("a@x")).isFalse();
    }
}
