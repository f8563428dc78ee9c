package causse.server.net;

import causse.server.config.ListenerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;

/** A bound TCP listener of the server. */
public final class Listener {
    private final ListenerConfig config;
    private final Channel channel;

    private Listener(ListenerConfig config, Channel channel) {
        this.config = config;
        this.channel = channel;
    }

    public static Listener bind(ListenerConfig config, Transport transport, EventLoopGroup boss, EventLoopGroup workers,
                                ChannelInitializer<SocketChannel> initializer) throws InterruptedException {
        Channel channel = new ServerBootstrap().group(boss, workers).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(initializer)
                .bind(new InetSocketAddress(config.bind(), config.port())).sync().channel();
        return new Listener(config, channel);
    }

    public ListenerConfig config() {
        return config;
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public void close() {
        channel.close().syncUninterruptibly();
    }
}
