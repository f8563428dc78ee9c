package causse.server.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import causse.stanza.Stanza;
import causse.xml.XmlParser;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's own IQ requests: matched answers, timeouts, spoofing defence, bounds. */
class PendingRequestsTest {
    private static final Duration LONG = Duration.ofMinutes(5);
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final PendingRequests pending = new PendingRequests(Set.of("localhost", "other.example"), timer,
            new SecureRandom(), 3);
    private final List<Stanza> routed = new ArrayList<>();

    PendingRequestsTest() {
        timer.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private static Stanza stanza(String xml) {
        return Stanza.of(XmlParser.parse(xml));
    }

    private static Stanza get(String id, String from, String to) {
        return stanza("<iq xmlns='jabber:client' type='get'" + (id == null ? "" : " id='" + id + "'")
                + " from='" + from + "' to='" + to + "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    }

    private static Stanza answer(String type, String id, String from, String to) {
        return stanza("<iq xmlns='jabber:client' type='" + type + "' id='" + id + "' from='" + from + "' to='" + to
                + "'/>");
    }

    private CompletableFuture<Stanza> send(Stanza iq, Duration timeout) {
        return pending.request(iq, timeout, routed::add);
    }

    @Test
    void aResultFromTheJidAskedCompletesTheRequest() throws Exception {
        CompletableFuture<Stanza> f = send(get("q1", "localhost", "alice@localhost/phone"), LONG);
        assertThat(routed).singleElement()
                .satisfies(s -> assertThat(s.element().attribute("from")).isEqualTo("localhost"));
        assertThat(f).isNotDone();

        Stanza result = answer("result", "q1", "alice@localhost/phone", "localhost");
        assertThat(pending.answer(result)).isTrue();
        assertThat(f.get()).isEqualTo(result);
        assertThat(pending.size()).isZero();
        // A second answer to the same request matches nothing any more.
        assertThat(pending.answer(result)).isFalse();
    }

    @Test
    void anErrorCompletesTheRequestToo() throws Exception {
        CompletableFuture<Stanza> f = send(get("q2", "localhost", "alice@localhost"), LONG);
        Stanza error = answer("error", "q2", "alice@localhost", "localhost");
        assertThat(pending.answer(error)).isTrue();
        assertThat(f.get().isError()).isTrue();
    }

    @Test
    void anAnswerGivenWhileTheRequestIsRoutedCounts() throws Exception {
        // A request to a bare JID the server answers itself comes back before route() returns.
        CompletableFuture<Stanza> f = pending.request(get("q3", "localhost", "alice@localhost"), LONG,
                s -> pending.answer(answer("result", s.id(), "alice@localhost", "localhost")));
        assertThat(f.get().type()).isEqualTo("result");
    }

    @Test
    void anAnswerFromAnotherJidOrToAnotherDomainIsIgnored() throws Exception {
        CompletableFuture<Stanza> f = send(get("q4", "localhost", "alice@localhost/phone"), LONG);
        assertThat(pending.answer(answer("result", "q4", "mallory@localhost/x", "localhost"))).isFalse();
        assertThat(pending.answer(answer("result", "q4", "alice@localhost/laptop", "localhost"))).isFalse();
        assertThat(pending.answer(answer("result", "q4", "alice@localhost", "localhost"))).isFalse();
        assertThat(pending.answer(answer("result", "q4", "alice@localhost/phone", "other.example"))).isFalse();
        assertThat(pending.answer(answer("result", "q5", "alice@localhost/phone", "localhost"))).isFalse();
        assertThat(f).isNotDone();

        assertThat(pending.answer(answer("result", "q4", "alice@localhost/phone", "localhost"))).isTrue();
        assertThat(f.get().from().toString()).isEqualTo("alice@localhost/phone");
    }

    @Test
    void anUnansweredRequestTimesOutAndLeavesNothingBehind() {
        CompletableFuture<Stanza> f = send(get("q6", "localhost", "alice@localhost/phone"), Duration.ofMillis(50));
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(pending.size()).isZero();
        // The late answer matches nothing.
        assertThat(pending.answer(answer("result", "q6", "alice@localhost/phone", "localhost"))).isFalse();
    }

    @Test
    void answeredRequestsFreeTheirTimers() {
        for (int i = 0; i < 100; i++) {
            send(get("t" + i, "localhost", "alice@localhost/phone"), LONG);
            pending.answer(answer("result", "t" + i, "alice@localhost/phone", "localhost"));
        }
        assertThat(pending.size()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> timer.getQueue().isEmpty());
    }

    @Test
    void withoutAnIdTheRequestGetsAnUnguessableUniqueOne() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            send(get(null, "localhost", "alice@localhost/phone"), LONG);
        }
        for (Stanza s : routed) {
            assertThat(s.id()).isEqualTo(s.element().attribute("id")).hasSizeGreaterThanOrEqualTo(20);
            ids.add(s.id());
        }
        assertThat(ids).hasSize(3);
        assertThat(pending.answer(answer("result", routed.get(1).id(), "alice@localhost/phone", "localhost"))).isTrue();
    }

    @Test
    void pastTheBoundNewRequestsAreRefusedUntilOthersEnd() throws Exception {
        for (int i = 0; i < 3; i++) {
            send(get("b" + i, "localhost", "alice@localhost/phone"), LONG);
        }
        CompletableFuture<Stanza> refused = send(get("b3", "localhost", "alice@localhost/phone"), LONG);
        assertThatThrownBy(refused::get).hasCauseInstanceOf(RejectedExecutionException.class);
        assertThat(routed).hasSize(3);

        pending.answer(answer("result", "b0", "alice@localhost/phone", "localhost"));
        CompletableFuture<Stanza> accepted = send(get("b3", "localhost", "alice@localhost/phone"), LONG);
        assertThat(accepted).isNotDone();
        assertThat(pending.size()).isEqualTo(3);
    }

    @Test
    void aSecondRequestWithAnIdStillWaitingIsRefused() {
        send(get("d1", "localhost", "alice@localhost/phone"), LONG);
        assertThat(send(get("d1", "localhost", "alice@localhost/phone"), LONG)).isCompletedExceptionally();
        assertThat(pending.size()).isEqualTo(1);
    }

    @Test
    void onlyIqRequestsFromAHostedDomainMayBeSent() {
        assertThatThrownBy(() -> send(get("x", "alice@localhost", "bob@localhost"), LONG))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> send(get("x", "localhost/res", "bob@localhost"), LONG))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> send(get("x", "elsewhere.example", "bob@localhost"), LONG))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> send(answer("result", "x", "localhost", "bob@localhost"), LONG))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(routed).isEmpty();
        assertThat(pending.size()).isZero();
    }

    @Test
    void cancellingFailsEveryWaitingRequest() {
        CompletableFuture<Stanza> f = send(get("c1", "localhost", "alice@localhost/phone"), LONG);
        pending.cancelAll();
        assertThat(f).isCompletedExceptionally();
        assertThat(pending.size()).isZero();
    }
}
