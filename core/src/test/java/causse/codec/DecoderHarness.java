package causse.codec;

import static org.assertj.core.api.Assertions.assertThat;

import causse.codec.StreamEvent.ElementReceived;
import causse.codec.StreamEvent.StreamFailed;
import causse.stanza.StreamErrorCondition;
import causse.xml.XmlElement;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * An {@link XmppStreamDecoder} in an {@link EmbeddedChannel}, followed by a handler that records the
 * events and may react to elements the way the stream handler will (restart, suspend). Every buffer
 * it feeds is remembered so a test can check they were all released.
 */
final class DecoderHarness {
    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0' xml:lang='en'>";

    /** How a chunk is wrapped: each kind takes another path through the decoder. */
    enum Kind {
        /** A heap buffer whose array starts before its data (non-zero arrayOffset). */
        HEAP_OFFSET,
        /** A direct buffer: copied into the decoder's scratch array. */
        DIRECT,
        /** Two components: no single backing array, copied as well. */
        COMPOSITE
    }

    final XmppStreamDecoder decoder;
    final EmbeddedChannel channel;
    final List<StreamEvent> events = new ArrayList<>();
    /** Whatever reached the recorder that is not a stream event. */
    final List<Object> others = new ArrayList<>();
    private final List<ByteBuf> fed = new ArrayList<>();
    private BiConsumer<XmppStreamDecoder, XmlElement> onElement = (d, e) -> { };

    DecoderHarness(int maxStanzaBytes) {
        this(new XmppStreamDecoder(maxStanzaBytes));
    }

    DecoderHarness(XmppStreamDecoder decoder) {
        this.decoder = decoder;
        this.channel = new EmbeddedChannel(decoder, new Recorder());
    }

    /** What the recording handler does, synchronously, with each element it receives. */
    DecoderHarness onElement(BiConsumer<XmppStreamDecoder, XmlElement> reaction) {
        this.onElement = reaction;
        return this;
    }

    DecoderHarness feed(String xml) {
        return feed(xml.getBytes(StandardCharsets.UTF_8), Kind.HEAP_OFFSET);
    }

    DecoderHarness feed(byte[] bytes, Kind kind) {
        ByteBuf buf = wrap(bytes, kind);
        fed.add(buf);
        channel.writeInbound(buf);
        return this;
    }

    /** Feeds {@code bytes} cut at the given ascending offsets. */
    DecoderHarness feedCut(byte[] bytes, int[] cuts, Kind kind) {
        int from = 0;
        for (int cut : cuts) {
            feed(slice(bytes, from, cut), kind);
            from = cut;
        }
        return feed(slice(bytes, from, bytes.length), kind);
    }

    static ByteBuf wrap(byte[] bytes, Kind kind) {
        return switch (kind) {
            case HEAP_OFFSET -> {
                byte[] padded = new byte[bytes.length + 7];
                System.arraycopy(bytes, 0, padded, 3, bytes.length);
                ByteBuf b = Unpooled.wrappedBuffer(padded).slice(3, bytes.length);
                assertThat(b.hasArray()).isTrue();
                yield b;
            }
            case DIRECT -> Unpooled.directBuffer(Math.max(1, bytes.length)).writeBytes(bytes);
            case COMPOSITE -> {
                int half = bytes.length / 2;
                CompositeByteBuf c = Unpooled.compositeBuffer();
                c.addComponent(true, Unpooled.directBuffer(Math.max(1, half)).writeBytes(bytes, 0, half));
                c.addComponent(true, Unpooled.buffer(Math.max(1, bytes.length - half))
                        .writeBytes(bytes, half, bytes.length - half));
                yield c;
            }
        };
    }

    static byte[] slice(byte[] bytes, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(bytes, from, out, 0, out.length);
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    List<XmlElement> elements() {
        List<XmlElement> out = new ArrayList<>();
        for (StreamEvent e : events) {
            if (e instanceof ElementReceived r) {
                out.add(r.element());
            }
        }
        return out;
    }

    StreamEvent last() {
        return events.get(events.size() - 1);
    }

    /** The stream failed with this condition, as the last and only failure. */
    void assertFailedWith(StreamErrorCondition condition) {
        assertThat(events.stream().filter(e -> e instanceof StreamFailed).count()).as("failures in %s", events)
                .isEqualTo(1);
        assertThat(last()).as("events %s", events).isInstanceOf(StreamFailed.class);
        assertThat(((StreamFailed) last()).condition()).as("events %s", events).isEqualTo(condition);
    }

    void assertAllReleased() {
        for (ByteBuf b : fed) {
            assertThat(b.refCnt()).as("buffer released").isZero();
        }
    }

    private final class Recorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof StreamEvent e) {
                events.add(e);
                if (e instanceof ElementReceived r) {
                    onElement.accept(decoder, r.element());
                }
            } else {
                others.add(msg);
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
