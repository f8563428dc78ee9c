package causse.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A raw XMPP conversation over a socket, for wire-level tests: write exact bytes, wait for text to appear.
 * Everything read is kept, so a test can search what came before.
 */
public final class RawXmppClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** Decodes across reads, keeping a UTF-8 character split between two of them until it is whole. */
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer undecoded = ByteBuffer.allocate(8192 + 4);
    private final CharBuffer decoded = CharBuffer.allocate(8192 + 4);
    private final StringBuilder received = new StringBuilder();
    private int consumed;

    public RawXmppClient(int port) throws IOException {
        use(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    private RawXmppClient(Socket socket) throws IOException {
        use(socket);
    }

    /** Connects with Direct TLS (XEP-0368), sending {@code sni} as the server name. */
    public static RawXmppClient directTls(int port, SSLContext ctx, String sni) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        SSLParameters p = s.getSSLParameters();
        p.setServerNames(java.util.List.of(new SNIHostName(sni)));
        s.setSSLParameters(p);
        s.startHandshake();
        return new RawXmppClient(s);
    }

    private void use(Socket s) throws IOException {
        socket = s;
        // Each send is one small write: without this, Nagle holds the second of two until the first is acknowledged.
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(100);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /**
     * Logs in over Direct TLS with PLAIN as {@code user@localhost} and binds {@code resource}, with initial
     * presence sent and the bind result consumed.
     */
    public static RawXmppClient loggedIn(TestServer server, String user, String resource) throws Exception {
        RawXmppClient c = directTls(server.directTlsPort(), server.sslContext(), TestServer.DOMAIN);
        c.send(C2sWireTest.OPEN).expect("</stream:features>");
        c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + C2sWireTest.plain("", user, TestServer.PASSWORD) + "</auth>").expect("<success");
        c.send(C2sWireTest.OPEN).expect("<bind xmlns=\"urn:ietf:params:xml:ns:xmpp-bind\"/>.*</stream:features>");
        c.send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource
                + "</resource></bind></iq>").expect("<jid>" + user + "@localhost/" + resource + "</jid>.*?</iq>");
        c.send("<presence/>");
        return c;
    }

    /**
     * Waits until the server closes the connection and checks that it ended with exactly this stream
     * error (RFC 6120 §4.9): the error element holding the condition, then the stream's close tag.
     * Returns what was received.
     */
    public String awaitStreamError(String condition) throws IOException {
        String got = awaitClose(Duration.ofSeconds(15));
        Pattern error = Pattern.compile("<stream:error><" + condition
                + " xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>(<text [^>]*>[^<]*</text>)?</stream:error></stream:stream>$");
        if (!error.matcher(got).find()) {
            throw new AssertionError("expected the stream error <" + condition + "/> then the close; received: " + got);
        }
        return got;
    }

    /** Wraps the connection in TLS after {@code <proceed/>}. */
    public void startTls(SSLContext ctx, String host) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
        s.setSoTimeout(10_000);   // the handshake may take longer than one polling read (client certificates, a busy CI)
        s.startHandshake();
        use(s);
    }

    /** The certificate the server presented, once TLS is up. */
    public java.security.cert.X509Certificate peerCertificate() throws IOException {
        return (java.security.cert.X509Certificate) ((SSLSocket) socket).getSession().getPeerCertificates()[0];
    }

    public RawXmppClient send(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    public RawXmppClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * Waits until text matching {@code regex} arrives after what earlier calls consumed; returns the match
     * and consumes up to its end. Fails after {@code timeout}.
     */
    public Matcher expect(String regex, Duration timeout) throws IOException {
        Pattern p = Pattern.compile(regex, Pattern.DOTALL);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = p.matcher(received);
            if (m.find(consumed)) {
                consumed = m.end();
                return m;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected /" + regex + "/ within " + timeout + "; received after position "
                        + consumed + ": " + received.substring(consumed));
            }
            if (!readSome()) {
                Matcher last = p.matcher(received);
                if (last.find(consumed)) {
                    consumed = last.end();
                    return last;
                }
                throw new AssertionError("connection closed before /" + regex + "/; received: "
                        + received.substring(consumed));
            }
        }
    }

    public Matcher expect(String regex) throws IOException {
        return expect(regex, Duration.ofSeconds(10));
    }

    /** Waits until the server closes the connection; returns everything not yet consumed. */
    public String awaitClose(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (readSome()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("server did not close the connection; received: " + received.substring(consumed));
            }
        }
        return received.substring(consumed);
    }

    /** Reads what is available; false at end of stream. */
    private boolean readSome() throws IOException {
        try {
            int n = in.read(undecoded.array(), undecoded.position(), undecoded.remaining() - 4);
            if (n < 0) {
                return false;
            }
            undecoded.position(undecoded.position() + n).flip();
            utf8.decode(undecoded, decoded, false);
            received.append(decoded.flip());
            decoded.clear();
            undecoded.compact();
        } catch (SocketTimeoutException e) {
            // nothing yet
        } catch (IOException e) {
            if (socket.isClosed() || e.getMessage() != null && e.getMessage().contains("reset")) {
                return false;
            }
            throw e;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
