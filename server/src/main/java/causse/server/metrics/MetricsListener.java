package causse.server.metrics;

import causse.server.config.MetricsConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP listener serving the Prometheus scrape. It runs on its own single event loop so that building a
 * scrape (a few milliseconds with histograms) never delays a stanza on the c2s event loops.
 */
public final class MetricsListener implements AutoCloseable {
    /** A scrape request has no body; anything larger is refused by the aggregator with 413. */
    private static final int MAX_REQUEST_BODY = 8192;

    private final EventLoopGroup group;
    private final Channel channel;

    private MetricsListener(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    public static MetricsListener bind(MetricsConfig config, PrometheusMeterRegistry registry)
            throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast("http", new HttpServerCodec())                            // bytes <-> HTTP parts
                                    .addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST_BODY))  // parts -> whole request
                                    .addLast("scrape", new ScrapeHandler(config.path(), registry::scrape));
                        }
                    })
                    .bind(new InetSocketAddress(config.bind(), config.port())).sync().channel();
            return new MetricsListener(group, channel);
        } catch (Exception e) {
            // Exception, not just the declared ones: sync() rethrows a failed bind's checked BindException as is.
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
