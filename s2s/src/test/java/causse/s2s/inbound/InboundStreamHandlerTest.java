package causse.s2s.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import causse.codec.StanzaEncoder;
import causse.codec.XmppStreamDecoder;
import causse.net.ReadShaper;
import causse.net.ShaperLimits;
import causse.routing.StanzaRouter;
import causse.s2s.S2sOptions;
import causse.s2s.S2sMetrics;
import causse.s2s.S2sServices;
import causse.s2s.auth.DialbackKeys;
import causse.s2s.auth.PeerCertificates;
import causse.s2s.auth.S2sTls;
import causse.s2s.dns.SrvResolver;
import causse.s2s.outbound.OutboundStreams;
import causse.stanza.Stanza;
import causse.tls.SelfSignedCertificates;
import causse.xml.Namespaces;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiving side's negotiation as scripted conversations: real bytes, fed three at a time, through the real
 * decoder and encoder. The channel counts as Direct TLS (already secure) where a test needs the post-TLS state,
 * with no client certificate.
 */
class InboundStreamHandlerTest {
    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
            + "xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' "
            + "from='%s' to='%s' version='1.0'>";
    private static final byte[] SECRET = {4, 2};

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Stanza> routed = new CopyOnWriteArrayList<>();
    private S2sServices services;

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private EmbeddedChannel channel(Path dir, boolean secure) {
        return channel(dir, secure, S2sOptions.DEFAULTS);
    }

    private EmbeddedChannel channel(Path dir, boolean secure, S2sOptions options) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(new XmppStreamDecoder(65536), new StanzaEncoder(Namespaces.SERVER),
                handler(dir, secure, options));
        return ch;
    }

    private InboundStreamHandler handler(Path dir, boolean secure, S2sOptions options) {
        StanzaRouter router = routed::add;
        services = new S2sServices(options, new SrvResolver(List.of("127.0.0.1:9"), Duration.ofMillis(100), group,
                new SplittableRandom(1)), new S2sTls(Map.of("b.test", new SelfSignedCertificates().ensure("b.test", dir))),
                new PeerCertificates(List.of()), new DialbackKeys(SECRET), group, router, "b.test"::equals,
                new SecureRandom(), new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), S2sMetrics.unread());
        return new InboundStreamHandler(services, new OutboundStreams(services), secure);
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
    void beforeTlsOnlyStartTlsIsOfferedAndAnythingElseIsAPolicyViolation(@TempDir Path dir) {
        EmbeddedChannel ch = channel(dir, false);
        feed(ch, HEADER.formatted("a.test", "b.test"));
        String out = written(ch);
        assertThat(out).contains("from='b.test'", "to='a.test'", "xmlns:db='jabber:server:dialback'")
                .containsPattern("<starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"><required/></starttls>")
                .doesNotContain("dialback\"><errors");
        feed(ch, "<db:verify from='a.test' to='b.test' id='x'>00</db:verify>");
        assertThat(written(ch)).contains("<policy-violation xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>", "</stream:stream>");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aPeerThatKeepsSendingTooFastForTheFloodTimeGetsPolicyViolation(@TempDir Path dir) {
        AtomicLong now = new AtomicLong();
        S2sOptions options = S2sOptions.DEFAULTS.withRequireTls(false);
        EmbeddedChannel ch = new EmbeddedChannel(new ReadShaper(new ShaperLimits(1024, 1024, Duration.ofSeconds(60)),
                now::get), new XmppStreamDecoder(65536), new StanzaEncoder(Namespaces.SERVER),
                handler(dir, false, options));
        feed(ch, HEADER.formatted("a.test", "b.test"));
        written(ch);
        String padding = " ".repeat(4096);   // whitespace between stanzas: bytes the shaper counts, nothing else
        for (int second = 0; second <= 60 && ch.isOpen(); second++) {
            now.set(Duration.ofSeconds(second).toNanos());
            feed(ch, padding);   // four times the rate, every second
        }
        assertThat(ch.isOpen()).as("still open after 60 s at four times the rate").isTrue();

        now.set(Duration.ofSeconds(61).toNanos());
        ch.writeInbound(Unpooled.wrappedBuffer(padding.getBytes(StandardCharsets.US_ASCII)));

        assertThat(written(ch)).contains("<policy-violation xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>",
                "</stream:stream>");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aPeerWithinItsRateIsNeverCut(@TempDir Path dir) {
        AtomicLong now = new AtomicLong();
        EmbeddedChannel ch = new EmbeddedChannel(new ReadShaper(new ShaperLimits(1024, 1024, Duration.ofSeconds(60)),
                now::get), new XmppStreamDecoder(65536), new StanzaEncoder(Namespaces.SERVER),
                handler(dir, false, S2sOptions.DEFAULTS.withRequireTls(false)));
        feed(ch, HEADER.formatted("a.test", "b.test"));
        for (int second = 1; second <= 300; second++) {
            now.set(Duration.ofSeconds(second).toNanos());
            feed(ch, " ".repeat(900));
        }
        assertThat(ch.isOpen()).isTrue();
        assertThat(written(ch)).doesNotContain("policy-violation");
    }

    @Test
    void withTlsOptionalDialbackWorksInClearText(@TempDir Path dir) {
        EmbeddedChannel ch = channel(dir, false, S2sOptions.DEFAULTS.withRequireTls(false));
        feed(ch, HEADER.formatted("a.test", "b.test"));
        assertThat(written(ch)).contains("<starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"/>",
                "<dialback xmlns=\"urn:xmpp:features:dialback\"><errors/></dialback>");
        String key = new DialbackKeys(SECRET).key("a.test", "b.test", "s1");
        feed(ch, "<db:verify from='a.test' to='b.test' id='s1'>" + key + "</db:verify>");
        assertThat(written(ch)).isEqualTo("<db:verify from='b.test' to='a.test' id='s1' type='valid'/>");
    }

    @Test
    void aDomainWeDoNotHostIsHostUnknown(@TempDir Path dir) {
        EmbeddedChannel ch = channel(dir, false);
        feed(ch, HEADER.formatted("a.test", "elsewhere.test"));
        assertThat(written(ch)).contains("<host-unknown xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aClientStreamIsInvalidNamespace(@TempDir Path dir) {
        EmbeddedChannel ch = channel(dir, false);
        feed(ch, HEADER.formatted("a.test", "b.test").replace("jabber:server'", "jabber:client'"));
        assertThat(written(ch)).contains("<invalid-namespace xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>");
    }

    @Test
    void answersDialbackVerifyAsTheAuthoritativeServer(@TempDir Path dir) {
        EmbeddedChannel ch = channel(dir, true);
        feed(ch, HEADER.formatted("a.test", "b.test"));
        // dialback offered, EXTERNAL not (no client certificate)
        assertThat(written(ch)).contains("<dialback xmlns=\"urn:xmpp:features:dialback\"><errors/></dialback>")
                .doesNotContain("EXTERNAL");
        String key = new DialbackKeys(SECRET).key("a.test", "b.test", "s1");
        feed(ch, "<db:verify from='a.test' to='b.test' id='s1'>" + key + "</db:verify>");
        assertThat(written(ch)).isEqualTo("<db:verify from='b.test' to='a.test' id='s1' type='valid'/>");
        feed(ch, "<db:verify from='a.test' to='b.test' id='s2'>" + key + "</db:verify>");
        assertThat(written(ch)).isEqualTo("<db:verify from='b.test' to='a.test' id='s2' type='invalid'/>");
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void externalWithoutACertificateFailsAndTheStreamStays(@TempDir Path dir) {
        EmbeddedChannel ch = channel(dir, true);
        feed(ch, HEADER.formatted("a.test", "b.test"));
        written(ch);
        feed(ch, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>");
        assertThat(written(ch)).isEqualTo("<failure xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"><not-authorized/></failure>");
        feed(ch, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGEAYg==</auth>");
        assertThat(written(ch)).isEqualTo("<failure xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"><invalid-mechanism/></failure>");
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void dialbackForADomainWeDoNotHostIsItemNotFound(@TempDir Path dir) {
        EmbeddedChannel ch = channel(dir, true);
        feed(ch, HEADER.formatted("a.test", "b.test"));
        written(ch);
        feed(ch, "<db:result from='a.test' to='c.test'>abc</db:result>");
        assertThat(written(ch)).isEqualTo("<db:result from='c.test' to='a.test' type='error'><error type='cancel'>"
                + "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></db:result>");
    }

    @Test
    void stanzasBeforeAuthenticationEndTheStream(@TempDir Path dir) {
        EmbeddedChannel ch = channel(dir, true);
        feed(ch, HEADER.formatted("a.test", "b.test"));
        written(ch);
        feed(ch, "<message from='alice@a.test' to='bob@b.test'><body>hi</body></message>");
        assertThat(written(ch)).contains("<not-authorized xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>");
        assertThat(routed).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }
}
