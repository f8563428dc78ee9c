package causse.codec;

import causse.stanza.StreamErrorCondition;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;

/**
 * Reads the XMPP stream: bytes in, {@link StreamEvent}s out, with the restricted XML of RFC 6120
 * §11.1. One per channel: it holds the parse state of that connection's stream.
 *
 * <p>Before it: nothing, or the {@code SslHandler} once TLS is up (inserted in front of it by
 * STARTTLS). After it: the stream handler, which receives {@link StreamEvent.StreamOpened}, then one
 * {@link StreamEvent.ElementReceived} per first-level element, then {@link StreamEvent.StreamClosed};
 * or, at the first violation, {@link StreamEvent.StreamFailed}, after which this decoder reads
 * nothing more (it releases what arrives) and the stream handler sends the stream error and closes.
 * A connection that drops in mid-stream produces no event: the stream handler sees
 * {@code channelInactive} without {@code StreamClosed}.
 *
 * <p>Limits: a first-level element (and the prolog plus stream header) may take at most
 * {@code maxStanzaBytes} bytes, checked while it is still arriving, and elements may nest at most
 * {@code maxDepth} deep inside a first-level element (trees are walked recursively downstream).
 *
 * <p>Stream restarts (RFC 6120 §4.3.3) are driven by the stream handler through
 * {@link #restart(boolean)}, and {@link #suspend()}/{@link #resume()} let it hold the bytes that
 * follow an element whose outcome it does not know yet (a SASL exchange waiting for storage). All
 * three must be called on the channel's event loop.
 */
public final class XmppStreamDecoder extends ChannelInboundHandlerAdapter {
    /** Nesting allowed inside a first-level element when none is given; real payloads stay far below. */
    public static final int DEFAULT_MAX_DEPTH = 128;

    /** Input is parsed in slices of at most this many bytes, so the size limit is checked that often. */
    static final int SLICE = 8192;

    private final int maxStanzaBytes;
    private final int maxDepth;
    private final StreamParser.Sink sink = this::dispatch;
    /** Input not parsed yet, in order: kept while suspended or when it arrived during a dispatch. */
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private long heldBytes;
    /** Bytes at the head of the first held buffer that the parser has been fed but not yet parsed. */
    private int fedAhead;

    private ChannelHandlerContext ctx;
    private StreamParser parser;
    /** Copy target for buffers without a backing array; grows to at most {@link #SLICE}. */
    private byte[] scratch = new byte[0];

    private boolean dispatching;
    private Restart pendingRestart = Restart.NONE;
    private boolean suspendPending;
    private boolean suspended;
    private boolean producedSinceReadComplete;

    private enum Restart { NONE, KEEP, DISCARD }

    public XmppStreamDecoder(int maxStanzaBytes) {
        this(maxStanzaBytes, DEFAULT_MAX_DEPTH);
    }

    public XmppStreamDecoder(int maxStanzaBytes, int maxDepth) {
        if (maxStanzaBytes <= 0 || maxDepth <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxStanzaBytes = maxStanzaBytes;
        this.maxDepth = maxDepth;
        this.parser = newParser();
    }

    private StreamParser newParser() {
        return new StreamParser(maxStanzaBytes, maxDepth, sink);
    }

    /**
     * Starts a new stream (RFC 6120 §4.3.3) with a fresh parser. Called while the stream handler
     * handles an {@code ElementReceived}, it takes effect right after that element. With
     * {@code discardBuffered} (after STARTTLS) whatever followed that element is dropped: it came
     * before TLS and must not be trusted. Without it (after SASL success) it is parsed as the start of
     * the new stream, so a pipelined stream header is not lost; events for held bytes may be fired
     * before this method returns. Called at any other time, the next bytes start the new stream.
     */
    public void restart(boolean discardBuffered) {
        if (parser.failed()) {
            return;
        }
        if (dispatching) {
            if (pendingRestart != Restart.DISCARD) {
                pendingRestart = discardBuffered ? Restart.DISCARD : Restart.KEEP;
            }
            return;
        }
        parser = newParser();
        fedAhead = 0;
        suspended = false;
        if (discardBuffered) {
            releaseHeld();
        } else {
            drainHeld();
        }
    }

    /**
     * Stops parsing right after the element being handled (or now, outside a dispatch) and holds the
     * bytes that follow, and those that arrive, until {@link #restart(boolean)} or {@link #resume()}.
     * Held input is bounded by {@code maxStanzaBytes}; beyond it the stream fails.
     */
    public void suspend() {
        if (dispatching) {
            suspendPending = true;
        } else {
            suspended = true;
        }
    }

    /** Parses the held bytes on the same stream, then carries on as usual. */
    public void resume() {
        suspendPending = false;
        if (suspended) {
            suspended = false;
            drainHeld();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (parser.finished()) {
            buf.release();
        } else if (suspended || dispatching) {
            // dispatching: a handler after us fed input back in; the parser is busy with other bytes.
            hold(buf);
        } else {
            consume(buf);
            drainHeld();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // As ByteToMessageDecoder does: without autoRead, a read that produced nothing asks for more.
        if (!producedSinceReadComplete && !suspended && !ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
        producedSinceReadComplete = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }

    private void hold(ByteBuf buf) {
        held.addLast(buf);
        heldBytes += buf.readableBytes();
        if (heldBytes > maxStanzaBytes) {
            releaseHeld();
            parser.fail(StreamErrorCondition.POLICY_VIOLATION, "more than " + maxStanzaBytes + " bytes while suspended");
        }
    }

    private void drainHeld() {
        while (!held.isEmpty() && !suspended && !dispatching && !parser.finished()) {
            ByteBuf buf = held.pollFirst();
            heldBytes -= buf.readableBytes();
            consume(buf);
        }
        if (parser.finished()) {
            releaseHeld();
        }
    }

    private void releaseHeld() {
        ByteBuf buf;
        while ((buf = held.pollFirst()) != null) {
            buf.release();
        }
        heldBytes = 0;
        fedAhead = 0;
    }

    /** Parses {@code buf} and releases it, unless a suspension leaves part of it to keep. */
    private void consume(ByteBuf buf) {
        boolean keep = false;
        try {
            keep = decode(buf);
        } finally {
            if (keep) {
                held.addFirst(buf);
                heldBytes += buf.readableBytes();
            } else {
                buf.release();
            }
        }
    }

    /** Returns true when suspended with bytes left, {@code buf}'s reader index then marking them. */
    private boolean decode(ByteBuf buf) {
        int index = buf.readerIndex();
        int end = buf.writerIndex();
        while (index < end) {
            int fed = fedAhead > 0 ? fedAhead : Math.min(SLICE, end - index);
            int consumed = fedAhead > 0 ? parser.resume() : feed(buf, index, fed);
            index += consumed;
            fedAhead = fed - consumed;
            if (parser.finished() || ctx.isRemoved()) {
                fedAhead = 0;
                return false;
            }
            if (pendingRestart != Restart.NONE) {
                boolean discard = pendingRestart == Restart.DISCARD;
                pendingRestart = Restart.NONE;
                suspendPending = false;
                parser = newParser();
                fedAhead = 0;
                if (discard) {
                    releaseHeld();
                    return false;
                }
            } else if (suspendPending) {
                suspendPending = false;
                suspended = true;
                buf.readerIndex(index);
                return index < end;
            }
        }
        return false;
    }

    private int feed(ByteBuf buf, int index, int length) {
        if (buf.hasArray()) {
            return parser.parse(buf.array(), buf.arrayOffset() + index, length);
        }
        if (scratch.length < length) {
            scratch = new byte[Math.min(SLICE, Math.max(length, scratch.length * 2))];
        }
        buf.getBytes(index, scratch, 0, length);
        return parser.parse(scratch, 0, length);
    }

    /** Passes one event on; returns false when the parser must stop right after it. */
    private boolean dispatch(StreamEvent event) {
        producedSinceReadComplete = true;
        boolean outer = dispatching;
        dispatching = true;
        try {
            ctx.fireChannelRead(event);
        } finally {
            dispatching = outer;
        }
        return pendingRestart == Restart.NONE && !suspendPending && !parser.finished() && !ctx.isRemoved();
    }
}
