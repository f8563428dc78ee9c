package causse.server.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import causse.xml.Namespaces;
import causse.xml.XmlElement;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StanzaAckHandlerTest {
    private final UnackedStanzas unacked = new UnackedStanzas(300);
    private final AtomicBoolean carried = new AtomicBoolean(true);
    private final List<Object> events = new ArrayList<>();
    private final StanzaAckHandler handler = new StanzaAckHandler(unacked, ch -> carried.get());
    private final EmbeddedChannel channel = new EmbeddedChannel(handler, new ChannelInboundHandlerAdapter() {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }
    });

    private static XmlElement message(int n) {
        return XmlElement.builder("message", Namespaces.CLIENT).attribute("id", "m" + n).build();
    }

    private List<String> written() {
        List<String> out = new ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            out.add(o instanceof XmlElement e ? e.name() + (e.attribute("id") == null ? "" : ":" + e.attribute("id"))
                    : o.toString());
        }
        return out;
    }

    @Test
    void stanzasAreCountedAndKeptAndEverythingElsePassesUncounted() {
        channel.writeAndFlush("<stream:stream>");
        ChannelFuture sent = channel.writeAndFlush(message(1));
        channel.writeAndFlush(XmlElement.empty("enabled", StreamManagementNegotiation.NAMESPACE));
        assertThat(sent.isSuccess()).isTrue();
        assertThat(written()).containsExactly("<stream:stream>", "message:m1", "enabled");
        assertThat(unacked.sent()).isEqualTo(1);
        assertThat(unacked.pending()).extracting(e -> e.stanza().attribute("id")).containsExactly("m1");
    }

    @Test
    void aStanzaSentAgainOnAResumedStreamIsNotCountedTwice() {
        channel.writeAndFlush(message(1));
        channel.writeAndFlush(new StanzaAckHandler.Resent(message(1)));
        assertThat(written()).containsExactly("message:m1", "message:m1");
        assertThat(unacked.sent()).isEqualTo(1);
    }

    @Test
    void aConnectionThatNoLongerCarriesTheSessionFailsTheWriteAndKeepsNothing() {
        carried.set(false);
        ChannelFuture sent = channel.writeAndFlush(message(1));
        assertThat(sent.isSuccess()).isFalse();
        assertThat(written()).isEmpty();
        assertThat(unacked.size()).isZero();
    }

    @Test
    void aFewStanzasAreFollowedByOneRequestASecondLater() {
        channel.writeAndFlush(message(1));
        channel.writeAndFlush(message(2));
        assertThat(written()).containsExactly("message:m1", "message:m2");
        channel.advanceTimeBy(StanzaAckHandler.REQUEST_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(written()).containsExactly("r");
        // One request out at a time: more stanzas wait for its answer.
        channel.writeAndFlush(message(3));
        channel.advanceTimeBy(5, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(written()).containsExactly("message:m3");
        unacked.acknowledge(2);
        handler.acknowledged(channel.pipeline().context(handler));
        channel.advanceTimeBy(StanzaAckHandler.REQUEST_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(written()).containsExactly("r");
    }

    @Test
    void nothingIsRequestedWhenEverythingWasAcknowledged() {
        channel.writeAndFlush(message(1));
        unacked.acknowledge(1);
        channel.advanceTimeBy(5, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(written()).containsExactly("message:m1");
    }

    @Test
    void aBurstIsAskedAboutAtOnceAfter256Stanzas() {
        for (int i = 1; i < StanzaAckHandler.REQUEST_AFTER; i++) {
            channel.write(message(i));
        }
        channel.flush();
        assertThat(written()).doesNotContain("r");
        channel.writeAndFlush(message(StanzaAckHandler.REQUEST_AFTER));
        List<String> out = written();
        assertThat(out).endsWith("message:m256", "r");
        assertThat(out).filteredOn("r"::equals).hasSize(1);
    }

    @Test
    void passingTheLimitIsReportedToTheStreamAndTheStanzaIsStillKept() {
        for (int i = 1; i <= 300; i++) {
            channel.write(message(i));
        }
        channel.flush();
        channel.runPendingTasks();
        assertThat(events).isEmpty();
        channel.writeAndFlush(message(301));
        channel.runPendingTasks();
        assertThat(events).containsExactly(StanzaAckHandler.Overflow.INSTANCE);
        assertThat(unacked.size()).isEqualTo(301);
    }
}
