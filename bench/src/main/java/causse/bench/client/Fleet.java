package causse.bench.client;

import causse.codec.StanzaEncoder;
import causse.codec.XmppStreamDecoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/** The simulated users' connections: one Netty event loop per core, shared by all of them. */
public final class Fleet implements AutoCloseable {
    /** Large enough for any stanza a benchmark sees; the decoder only grows to what arrives. */
    private static final int MAX_STANZA_BYTES = 1 << 20;

    private final ClientSettings settings;
    private final ClientEvents events;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final SecureRandom random = new SecureRandom();

    public Fleet(ClientSettings settings, ClientEvents events, int threads) {
        this.settings = settings;
        this.events = events;
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                // Small socket buffers: thousands of mostly idle connections per process.
                .option(ChannelOption.SO_RCVBUF, 32 * 1024)
                .option(ChannelOption.SO_SNDBUF, 32 * 1024);
    }

    /** Starts user {@code index}'s login; the outcome arrives through {@link ClientEvents}. */
    public void connect(int index) {
        XmppClient client = new XmppClient(index, settings, events, random, System.nanoTime());
        ChannelFuture f = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast("decoder", new XmppStreamDecoder(MAX_STANZA_BYTES))
                        .addLast("encoder", new StanzaEncoder("jabber:client"))
                        .addLast("client", client);
            }
        }).connect(settings.host(), settings.port());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                String why = String.valueOf(done.cause());
                if (why.contains("Too many open files")) {
                    why += " (this process hit its open-file limit, 20,000 on these machines: "
                            + "split the users over several bench processes with --first)";
                }
                events.failed(client, "connect failed: " + why);
            }
        });
    }

    public ClientSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
