package causse.s2s.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import causse.codec.StanzaEncoder;
import causse.codec.XmppStreamDecoder;
import causse.s2s.S2sOptions;
import causse.s2s.S2sMetrics;
import causse.s2s.S2sServices;
import causse.s2s.auth.DialbackKeys;
import causse.s2s.auth.PeerCertificates;
import causse.s2s.auth.S2sTls;
import causse.s2s.dns.SrvResolver;
import causse.tls.SelfSignedCertificates;
import causse.xml.Namespaces;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The initiating side's negotiation as scripted conversations through the real decoder and encoder, the peer's
 * bytes fed three at a time. "Direct TLS" here is a handshake-complete event without a certificate, so the peer
 * is never proven by certificate and dialback must be allowed.
 */
class OutboundStreamHandlerTest {
    private static final String PEER_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
            + "xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' "
            + "from='b.test' to='a.test' id='%s' version='1.0'>";
    private static final byte[] SECRET = {7};

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private EmbeddedChannel channel(Path dir, boolean directTls) {
        return channel(dir, directTls, S2sOptions.DEFAULTS);
    }

    private EmbeddedChannel channel(Path dir, boolean directTls, S2sOptions options) {
        S2sServices services = new S2sServices(options, new SrvResolver(List.of("127.0.0.1:9"),
                Duration.ofMillis(100), group, new SplittableRandom(1)),
                new S2sTls(Map.of("a.test", new SelfSignedCertificates().ensure("a.test", dir))),
                new PeerCertificates(List.of()), new DialbackKeys(SECRET), group, s -> { }, "a.test"::equals,
                new SecureRandom(), new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), S2sMetrics.unread());
        OutboundStream stream = new OutboundStream("a.test", "b.test", services);
        return new EmbeddedChannel(new XmppStreamDecoder(65536), new StanzaEncoder(Namespaces.SERVER),
                new OutboundStreamHandler(stream, services, directTls));
    }

    private static void feed(EmbeddedChannel ch, String xml) {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 3) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(3, bytes.length - i)));
        }
    }

    private static String written(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) o;
            sb.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return sb.toString();
    }

    @Test
    void opensAJabberServerStreamAndAsksForStartTls(@TempDir Path dir) {
        EmbeddedChannel ch = channel(dir, false);
        assertThat(written(ch)).startsWith("<?xml version='1.0'?><stream:stream xmlns='jabber:server'")
                .contains("xmlns:db='jabber:server:dialback'", "from='a.test'", "to='b.test'", "version='1.0'");
        feed(ch, PEER_HEADER.formatted("s1") + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>"
                + "<required/></starttls></stream:features>");
        assertThat(written(ch)).isEqualTo("<starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"/>");
    }

    @Test
    void aPeerWithoutTlsIsRefused(@TempDir Path dir) {
        EmbeddedChannel ch = channel(dir, false);
        written(ch);
        feed(ch, PEER_HEADER.formatted("s1") + "<stream:features/>");
        assertThat(written(ch)).contains("<policy-violation xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>", "</stream:stream>");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void withTlsOptionalAPeerWithoutTlsGetsDialbackInClearText(@TempDir Path dir) {
        EmbeddedChannel ch = channel(dir, false, S2sOptions.DEFAULTS.withRequireTls(false));
        written(ch);
        feed(ch, PEER_HEADER.formatted("s9") + "<stream:features><dialback xmlns='urn:xmpp:features:dialback'/></stream:features>");
        String key = new DialbackKeys(SECRET).key("b.test", "a.test", "s9");
        assertThat(written(ch)).isEqualTo("<db:result from='a.test' to='b.test'>" + key + "</db:result>");
    }

    @Test
    void triesExternalThenFallsBackToDialbackWithTheStreamsKey(@TempDir Path dir) {
        EmbeddedChannel ch = channel(dir, true);
        assertThat(written(ch)).isEmpty();   // Direct TLS: nothing before the handshake
        ch.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
        assertThat(written(ch)).contains("<stream:stream", "to='b.test'");
        feed(ch, PEER_HEADER.formatted("s42") + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                + "<mechanism>EXTERNAL</mechanism></mechanisms><dialback xmlns='urn:xmpp:features:dialback'/></stream:features>");
        // base64("a.test") as authorization identity
        assertThat(written(ch)).isEqualTo("<auth xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\" mechanism=\"EXTERNAL\">YS50ZXN0</auth>");
        feed(ch, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>");
        String key = new DialbackKeys(SECRET).key("b.test", "a.test", "s42");
        assertThat(written(ch)).isEqualTo("<db:result from='a.test' to='b.test'>" + key + "</db:result>");
        feed(ch, "<db:result from='b.test' to='a.test' type='valid'/>");
        assertThat(ch.isOpen()).isTrue();
        assertThat(written(ch)).isEmpty();
    }

    @Test
    void anInvalidDialbackAnswerEndsTheAttempt(@TempDir Path dir) {
        EmbeddedChannel ch = channel(dir, true);
        ch.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
        written(ch);
        feed(ch, PEER_HEADER.formatted("s7") + "<stream:features><dialback xmlns='urn:xmpp:features:dialback'/></stream:features>");
        assertThat(written(ch)).startsWith("<db:result from='a.test' to='b.test'>");
        feed(ch, "<db:result from='b.test' to='a.test' type='invalid'/>");
        assertThat(written(ch)).isEqualTo("</stream:stream>");
        assertThat(ch.isOpen()).isFalse();
    }
}
