package causse.server.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import causse.xml.Namespaces;
import causse.xml.XmlElement;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

class UnackedStanzasTest {
    private static XmlElement message(int n) {
        return XmlElement.builder("message", Namespaces.CLIENT).attribute("id", "m" + n).build();
    }

    private static String ids(java.util.List<UnackedStanzas.Entry> entries) {
        return String.join(",", entries.stream().map(e -> e.stanza().attribute("id")).toList());
    }

    @Test
    void anAcknowledgementForgetsExactlyTheStanzasItCounts() {
        UnackedStanzas q = new UnackedStanzas(100);
        for (int i = 1; i <= 4; i++) {
            assertThat(q.add(message(i), i)).isTrue();
        }
        assertThat(q.acknowledge(1)).isTrue();
        assertThat(ids(q.pending())).isEqualTo("m2,m3,m4");
        assertThat(q.acknowledge(1)).isTrue();   // the same h again changes nothing
        assertThat(q.acknowledge(3)).isTrue();
        assertThat(ids(q.pending())).isEqualTo("m4");
        assertThat(q.acknowledged()).isEqualTo(3);
        assertThat(q.sent()).isEqualTo(4);
    }

    @Test
    void anAcknowledgementOfStanzasNeverSentIsRefusedAndChangesNothing() {
        UnackedStanzas q = new UnackedStanzas(100);
        q.add(message(1), 0);
        q.add(message(2), 0);
        assertThat(q.acknowledge(3)).isFalse();
        assertThat(q.acknowledge(-1)).isFalse();
        assertThat(q.acknowledge(1L << 32)).isFalse();
        assertThat(ids(q.pending())).isEqualTo("m1,m2");
        // An h from before the last acknowledgement looks, modulo 2^32, like billions of stanzas ahead.
        assertThat(q.acknowledge(2)).isTrue();
        assertThat(q.acknowledge(1)).isFalse();
    }

    @Test
    void countsWrapFromTwoToThe32MinusOneToZero() throws Exception {
        UnackedStanzas q = new UnackedStanzas(100);
        Field sent = UnackedStanzas.class.getDeclaredField("sent");
        sent.setAccessible(true);
        sent.setLong(q, UnackedStanzas.MASK - 1);   // as after 4,294,967,294 stanzas
        q.add(message(1), 0);
        q.add(message(2), 0);
        q.add(message(3), 0);
        assertThat(q.sent()).isEqualTo(1);
        assertThat(q.acknowledged()).isEqualTo(UnackedStanzas.MASK - 1);
        assertThat(q.acknowledge(UnackedStanzas.MASK)).isTrue();
        assertThat(ids(q.pending())).isEqualTo("m2,m3");
        assertThat(q.acknowledge(0)).isTrue();
        assertThat(ids(q.pending())).isEqualTo("m3");
        assertThat(q.acknowledge(2)).isFalse();
        assertThat(q.acknowledge(1)).isTrue();
        assertThat(q.size()).isZero();
    }

    @Test
    void addingPastTheLimitSaysSoButKeepsTheStanza() {
        UnackedStanzas q = new UnackedStanzas(2);
        assertThat(q.add(message(1), 0)).isTrue();
        assertThat(q.add(message(2), 0)).isTrue();
        assertThat(q.add(message(3), 0)).isFalse();
        assertThat(ids(q.drain())).isEqualTo("m1,m2,m3");
        assertThat(q.size()).isZero();
    }
}
