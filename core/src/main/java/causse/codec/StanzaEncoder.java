package causse.codec;

import causse.xml.XmlElement;
import causse.xml.XmlWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.Objects;

/**
 * Writes what the stream handler sends as UTF-8: an {@link XmlElement} (a stanza or a negotiation
 * element, serialised inside the stream's content namespace so stanzas carry no {@code xmlns}) or a
 * {@link CharSequence} of raw XML (the stream header, the closing tag). Anything else passes by
 * untouched. One per channel: it reuses one text buffer.
 *
 * <p>Before it (on the way out): the stream handler and whatever queues its output. After it: nothing,
 * or the {@code SslHandler} once TLS is up.
 */
public final class StanzaEncoder extends MessageToByteEncoder<Object> {
    /** A buffer grown by one huge stanza is dropped afterwards, so an idle connection does not keep it. */
    private static final int RETAINED_CAPACITY = 16 * 1024;

    private final String contentNamespace;
    private StringBuilder text = new StringBuilder(256);
    /** The UTF-8 length of the message being encoded, from {@link #allocateBuffer} to {@link #encode}. */
    private int encodedBytes;

    /** @param contentNamespace the stream's default namespace, e.g. {@code jabber:client} */
    public StanzaEncoder(String contentNamespace) {
        this.contentNamespace = Objects.requireNonNull(contentNamespace, "contentNamespace");
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof XmlElement || msg instanceof CharSequence;
    }

    /**
     * Serialises here rather than in {@link #encode} so the buffer can be sized exactly: a stanza
     * then costs one allocation and no copy as the buffer grows.
     */
    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Object msg, boolean preferDirect) {
        CharSequence xml = serialise(msg);
        encodedBytes = ByteBufUtil.utf8Bytes(xml);
        return preferDirect ? ctx.alloc().ioBuffer(encodedBytes) : ctx.alloc().heapBuffer(encodedBytes);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
        CharSequence xml = msg instanceof XmlElement ? text : (CharSequence) msg;
        // Not writeUtf8: it reserves three bytes per char and so would grow the exactly sized buffer.
        ByteBufUtil.reserveAndWriteUtf8(out, xml, encodedBytes);
        if (text.capacity() > RETAINED_CAPACITY) {
            text = new StringBuilder(256);
        }
    }

    private CharSequence serialise(Object msg) {
        if (msg instanceof XmlElement element) {
            text.setLength(0);
            XmlWriter.write(element, contentNamespace, text);
            return text;
        }
        return (CharSequence) msg;
    }
}
