package causse.s2s.outbound;

import causse.jid.Jid;
import causse.s2s.S2sMetrics;
import causse.s2s.S2sServices;
import causse.s2s.S2sXml;
import causse.s2s.dns.Endpoint;
import causse.stanza.Stanza;
import causse.stanza.StanzaError;
import causse.stanza.StanzaErrorCondition;
import causse.xml.XmlElement;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one outgoing stream from a local domain to a remote one (RFC 6120 §4.1: one per direction and domain
 * pair), with the stanzas waiting for it. Connects on demand, trying the resolved endpoints in order; while it
 * connects stanzas queue; when every endpoint has failed each queued stanza goes back to its sender as an error
 * ({@code <remote-server-not-found/>}, or {@code <remote-server-timeout/>} when the last attempt timed out). It
 * also carries the dialback verify requests ({@code <db:verify/>}) of our inbound streams from that domain.
 *
 * <p>Called from any thread (senders' event loops, DNS answers, its channel's event loop): every method holds
 * the object's lock, which is never held while routing a bounce or waiting for I/O.
 */
public final class OutboundStream {
    private static final Logger log = LoggerFactory.getLogger(OutboundStream.class);

    private enum State { IDLE, RESOLVING, CONNECTING, ESTABLISHED }

    private record Verify(String key, CompletableFuture<Boolean> answer) {
    }

    private final String local;
    private final String remote;
    private final S2sServices services;
    private final ArrayDeque<Stanza> queue = new ArrayDeque<>();
    private final Map<String, Verify> unsentVerifies = new LinkedHashMap<>();
    private final Map<String, Verify> sentVerifies = new LinkedHashMap<>();
    private State state = State.IDLE;
    private Channel channel;
    private boolean verifyReady;
    private List<Endpoint> endpoints = List.of();
    private int next;
    private StanzaErrorCondition lastFailure = StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND;

    OutboundStream(String local, String remote, S2sServices services) {
        this.local = local;
        this.remote = remote;
        this.services = services;
    }

    /** Sends now if the stream is up, else queues and connects if nobody is connecting yet. */
    void send(Stanza stanza) {
        List<Stanza> refused = List.of();
        synchronized (this) {
            if (state == State.ESTABLISHED) {
                write(channel, stanza);
                return;
            }
            if (queue.size() >= services.options().maxQueuedStanzas()) {
                refused = List.of(stanza);
            } else {
                queue.add(stanza);
                connectIfIdle();
            }
        }
        bounce(refused, StanzaErrorCondition.RESOURCE_CONSTRAINT);
    }

    /**
     * Asks {@link #remote}'s authoritative server whether {@code key} is the dialback key it gave for a stream we
     * received with id {@code streamId} (XEP-0220 §2.1.2). Completes with false when it says invalid or cannot be
     * reached.
     */
    synchronized CompletableFuture<Boolean> verify(String streamId, String key) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Verify v = new Verify(key, answer);
        if (sentVerifies.containsKey(streamId) || unsentVerifies.containsKey(streamId)) {
            answer.complete(false);   // one question per stream id at a time; a peer repeating itself gets no second
            return answer;
        }
        if (verifyReady && channel != null) {
            sendVerify(channel, streamId, v);
        } else {
            unsentVerifies.put(streamId, v);
            connectIfIdle();
        }
        return answer;
    }

    private void connectIfIdle() {
        if (state != State.IDLE) {
            return;
        }
        state = State.RESOLVING;
        lastFailure = StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND;
        services.resolver().resolve(remote).whenComplete((found, failure) -> resolved(found, failure));
    }

    private synchronized void resolved(List<Endpoint> found, Throwable failure) {
        if (state != State.RESOLVING) {
            return;
        }
        if (failure != null) {
            log.info("No XMPP server found for {}: {}", remote, failure.getMessage());
            failAll(StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND);
            return;
        }
        endpoints = found;
        next = 0;
        tryNextEndpoint();
    }

    private void tryNextEndpoint() {
        if (next >= endpoints.size()) {
            failAll(lastFailure);
            return;
        }
        Endpoint endpoint = endpoints.get(next++);
        state = State.CONNECTING;
        log.debug("Connecting {} -> {} at {}", local, remote, endpoint);
        ChannelFuture connect = new Bootstrap().group(services.group()).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) services.options().connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new OutboundChannelInitializer(this, endpoint, services))
                .connect(endpoint.address());
        channel = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                // later, not inline: a connect failing at once would report before `channel` above is set
                services.group().execute(() -> attemptFailed(connect.channel(), f.cause() instanceof ConnectTimeoutException
                        ? StanzaErrorCondition.REMOTE_SERVER_TIMEOUT : StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND,
                        f.cause().toString()));
            }
        });
    }

    /** The attempt on {@code ch} ended before the stream was established: on to the next endpoint. */
    synchronized void attemptFailed(Channel ch, StanzaErrorCondition condition, String why) {
        if (ch != channel || state != State.CONNECTING) {
            return;
        }
        log.info("Stream {} -> {} failed on {}: {}", local, remote, ch.remoteAddress(), why);
        lastFailure = condition;
        resetChannel();
        ch.close();
        tryNextEndpoint();
    }

    /** The peer's features arrived on a secured stream: dialback verify requests may go now. */
    synchronized void readyForVerify(Channel ch) {
        if (ch != channel) {
            return;
        }
        verifyReady = true;
        unsentVerifies.forEach((id, v) -> sendVerify(ch, id, v));
        unsentVerifies.clear();
    }

    private void sendVerify(Channel ch, String streamId, Verify v) {
        sentVerifies.put(streamId, v);
        ch.writeAndFlush(S2sXml.dialback("verify", local, remote, streamId, null, v.key()));
    }

    synchronized void verifyAnswered(String streamId, boolean valid) {
        Verify v = sentVerifies.remove(streamId);
        if (v != null) {
            v.answer().complete(valid);
        }
    }

    /** @param how the way the peer accepted us: SASL EXTERNAL or dialback */
    synchronized void established(Channel ch, S2sMetrics.Method how) {
        if (ch != channel) {
            return;
        }
        log.info("Stream {} -> {} established with {} by {}", local, remote, ch.remoteAddress(), how);
        state = State.ESTABLISHED;
        services.metrics().outboundEstablished(how);
        while (!queue.isEmpty()) {
            write(ch, queue.poll());
        }
        ch.flush();
    }

    /** The channel closed (idle, peer's choice, broken): the next stanza opens a new one. */
    synchronized void closed(Channel ch) {
        if (ch != channel) {
            return;
        }
        if (state == State.CONNECTING) {
            attemptFailed(ch, StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND, "connection closed during negotiation");
            return;
        }
        if (state == State.ESTABLISHED) {
            services.metrics().outboundClosed();
        }
        resetChannel();
        state = State.IDLE;
        if (!queue.isEmpty() || !unsentVerifies.isEmpty()) {
            connectIfIdle();
        }
    }

    private void resetChannel() {
        channel = null;
        verifyReady = false;
        // questions asked on the lost connection get no answer there: ask again on the next one
        sentVerifies.forEach(unsentVerifies::putIfAbsent);
        sentVerifies.clear();
    }

    private void write(Channel ch, Stanza stanza) {
        XmlElement element = S2sXml.toServer(stanza.element());
        services.metrics().stanzaOut();
        ch.writeAndFlush(element).addListener(f -> {
            if (!f.isSuccess()) {
                services.group().execute(() -> bounce(List.of(stanza), StanzaErrorCondition.REMOTE_SERVER_TIMEOUT));
            }
        });
    }

    private void failAll(StanzaErrorCondition condition) {
        state = State.IDLE;
        resetChannel();
        List<Stanza> failed = new ArrayList<>(queue);
        queue.clear();
        unsentVerifies.values().forEach(v -> v.answer().complete(false));
        unsentVerifies.clear();
        // routed later on an event loop: never while holding this lock
        services.group().execute(() -> bounce(failed, condition));
    }

    /** Each stanza back to its sender as an error from the address it was sent to; errors are never answered. */
    private void bounce(List<Stanza> stanzas, StanzaErrorCondition condition) {
        for (Stanza s : stanzas) {
            if (!s.isError() && s.from() != null) {
                services.metrics().bounced();
                Jid errorFrom = s.to();
                services.router().route(StanzaError.of(condition).replyTo(s, errorFrom));
            }
        }
    }

    /** Closes the connection, if any, ending the stream properly. */
    synchronized void close() {
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(S2sXml.CLOSE);
            channel.close();
        }
    }

    /** True while a connection is open (negotiating or established). */
    synchronized boolean connected() {
        return channel != null && channel.isActive();
    }

    String local() {
        return local;
    }

    String remote() {
        return remote;
    }
}
