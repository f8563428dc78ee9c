package causse.server.router;

import causse.jid.Jid;
import causse.routing.StanzaRouter;
import causse.stanza.Stanza;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * IQ requests the server itself sent (from a hosted domain) and is waiting to hear back on. {@link LocalRouter}
 * hands it every IQ result or error addressed to a hosted domain; an answer completes a request only when its
 * id, its {@code to} (the requesting domain) and its {@code from} (the JID asked, stamped by the server so a
 * third party cannot forge it) all match. Bounded: past {@code maxPending} waiting requests a new one is refused,
 * and each entry leaves the table when it is answered or times out.
 */
public final class PendingRequests {
    private record Key(String id, Jid requester, Jid responder) {
    }

    private final Set<String> hostedDomains;
    private final ScheduledExecutorService timer;
    private final SecureRandom random;
    private final int maxPending;
    private final Map<Key, CompletableFuture<Stanza>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    /**
     * @param timer runs the timeouts; it completes timed-out futures, so its tasks must stay short
     * @param random makes the generated ids unguessable
     */
    public PendingRequests(Set<String> hostedDomains, ScheduledExecutorService timer, SecureRandom random,
                           int maxPending) {
        this.hostedDomains = Set.copyOf(hostedDomains);
        this.timer = timer;
        this.random = random;
        this.maxPending = maxPending;
    }

    /**
     * Registers the request, then routes it through {@code router} (an answer may come back before
     * {@code route} returns). See {@link causse.module.ModuleContext#request} for the contract.
     */
    public CompletableFuture<Stanza> request(Stanza iq, Duration timeout, StanzaRouter router) {
        check(iq);
        // The addresses are written into the element too: the recipient answers what it reads.
        Stanza addressed = iq.withAddresses(iq.from(), iq.to());
        Stanza request = iq.id() != null ? addressed : new Stanza(iq.kind(),
                addressed.element().withAttribute("id", newId()), iq.from(), iq.to());
        Key key = new Key(request.id(), request.from(), request.to());
        if (size.incrementAndGet() > maxPending) {
            size.decrementAndGet();
            return CompletableFuture.failedFuture(
                    new RejectedExecutionException(maxPending + " IQ requests are already waiting for an answer"));
        }
        CompletableFuture<Stanza> future = new CompletableFuture<>();
        if (pending.putIfAbsent(key, future) != null) {
            size.decrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("a request with id " + request.id()
                    + " to " + request.to() + " is already waiting"));
        }
        // Whatever completes the future (answer, timeout, stop) frees its entry.
        future.whenComplete((answer, failure) -> {
            if (pending.remove(key, future)) {
                size.decrementAndGet();
            }
        });
        try {
            ScheduledFuture<?> timeoutTask = timer.schedule(() -> future.completeExceptionally(
                    new TimeoutException("no answer from " + key.responder + " in " + timeout)),
                    timeout.toNanos(), TimeUnit.NANOSECONDS);
            future.whenComplete((answer, failure) -> timeoutTask.cancel(false));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);   // the timer is stopped: so is the server
            return future;
        }
        router.route(request);
        return future;
    }

    /**
     * Takes an IQ result or error addressed to a hosted domain: completes the request it answers and returns
     * true, or returns false (the caller drops it) when it answers nothing waiting here.
     */
    public boolean answer(Stanza iq) {
        if (iq.id() == null || iq.from() == null || iq.to() == null) {
            return false;
        }
        CompletableFuture<Stanza> future = pending.get(new Key(iq.id(), iq.to(), iq.from()));
        return future != null && future.complete(iq);
    }

    /** How many requests wait for an answer. */
    public int size() {
        return size.get();
    }

    /** Fails every waiting request (the server is stopping). */
    public void cancelAll() {
        pending.values().forEach(f -> f.completeExceptionally(new CancellationException("the server is stopping")));
    }

    private void check(Stanza iq) {
        String type = iq.type();
        if (iq.kind() != Stanza.Kind.IQ || !(type.equals("get") || type.equals("set"))) {
            throw new IllegalArgumentException("not an IQ get or set: " + iq.element());
        }
        Jid from = iq.from();
        if (from == null || !from.isDomain() || !hostedDomains.contains(from.domain())) {
            throw new IllegalArgumentException("a server request comes from a hosted domain, not " + from);
        }
        if (iq.to() == null) {
            throw new IllegalArgumentException("a server request needs a 'to'");
        }
    }

    /** 128 random bits: an id nobody can guess, so nobody can answer a request before seeing it. */
    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "s-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
