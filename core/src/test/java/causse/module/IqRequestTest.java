package causse.module;

import static org.assertj.core.api.Assertions.assertThat;

import causse.stanza.Stanza;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class IqRequestTest {
    private final List<Stanza> sent = new ArrayList<>();
    private final IqRequest request = new IqRequest(Stanza.of(XmlElement.builder("iq", Namespaces.CLIENT)
            .attribute("type", "get").attribute("id", "q1").attribute("from", "a@x/r").attribute("to", "x")
            .child(XmlElement.empty("query", "urn:test")).build()), causse.jid.Jid.parse("x"), sent::add);

    private String condition() {
        return sent.get(0).element().child("error", Namespaces.CLIENT).firstElement().name();
    }

    @Test
    void workRunsOnTheExecutorAndAnswersOnlyOnce() {
        List<Runnable> queued = new ArrayList<>();
        request.answerOn(queued::add, () -> request.result(null));
        assertThat(sent).isEmpty();
        queued.get(0).run();
        request.result(null);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).type()).isEqualTo("result");
    }

    @Test
    void aSaturatedExecutorIsAResourceConstraint() {
        request.answerOn(task -> {
            throw new RejectedExecutionException("full");
        }, () -> request.result(null));
        assertThat(condition()).isEqualTo("resource-constraint");
    }

    @Test
    void failingWorkIsAnInternalServerError() {
        request.answerOn(Runnable::run, () -> {
            throw new IllegalStateException("database gone");
        });
        assertThat(condition()).isEqualTo("internal-server-error");
    }
}
