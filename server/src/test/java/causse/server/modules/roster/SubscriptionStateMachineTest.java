package causse.server.modules.roster;

import static causse.server.modules.roster.SubscriptionStateMachine.Type.SUBSCRIBE;
import static causse.server.modules.roster.SubscriptionStateMachine.Type.SUBSCRIBED;
import static causse.server.modules.roster.SubscriptionStateMachine.Type.UNSUBSCRIBE;
import static causse.server.modules.roster.SubscriptionStateMachine.Type.UNSUBSCRIBED;
import static org.assertj.core.api.Assertions.assertThat;

import causse.server.modules.roster.SubscriptionStateMachine.Transition;
import causse.storage.RosterItem;
import causse.storage.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6121 Appendix A, row by row. States are written as in the RFC: NONE, NONE+OUT, NONE+IN, NONE+OUT+IN, TO, TO+IN, FROM, FROM+OUT, BOTH. */
class SubscriptionStateMachineTest {
    private static RosterItem state(String s) {
        String[] parts = s.split("\\+");
        RosterItem item = RosterItem.of("peer@example.net").withName("Peer")
                .withSubscription(Subscription.valueOf(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            item = parts[i].equals("OUT") ? item.withPendingOut(true) : item.withPendingIn(true);
        }
        return item;
    }

    private static String name(RosterItem item) {
        return item.subscription() + (item.pendingOut() ? "+OUT" : "") + (item.pendingIn() ? "+IN" : "");
    }

    @ParameterizedTest(name = "outbound {0} in {1} -> {2}, routed {3}")
    @CsvSource({
            "SUBSCRIBE,    NONE,        NONE+OUT,    true",
            "SUBSCRIBE,    NONE+OUT,    NONE+OUT,    true",
            "SUBSCRIBE,    NONE+IN,     NONE+OUT+IN, true",
            "SUBSCRIBE,    TO,          TO,          true",
            "SUBSCRIBE,    FROM,        FROM+OUT,    true",
            "SUBSCRIBE,    BOTH,        BOTH,        true",
            "UNSUBSCRIBE,  NONE+OUT,    NONE,        true",
            "UNSUBSCRIBE,  TO,          NONE,        true",
            "UNSUBSCRIBE,  TO+IN,       NONE+IN,     true",
            "UNSUBSCRIBE,  FROM+OUT,    FROM,        true",
            "UNSUBSCRIBE,  BOTH,        FROM,        true",
            "SUBSCRIBED,   NONE+IN,     FROM,        true",
            "SUBSCRIBED,   NONE+OUT+IN, FROM+OUT,    true",
            "SUBSCRIBED,   TO+IN,       BOTH,        true",
            "SUBSCRIBED,   FROM,        FROM,        false",
            "SUBSCRIBED,   BOTH,        BOTH,        false",
            "UNSUBSCRIBED, NONE,        NONE,        false",
            "UNSUBSCRIBED, NONE+OUT,    NONE+OUT,    false",
            "UNSUBSCRIBED, NONE+IN,     NONE,        true",
            "UNSUBSCRIBED, TO+IN,       TO,          true",
            "UNSUBSCRIBED, FROM,        NONE,        true",
            "UNSUBSCRIBED, FROM+OUT,    NONE+OUT,    true",
            "UNSUBSCRIBED, BOTH,        TO,          true",
    })
    void outbound(SubscriptionStateMachine.Type type, String before, String after, boolean routed) {
        Transition t = SubscriptionStateMachine.outbound(type, state(before));
        assertThat(name(t.item())).isEqualTo(after);
        assertThat(t.forward()).isEqualTo(routed);
        assertThat(t.autoReply()).isFalse();
        assertThat(t.item().name()).as("name and groups are the user's").isEqualTo("Peer");
    }

    @ParameterizedTest(name = "inbound {0} in {1} -> {2}, delivered {3}, auto-reply {4}")
    @CsvSource({
            "SUBSCRIBE,    NONE,        NONE+IN,     true,  false",
            "SUBSCRIBE,    NONE+OUT,    NONE+OUT+IN, true,  false",
            "SUBSCRIBE,    NONE+IN,     NONE+IN,     true,  false",
            "SUBSCRIBE,    TO,          TO+IN,       true,  false",
            "SUBSCRIBE,    FROM,        FROM,        false, true",
            "SUBSCRIBE,    BOTH,        BOTH,        false, true",
            "SUBSCRIBED,   NONE,        NONE,        false, false",
            "SUBSCRIBED,   NONE+OUT,    TO,          true,  false",
            "SUBSCRIBED,   NONE+OUT+IN, TO+IN,       true,  false",
            "SUBSCRIBED,   FROM+OUT,    BOTH,        true,  false",
            "SUBSCRIBED,   TO,          TO,          false, false",
            "SUBSCRIBED,   BOTH,        BOTH,        false, false",
            "UNSUBSCRIBE,  NONE,        NONE,        false, false",
            "UNSUBSCRIBE,  NONE+IN,     NONE,        false, false",
            "UNSUBSCRIBE,  TO,          TO,          false, false",
            "UNSUBSCRIBE,  TO+IN,       TO,          false, false",
            "UNSUBSCRIBE,  FROM,        NONE,        true,  false",
            "UNSUBSCRIBE,  FROM+OUT,    NONE+OUT,    true,  false",
            "UNSUBSCRIBE,  BOTH,        TO,          true,  false",
            "UNSUBSCRIBED, NONE,        NONE,        false, false",
            "UNSUBSCRIBED, NONE+OUT,    NONE,        true,  false",
            "UNSUBSCRIBED, NONE+OUT+IN, NONE+IN,     true,  false",
            "UNSUBSCRIBED, TO,          NONE,        true,  false",
            "UNSUBSCRIBED, FROM,        FROM,        false, false",
            "UNSUBSCRIBED, FROM+OUT,    FROM,        true,  false",
            "UNSUBSCRIBED, BOTH,        FROM,        true,  false",
    })
    void inbound(SubscriptionStateMachine.Type type, String before, String after, boolean delivered, boolean autoReply) {
        Transition t = SubscriptionStateMachine.inbound(type, state(before));
        assertThat(name(t.item())).isEqualTo(after);
        assertThat(t.forward()).isEqualTo(delivered);
        assertThat(t.autoReply()).isEqualTo(autoReply);
    }

    @Test
    void subscribedWithNothingToApproveIsAPreApprovalKeptAtHome() {
        for (String before : new String[] {"NONE", "NONE+OUT", "TO"}) {
            Transition t = SubscriptionStateMachine.outbound(SUBSCRIBED, state(before));
            assertThat(name(t.item())).isEqualTo(before);
            assertThat(t.item().approved()).isTrue();
            assertThat(t.forward()).isFalse();
        }
        Transition cancelled = SubscriptionStateMachine.outbound(UNSUBSCRIBED, state("TO").withApproved(true));
        assertThat(cancelled.item().approved()).isFalse();
        assertThat(cancelled.forward()).as("the contact knew nothing, but unsubscribed is harmless").isTrue();
    }

    @Test
    void aPreApprovedSubscriptionIsGrantedWithoutAskingTheOwner() {
        Transition t = SubscriptionStateMachine.inbound(SUBSCRIBE, state("TO").withApproved(true));
        assertThat(name(t.item())).isEqualTo("BOTH");
        assertThat(t.item().approved()).isFalse();
        assertThat(t.forward()).isFalse();
        assertThat(t.autoReply()).isTrue();
    }

    @Test
    void typesComeFromThePresenceTypeAttribute() {
        assertThat(SubscriptionStateMachine.Type.of("subscribe")).isEqualTo(SUBSCRIBE);
        assertThat(SubscriptionStateMachine.Type.of("unsubscribed")).isEqualTo(UNSUBSCRIBED);
        assertThat(SubscriptionStateMachine.Type.of("probe")).isNull();
        assertThat(SubscriptionStateMachine.Type.of("available")).isNull();
        assertThat(UNSUBSCRIBE.attribute()).isEqualTo("unsubscribe");
        assertThat(SUBSCRIBED.attribute()).isEqualTo("subscribed");
    }
}
