package causse.s2s.outbound;

import causse.routing.RemoteDelivery;
import causse.s2s.S2sServices;
import causse.stanza.Stanza;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remote delivery by federation: each stanza goes to the {@link OutboundStream} of its (sender's domain,
 * recipient's domain) pair, created on first use and kept (it reconnects on demand after an idle close).
 * Thread-safe; never blocks.
 */
public final class OutboundStreams implements RemoteDelivery {
    private record Pair(String local, String remote) {
    }

    private final S2sServices services;
    private final Map<Pair, OutboundStream> streams = new ConcurrentHashMap<>();

    public OutboundStreams(S2sServices services) {
        this.services = services;
    }

    @Override
    public void deliver(Stanza stanza) {
        if (stanza.from() == null || stanza.to() == null) {
            return;   // the router gives remote delivery only stanzas with both: nothing to address otherwise
        }
        stream(stanza.from().domain(), stanza.to().domain()).send(stanza);
    }

    /**
     * Asks {@code remote}'s authoritative server, over our stream from {@code local}, whether {@code key} is the
     * dialback key of the stream with id {@code streamId} that {@code remote} opened to us (XEP-0220 §2.1.2).
     */
    public CompletableFuture<Boolean> verify(String local, String remote, String streamId, String key) {
        return stream(local, remote).verify(streamId, key);
    }

    private OutboundStream stream(String local, String remote) {
        return streams.computeIfAbsent(new Pair(local, remote), p -> new OutboundStream(p.local(), p.remote(), services));
    }

    /** Outgoing connections open now, negotiating or established. */
    public int connections() {
        return (int) streams.values().stream().filter(OutboundStream::connected).count();
    }

    public void closeAll() {
        streams.values().forEach(OutboundStream::close);
    }
}
