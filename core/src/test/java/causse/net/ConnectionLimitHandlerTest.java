package causse.net;

import static org.assertj.core.api.Assertions.assertThat;

import causse.xml.Namespaces;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionLimitHandlerTest {
    private final IpConnectionLimiter limiter = new IpConnectionLimiter(1, 100, true, System::nanoTime);
    private final List<IpConnectionLimiter.Verdict> refusals = new ArrayList<>();

    /** A client channel from 192.0.2.7. */
    private ConnectionLimitHandler limit(boolean plainText) {
        return new ConnectionLimitHandler(limiter, plainText, Namespaces.CLIENT, refusals::add);
    }

    private static final class RemoteChannel extends EmbeddedChannel {
        RemoteChannel(ChannelHandler... handlers) {
            super(handlers);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return new InetSocketAddress("192.0.2.7", 40000);
        }
    }

    /** Records whether the rest of the pipeline saw the connection become active. */
    private static final class Downstream extends ChannelInboundHandlerAdapter {
        boolean active;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            active = true;
        }
    }

    @Test
    void theConnectionOverTheLimitGetsAPolicyViolationAndOnlyItIsClosed() {
        Downstream firstNext = new Downstream();
        EmbeddedChannel first = new RemoteChannel(limit(true), firstNext);
        Downstream secondNext = new Downstream();
        EmbeddedChannel second = new RemoteChannel(limit(true),
                secondNext);

        assertThat(firstNext.active).isTrue();
        assertThat(first.isOpen()).isTrue();
        assertThat(secondNext.active).as("refused before the stream handlers").isFalse();
        ByteBuf written = second.readOutbound();
        String refusal = written.toString(StandardCharsets.UTF_8);
        written.release();
        assertThat(refusal).contains("<stream:stream", "<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>",
                "too many connections", "</stream:stream>");
        assertThat(second.isOpen()).isFalse();
        assertThat(refusals).containsExactly(IpConnectionLimiter.Verdict.TOO_MANY);

        first.close();
        Downstream thirdNext = new Downstream();
        EmbeddedChannel third = new RemoteChannel(limit(true), thirdNext);
        assertThat(thirdNext.active).as("the closed connection was released").isTrue();
        third.close();
    }

    @Test
    void onADirectTlsListenerTheRefusedConnectionIsOnlyClosed() {
        EmbeddedChannel first = new RemoteChannel(limit(false));
        EmbeddedChannel second = new RemoteChannel(limit(false));

        assertThat((Object) second.readOutbound()).isNull();
        assertThat(second.isOpen()).isFalse();
        assertThat(first.isOpen()).isTrue();
        first.close();
    }
}
