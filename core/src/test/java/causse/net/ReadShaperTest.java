package causse.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadShaperTest {
    /** 1,000 bytes a second, bursts of 1,000, flooding after 3 s. */
    private final ShaperLimits limits = new ShaperLimits(1000, 1000, Duration.ofSeconds(3));
    private final AtomicLong now = new AtomicLong();
    private final List<Object> events = new ArrayList<>();
    private ReadShaper shaper;
    private EmbeddedChannel channel;

    @BeforeEach
    void open() {
        shaper = new ReadShaper(limits, now::get);
        channel = new EmbeddedChannel(shaper, new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
        channel.freezeTime();
    }

    private void send(int bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[bytes]));
        channel.releaseInbound();
    }

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void aClientWithinItsBurstIsNotSlowed() {
        send(900);
        assertThat(shaper.paused()).isFalse();
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void anOverdraftStopsReadingUntilTheBucketRefills() {
        send(1500);   // 500 bytes over: half a second
        assertThat(shaper.paused()).isTrue();
        assertThat(channel.config().isAutoRead()).isFalse();
        advance(400);
        assertThat(shaper.paused()).isTrue();
        advance(150);
        assertThat(shaper.paused()).isFalse();
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(events).isEmpty();
    }

    @Test
    void aClientThatKeepsTheBucketEmptyIsAFloodAfterTheFloodTime() {
        for (int second = 0; second < 5; second++) {
            send(2000);   // twice its rate, every second
            advance(1000);
        }
        assertThat(events).containsExactly(ReadShaper.Flood.INSTANCE);
    }

    @Test
    void burstsWithQuietTimeBetweenThemAreNoFlood() {
        for (int i = 0; i < 6; i++) {
            send(1200);   // over the burst, so slowed down
            advance(1500);   // then quiet long enough for the bucket to be more than half full again
        }
        assertThat(events).isEmpty();
    }
}
