package causse.tls;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.Future;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real handshakes over loopback between a JDK client that trusts exactly one certificate and the server contexts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsContextsTest {
    private Path dir;
    private EventLoopGroup group;
    private TlsContexts tls;
    private X509Certificate certA;
    private X509Certificate certB;

    @BeforeAll
    void setUp(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        SelfSignedCertificates generator = new SelfSignedCertificates();
        Map<String, CertificateFiles> files = new LinkedHashMap<>();
        files.put("a.example", generator.ensure("a.example", dir));
        files.put("b.example", generator.ensure("b.example", dir));
        tls = new TlsContexts(files);
        certA = SelfSignedCertificatesTest.read(files.get("a.example").certificate());
        certB = SelfSignedCertificatesTest.read(files.get("b.example").certificate());
    }

    @AfterAll
    void tearDown() {
        group.shutdownGracefully(0, 1, SECONDS).syncUninterruptibly();
    }

    private static SslContext trusting(X509Certificate trusted, boolean verifyHostname, String... protocols) throws Exception {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(trusted);
        if (!verifyHostname) {
            builder.endpointIdentificationAlgorithm(null);
        }
        if (protocols.length > 0) {
            builder.protocols(protocols);
        }
        return builder.build();
    }

    /** Connects a client that sends {@code sniName} (none when null); returns the client's session or throws the handshake failure. */
    private SSLSession handshake(TlsContexts contexts, SslContext client, String sniName) throws Throwable {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new SniHandler(contexts.sniMapping()), new Quiet());
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        CompletableFuture<SslHandler> ssl = new CompletableFuture<>();
        Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SslHandler handler = sniName == null ? client.newHandler(ch.alloc()) : client.newHandler(ch.alloc(), sniName, port);
                        ch.pipeline().addLast(handler, new Quiet());
                        ssl.complete(handler);
                    }
                })
                .connect(server.localAddress()).sync().channel();
        try {
            Future<Channel> done = ssl.get(5, SECONDS).handshakeFuture();
            assertThat(done.await(10, SECONDS)).as("handshake finished").isTrue();
            if (!done.isSuccess()) {
                throw done.cause();
            }
            return ssl.get().engine().getSession();
        } finally {
            channel.close().sync();
            server.close().sync();
        }
    }

    @Test
    void sniSelectsTheCertificateOfTheRequestedDomain() throws Throwable {
        SSLSession b = handshake(tls, trusting(certB, true), "b.example");
        assertThat(b.getPeerCertificates()[0]).isEqualTo(certB);
        assertThat(b.getProtocol()).isEqualTo("TLSv1.3");

        SSLSession a = handshake(tls, trusting(certA, true), "a.example");
        assertThat(a.getPeerCertificates()[0]).isEqualTo(certA);

        // a client that trusts only a's certificate but asks for b must be refused: b's certificate was served
        assertThatThrownBy(() -> handshake(tls, trusting(certA, false), "b.example")).hasStackTraceContaining("PKIX");
    }

    @Test
    void aServiceSubdomainGetsItsParentsCertificateWhichCoversItByWildcard() throws Throwable {
        SSLSession session = handshake(tls, trusting(certB, true), "pubsub.b.example");

        assertThat(session.getPeerCertificates()[0]).isEqualTo(certB);
    }

    @Test
    void unknownOrMissingSniNameGetsTheFallback() throws Throwable {
        assertThat(handshake(tls, trusting(certA, false), "other.example").getPeerCertificates()[0]).isEqualTo(certA);
        assertThat(handshake(tls, trusting(certA, false), null).getPeerCertificates()[0]).isEqualTo(certA);
    }

    @Test
    void mappingIsCaseInsensitiveAndWalksUpToTheHostedParent() {
        SslContext a = tls.forDomain("a.example");
        SslContext b = tls.forDomain("b.example");

        assertThat(a).isNotSameAs(b);
        assertThat(tls.fallbackDomain()).isEqualTo("a.example");
        assertThat(tls.domains()).containsExactly("a.example", "b.example");
        assertThat(tls.sniMapping().map("B.Example.")).isSameAs(b);
        assertThat(tls.sniMapping().map("conference.muc.b.example")).isSameAs(b);
        assertThat(tls.sniMapping().map("example")).isSameAs(a);
        assertThat(tls.sniMapping().map("b.example.org")).isSameAs(a);
        assertThat(tls.sniMapping().map(null)).isSameAs(a);
    }

    @Test
    void onlyTls13And12AreEnabled() throws Throwable {
        assertThat(tls.forDomain("a.example").newEngine(ByteBufAllocator.DEFAULT).getEnabledProtocols())
                .containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(handshake(tls, trusting(certA, true, "TLSv1.2"), "a.example").getProtocol()).isEqualTo("TLSv1.2");
        assertThatThrownBy(() -> handshake(tls, trusting(certA, true, "TLSv1.1"), "a.example"));
    }

    @Test
    void onlyAeadSuitesWithForwardSecrecyAreAccepted() throws Throwable {
        SslContext gcm = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(certA)
                .protocols("TLSv1.2").ciphers(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).build();
        assertThat(handshake(tls, gcm, "a.example").getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        // CBC with HMAC: what a client still offers first when it is old, refused.
        SslContext cbc = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(certA)
                .protocols("TLSv1.2").ciphers(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256")).build();
        assertThatThrownBy(() -> handshake(tls, cbc, "a.example")).isInstanceOf(javax.net.ssl.SSLException.class);
        assertThat(handshake(tls, trusting(certA, true), "a.example").getCipherSuite()).isIn(TlsContexts.CIPHERS);
    }

    @Test
    void theServerAnswersATls11HelloWithAProtocolVersionAlert() {
        // The JDK client refuses to even offer TLS 1.1, so this hello is written by hand to reach the server.
        byte[] tls12Answer = serverAnswer(clientHello(0x0303));
        assertThat(tls12Answer[0]).as("TLS 1.2 hello gets a handshake record (ServerHello)").isEqualTo((byte) 22);

        byte[] tls11Answer = serverAnswer(clientHello(0x0302));
        assertThat(tls11Answer).as("fatal alert, protocol_version").hasSizeGreaterThanOrEqualTo(7);
        assertThat(tls11Answer[0]).isEqualTo((byte) 21);
        assertThat(tls11Answer[5]).isEqualTo((byte) 2);
        assertThat(tls11Answer[6]).isEqualTo((byte) 70);
    }

    private byte[] serverAnswer(byte[] hello) {
        EmbeddedChannel server = new EmbeddedChannel(new SniHandler(tls.sniMapping()), new Quiet());
        server.writeInbound(Unpooled.wrappedBuffer(hello));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf = server.readOutbound(); buf != null; buf = server.readOutbound()) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            out.writeBytes(bytes);
        }
        server.finishAndReleaseAll();
        return out.toByteArray();
    }

    /** A minimal ClientHello for a.example offering {@code version}, ECDHE-ECDSA suites, P-256 and ecdsa_secp256r1_sha256. */
    private static byte[] clientHello(int version) {
        byte[] name = "a.example".getBytes(StandardCharsets.US_ASCII);
        ByteBuf ext = Unpooled.buffer();
        ext.writeShort(0x0000).writeShort(name.length + 5).writeShort(name.length + 3).writeByte(0).writeShort(name.length).writeBytes(name);
        ext.writeShort(0x000a).writeShort(4).writeShort(2).writeShort(0x0017);
        ext.writeShort(0x000b).writeShort(2).writeByte(1).writeByte(0);
        ext.writeShort(0x000d).writeShort(4).writeShort(2).writeShort(0x0403);
        ByteBuf body = Unpooled.buffer();
        body.writeShort(version).writeBytes(new byte[32]).writeByte(0);
        body.writeShort(4).writeShort(0xc02b).writeShort(0xc009);
        body.writeByte(1).writeByte(0);
        body.writeShort(ext.readableBytes()).writeBytes(ext);
        ByteBuf record = Unpooled.buffer();
        record.writeByte(22).writeShort(0x0301).writeShort(body.readableBytes() + 4);
        record.writeByte(1).writeMedium(body.readableBytes()).writeBytes(body);
        byte[] bytes = new byte[record.readableBytes()];
        record.readBytes(bytes);
        return bytes;
    }

    @Test
    void loadsAPkcs1RsaKeyWithACertificateChain() throws Throwable {
        KeyPair caKeys = TestPki.rsa();
        X509Certificate ca = TestPki.issue("Test CA", caKeys, "Test CA", caKeys.getPrivate(), true);
        KeyPair leafKeys = TestPki.rsa();
        X509Certificate leaf = TestPki.issue("c.example", leafKeys, "Test CA", caKeys.getPrivate(), false, "c.example");
        Path chain = TestPki.writePem(dir.resolve("c.chain.pem"), leaf, ca);
        Path key = TestPki.writePem(dir.resolve("c.key.pem"), leafKeys.getPrivate());
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        TlsContexts contexts = new TlsContexts(Map.of("c.example", new CertificateFiles(chain, key)));
        SSLSession session = handshake(contexts, trusting(ca, true), "c.example");

        assertThat(session.getPeerCertificates()).containsExactly(leaf, ca);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void loadsASec1EcKeyWithOrWithoutItsOptionalPublicKey(boolean withPublicKey) throws Throwable {
        KeyPair keys = TestPki.ec();
        X509Certificate cert = TestPki.issue("d.example", keys, "d.example", keys.getPrivate(), false, "d.example");
        Path certFile = TestPki.writePem(dir.resolve("d.crt"), cert);
        // an "EC PARAMETERS" block first, as `openssl ecparam -genkey` writes it
        Path keyFile = Files.writeString(dir.resolve("d.key"),
                "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + TestPki.sec1(keys, withPublicKey));

        TlsContexts contexts = new TlsContexts(Map.of("d.example", new CertificateFiles(certFile, keyFile)));

        assertThat(handshake(contexts, trusting(cert, true), "d.example").getPeerCertificates()[0]).isEqualTo(cert);
    }

    @Test
    void badFilesAreReportedWithTheirNames() throws Exception {
        CertificateFiles a = new SelfSignedCertificates().ensure("a.example", dir);
        CertificateFiles b = new SelfSignedCertificates().ensure("b.example", dir);
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> new TlsContexts(Map.of("a.example", new CertificateFiles(a.certificate(), b.privateKey()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the private key in " + b.privateKey() + " does not belong to the first certificate in " + a.certificate());
        assertThatThrownBy(() -> new TlsContexts(Map.of("a.example", new CertificateFiles(garbage, a.privateKey()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(garbage + ": no PEM certificate");
        assertThatThrownBy(() -> new TlsContexts(Map.of("a.example", new CertificateFiles(a.certificate(), a.certificate()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(a.certificate() + ": no PEM private key");
        assertThatThrownBy(() -> new TlsContexts(Map.of("a.example", new CertificateFiles(missing, a.privateKey()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(missing + ": cannot read");
        assertThatThrownBy(() -> new TlsContexts(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRenewedCertificateIsServedToTheNextConnectionsAndUnusableFilesKeepThePreviousOne() throws Throwable {
        Path live = Files.createDirectories(dir.resolve("live"));
        CertificateFiles first = new SelfSignedCertificates().ensure("e.example", live);
        X509Certificate firstCert = SelfSignedCertificatesTest.read(first.certificate());
        TlsContexts contexts = new TlsContexts(Map.of("e.example", first));
        assertThat(contexts.reloadChanged()).as("nothing changed yet").isEmpty();

        // A renewal written over the same paths, as certbot's deploy hooks or an operator's copy do.
        CertificateFiles renewed = new SelfSignedCertificates().ensure("e.example",
                Files.createDirectories(dir.resolve("renewed")));
        X509Certificate renewedCert = SelfSignedCertificatesTest.read(renewed.certificate());
        assertThat(renewedCert).isNotEqualTo(firstCert);
        // Half done: the new certificate with the old key is no usable pair, the old certificate stays.
        Files.copy(renewed.certificate(), first.certificate(), StandardCopyOption.REPLACE_EXISTING);
        assertThat(contexts.reloadChanged()).isEmpty();
        assertThat(handshake(contexts, trusting(firstCert, true), "e.example").getPeerCertificates()[0])
                .isEqualTo(firstCert);
        assertThat(contexts.reloadChanged()).as("not retried until the files change again").isEmpty();

        Files.copy(renewed.privateKey(), first.privateKey(), StandardCopyOption.REPLACE_EXISTING);
        assertThat(contexts.reloadChanged()).containsExactly("e.example");
        assertThat(handshake(contexts, trusting(renewedCert, true), "e.example").getPeerCertificates()[0])
                .isEqualTo(renewedCert);
        assertThat(contexts.reloadChanged()).isEmpty();
    }

    /** Swallows the expected handshake failures so they do not reach the pipeline's tail as warnings. */
    private static final class Quiet extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
