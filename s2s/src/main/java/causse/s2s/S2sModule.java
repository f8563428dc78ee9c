package causse.s2s;

import causse.module.Module;
import causse.module.ModuleContext;
import causse.net.IpConnectionLimiter;
import causse.s2s.auth.DialbackKeys;
import causse.s2s.auth.PeerCertificates;
import causse.s2s.auth.S2sTls;
import causse.s2s.dns.SrvResolver;
import causse.s2s.inbound.InboundChannelInitializer;
import causse.s2s.outbound.OutboundStreams;
import causse.tls.CertificateFiles;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-to-server federation (RFC 6120, XEP-0220, XEP-0178, XEP-0368) as a module: it listens for peers on the
 * STARTTLS and Direct TLS ports and provides the router's remote delivery. It owns its event loops, listeners and
 * connections, and closes them all when it stops.
 */
public final class S2sModule implements Module {
    private static final Logger log = LoggerFactory.getLogger(S2sModule.class);
    /** How often the certificate and key files are checked for a renewal. */
    private static final Duration CERTIFICATE_CHECK = Duration.ofSeconds(5);

    private final S2sOptions options;
    private final Map<String, CertificateFiles> certificates;
    private final MeterRegistry registry;
    private EventLoopGroup group;
    private ChannelGroup channels;
    private OutboundStreams outbound;
    private final List<Channel> listeners = new ArrayList<>();

    /**
     * @param certificates each hosted domain's certificate, presented to peers in both directions
     * @param registry     where federation's meters go once it starts (none while it is off)
     */
    public S2sModule(S2sOptions options, Map<String, CertificateFiles> certificates, MeterRegistry registry) {
        this.options = options;
        this.certificates = new LinkedHashMap<>(certificates);
        this.registry = registry;
    }

    @Override
    public String name() {
        return "s2s";
    }

    @Override
    public void start(ModuleContext context) {
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        channels = new DefaultChannelGroup(group.next());
        S2sTls tls = new S2sTls(certificates);
        // Renewed certificates are presented to peers without a restart, as on c2s.
        group.scheduleWithFixedDelay(() -> {
            try {
                tls.reloadChanged();
            } catch (RuntimeException e) {
                log.warn("Checking the certificate files failed", e);
            }
        }, CERTIFICATE_CHECK.toMillis(), CERTIFICATE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        S2sServices services = new S2sServices(options,
                new SrvResolver(options.resolvers(), Duration.ofSeconds(5), group, random),
                tls, new PeerCertificates(S2sTls.trustAnchors(options.trustStore())),
                new DialbackKeys(secret), group, context.router(), context::isLocal, random, channels,
                new S2sMetrics(registry));
        outbound = new OutboundStreams(services);
        S2sOptions.Incoming incoming = options.incoming();
        // One count per address across both listeners, as for clients.
        IpConnectionLimiter limiter = new IpConnectionLimiter(incoming.connectionsPerIp(),
                incoming.connectionRatePerIp(), incoming.exemptLoopback(), System::nanoTime);
        try {
            listeners.add(bind(services, limiter, options.port(), false));
            if (options.directTlsPort() >= 0) {
                listeners.add(bind(services, limiter, options.directTlsPort(), true));
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        context.provideRemoteDelivery(outbound);
        log.info("Federation listening on {}", listeners.stream().map(Channel::localAddress).toList());
    }

    private Channel bind(S2sServices services, IpConnectionLimiter limiter, int port, boolean directTls) {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new InboundChannelInitializer(services, outbound, limiter, directTls))
                .bind(new InetSocketAddress(options.bind(), port)).syncUninterruptibly().channel();
    }

    /** The bound STARTTLS port (differs from the configured one when that was 0). */
    public int port() {
        return ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
    }

    /** The bound Direct TLS port; fails when that listener is off. */
    public int directTlsPort() {
        if (listeners.size() < 2) {
            throw new IllegalStateException("the Direct TLS listener is off");
        }
        return ((InetSocketAddress) listeners.get(1).localAddress()).getPort();
    }

    /** Outgoing s2s connections open now (an idle one closes after {@code idle_timeout}). */
    public int outgoingConnections() {
        return outbound == null ? 0 : outbound.connections();
    }

    @Override
    public void stop() {
        listeners.forEach(Channel::close);
        listeners.clear();
        if (outbound != null) {
            outbound.closeAll();
        }
        if (channels != null) {
            channels.writeAndFlush(S2sXml.CLOSE).awaitUninterruptibly(2, TimeUnit.SECONDS);
            channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
