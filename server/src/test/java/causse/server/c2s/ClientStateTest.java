package causse.server.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import causse.xml.Namespaces;
import causse.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientStateTest {
    private final List<String> delivered = new ArrayList<>();
    private final ClientState state = new ClientState(3, s -> delivered.add(describe(s)));

    private static String describe(XmlElement s) {
        String id = s.attribute("id");
        return s.name() + (id == null ? "" : ":" + id);
    }

    private static XmlElement presence(String from, String id) {
        return XmlElement.builder("presence", Namespaces.CLIENT).attribute("from", from).attribute("id", id).build();
    }

    private static XmlElement message(String from, String id, XmlElement payload) {
        return XmlElement.builder("message", Namespaces.CLIENT).attribute("from", from).attribute("id", id)
                .attribute("type", "chat").child(payload).build();
    }

    private static XmlElement body(String text) {
        return XmlElement.builder("body", Namespaces.CLIENT).text(text).build();
    }

    private static final XmlElement COMPOSING = XmlElement.empty("composing", "http://jabber.org/protocol/chatstates");

    @Test
    void anActiveClientGetsEverythingAtOnce() {
        state.offer(presence("bob@localhost/a", "p1"));
        assertThat(delivered).containsExactly("presence:p1");
    }

    @Test
    void whatCanWaitIsHeldAndGoesOutInOrderBeforeTheNextThingThatCannot() {
        state.inactive();
        state.offer(presence("bob@localhost/a", "p1"));
        state.offer(message("carol@localhost/b", "c1", COMPOSING));
        state.offer(presence("bob@localhost/a", "p2"));   // replaces p1, and goes to the end
        assertThat(delivered).isEmpty();
        state.offer(message("dave@localhost/c", "m1", body("hello")));
        assertThat(delivered).containsExactly("message:c1", "presence:p2", "message:m1");
        // Still inactive: the next presence is held again.
        state.offer(presence("bob@localhost/a", "p3"));
        assertThat(delivered).hasSize(3);
    }

    @Test
    void becomingActiveSendsWhatWasHeldAndHoldsNothingAfter() {
        state.inactive();
        state.offer(presence("bob@localhost/a", "p1"));
        state.offer(presence("carol@localhost/b", "p2"));
        state.active();
        assertThat(delivered).containsExactly("presence:p1", "presence:p2");
        state.offer(presence("bob@localhost/a", "p3"));
        assertThat(delivered).containsExactly("presence:p1", "presence:p2", "presence:p3");
    }

    @Test
    void oneMoreThanTheLimitSendsThemAll() {
        state.inactive();
        for (int i = 1; i <= 3; i++) {
            state.offer(presence("user" + i + "@localhost/r", "p" + i));
        }
        assertThat(delivered).isEmpty();
        state.offer(presence("user4@localhost/r", "p4"));
        assertThat(delivered).containsExactly("presence:p1", "presence:p2", "presence:p3", "presence:p4");
    }

    @Test
    void aSessionThatEndsDropsWhatItHeld() {
        state.inactive();
        state.offer(presence("bob@localhost/a", "p1"));
        assertThat(state.drop()).extracting(ClientStateTest::describe).containsExactly("presence:p1");
        state.active();
        assertThat(delivered).isEmpty();
    }

    @Test
    void onlyPresenceUpdatesChatStatesAndPepNotificationsCanWait() {
        assertThat(ClientState.canWait(presence("bob@localhost/a", "p"))).isTrue();
        assertThat(ClientState.canWait(presence("bob@localhost/a", "p").withAttribute("type", "unavailable")))
                .isTrue();
        for (String type : List.of("subscribe", "subscribed", "unsubscribe", "unsubscribed", "error", "probe")) {
            assertThat(ClientState.canWait(presence("bob@localhost", "p").withAttribute("type", type))).isFalse();
        }
        assertThat(ClientState.canWait(message("bob@localhost/a", "m", COMPOSING))).isTrue();
        assertThat(ClientState.canWait(message("bob@localhost/a", "m", body("hi")))).isFalse();
        assertThat(ClientState.canWait(message("bob@localhost/a", "m", COMPOSING).withAttribute("type", "error")))
                .isFalse();
        assertThat(ClientState.canWait(XmlElement.builder("message", Namespaces.CLIENT).build())).isFalse();
        XmlElement event = XmlElement.builder("event", "http://jabber.org/protocol/pubsub#event").build();
        assertThat(ClientState.canWait(message("bob@localhost", "pep", event))).isTrue();
        // A channel of the pubsub service was subscribed to on purpose: its notifications go at once.
        assertThat(ClientState.canWait(message("pubsub.localhost", "grh", event))).isFalse();
        assertThat(ClientState.canWait(XmlElement.builder("iq", Namespaces.CLIENT).attribute("type", "result")
                .build())).isFalse();
        XmlElement carbonOfChatState = XmlElement.builder("received", "urn:xmpp:carbons:2").child(
                XmlElement.builder("forwarded", "urn:xmpp:forward:0").child(message("bob@localhost/a", "in",
                        COMPOSING)).build()).build();
        assertThat(ClientState.canWait(message("alice@localhost", "c", carbonOfChatState))).isTrue();
        XmlElement carbonOfBody = XmlElement.builder("received", "urn:xmpp:carbons:2").child(
                XmlElement.builder("forwarded", "urn:xmpp:forward:0").child(message("bob@localhost/a", "in",
                        body("hi"))).build()).build();
        assertThat(ClientState.canWait(message("alice@localhost", "c", carbonOfBody))).isFalse();
    }
}
