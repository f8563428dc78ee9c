package causse.codec;

import static org.assertj.core.api.Assertions.assertThat;

import causse.codec.DecoderHarness.Kind;
import causse.codec.StreamEvent.StreamClosed;
import causse.codec.StreamEvent.StreamOpened;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StanzaEncoderTest {
    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' from='localhost' id='s1' version='1.0' xml:lang='en'>";

    private static final XmlElement MESSAGE = XmlElement.builder("message", Namespaces.CLIENT)
            .attribute("to", "b@localhost").attribute("from", "a@localhost/phone").attribute("type", "chat")
            .attribute("xml:lang", "fr")
            .child(XmlElement.builder("body", Namespaces.CLIENT).text("héllo 日本 😀 <&> \"quoted\"\r\nline").build())
            .child(XmlElement.empty("active", "http://jabber.org/protocol/chatstates"))
            .build();

    private static final XmlElement FEATURES = XmlElement.builder("features", Namespaces.STREAM)
            .child(XmlElement.builder("mechanisms", Namespaces.SASL)
                    .child(XmlElement.builder("mechanism", Namespaces.SASL).text("SCRAM-SHA-256").build())
                    .child(XmlElement.builder("mechanism", Namespaces.SASL).text("PLAIN").build()).build())
            .child(XmlElement.empty("starttls", Namespaces.TLS))
            .build();

    private static final XmlElement MIXED = XmlElement.builder("iq", Namespaces.CLIENT).attribute("type", "result")
            .attribute("id", "x\t1")
            .child(XmlElement.builder("pubsub", "http://jabber.org/protocol/pubsub")
                    .child(XmlElement.builder("item", "http://jabber.org/protocol/pubsub").attribute("{urn:ext}flag", "y")
                            .text("before ").child(XmlElement.builder("b", "").text("bold").build()).text(" after")
                            .build())
                    .build())
            .build();

    private static String written(EmbeddedChannel channel) {
        StringBuilder sb = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            sb.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return sb.toString();
    }

    @Test
    void anElementIsWrittenAsUtf8InsideTheContentNamespace() {
        EmbeddedChannel channel = new EmbeddedChannel(new StanzaEncoder(Namespaces.CLIENT));
        channel.config().setAllocator(UnpooledByteBufAllocator.DEFAULT);
        channel.writeOutbound(MESSAGE);
        ByteBuf buf = channel.readOutbound();
        String expected = "<message to=\"b@localhost\" from=\"a@localhost/phone\" type=\"chat\" xml:lang=\"fr\">"
                + "<body>héllo 日本 😀 &lt;&amp;&gt; \"quoted\"&#13;\nline</body>"
                + "<active xmlns=\"http://jabber.org/protocol/chatstates\"/></message>";
        assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        // Sized exactly, so nothing was copied while it grew.
        assertThat(buf.capacity()).isEqualTo(buf.readableBytes());
        buf.release();
    }

    @Test
    void aServerStreamWritesStanzasInJabberServer() {
        EmbeddedChannel channel = new EmbeddedChannel(new StanzaEncoder(Namespaces.SERVER));
        channel.writeOutbound(MESSAGE.withNamespace(Namespaces.SERVER), MESSAGE);
        String out = written(channel);
        assertThat(out).startsWith("<message to=");
        assertThat(out).contains("</message><message xmlns=\"jabber:client\" to=");
    }

    @Test
    void rawXmlIsWrittenAsIs() {
        EmbeddedChannel channel = new EmbeddedChannel(new StanzaEncoder(Namespaces.CLIENT));
        channel.writeOutbound(HEADER, new StringBuilder("</stream:stream>"));
        assertThat(written(channel)).isEqualTo(HEADER + "</stream:stream>");
    }

    @Test
    void otherMessagesPassByUntouched() {
        EmbeddedChannel channel = new EmbeddedChannel(new StanzaEncoder(Namespaces.CLIENT));
        ByteBuf raw = Unpooled.copiedBuffer(" ", StandardCharsets.UTF_8);
        Object other = 42;
        channel.writeOutbound(raw, other);
        Object first = channel.readOutbound();
        Object second = channel.readOutbound();
        assertThat(first).isSameAs(raw);
        assertThat(second).isSameAs(other);
        raw.release();
    }

    @Test
    void aHugeStanzaDoesNotStayInTheEncodersBuffer() {
        EmbeddedChannel channel = new EmbeddedChannel(new StanzaEncoder(Namespaces.CLIENT));
        String big = "x".repeat(100_000);
        channel.writeOutbound(XmlElement.builder("message", Namespaces.CLIENT)
                .child(XmlElement.builder("body", Namespaces.CLIENT).text(big).build()).build(), MESSAGE, MESSAGE);
        String out = written(channel);
        assertThat(out).contains(big);
        assertThat(out.indexOf("<message to=")).isLessThan(out.lastIndexOf("<message to="));
    }

    @Test
    void whatTheEncoderWritesTheDecoderReadsBack() {
        EmbeddedChannel out = new EmbeddedChannel(new StanzaEncoder(Namespaces.CLIENT));
        List<XmlElement> sent = List.of(FEATURES, MESSAGE, MIXED, XmlElement.empty("presence", Namespaces.CLIENT));
        out.writeOutbound(HEADER);
        for (XmlElement e : sent) {
            out.writeOutbound(e);
        }
        out.writeOutbound("</stream:stream>");
        List<byte[]> frames = new ArrayList<>();
        ByteBuf buf;
        while ((buf = out.readOutbound()) != null) {
            frames.add(ByteBufUtil.getBytes(buf));
            buf.release();
        }
        byte[] all = concat(frames);

        Random random = new Random(7);
        for (int iteration = 0; iteration < 50; iteration++) {
            DecoderHarness in = new DecoderHarness(64 * 1024);
            in.feedCut(all, XmppStreamDecoderTest.randomCuts(random, all.length, 1 + random.nextInt(30)),
                    Kind.values()[iteration % Kind.values().length]);
            assertThat(in.events.get(0)).isInstanceOf(StreamOpened.class);
            assertThat(((StreamOpened) in.events.get(0)).attribute("id")).isEqualTo("s1");
            assertThat(in.elements()).isEqualTo(sent);
            assertThat(in.last()).isInstanceOf(StreamClosed.class);
            in.assertAllReleased();
        }
    }

    private static byte[] concat(List<byte[]> parts) {
        int length = parts.stream().mapToInt(p -> p.length).sum();
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
