package causse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import causse.server.config.HostConfig;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/** One server, two domains: a certificate and accounts of their own each, one router between them. */
class MultiDomainTest {
    static final String OPEN = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='%s' version='1.0'>";

    @Test
    void eachDomainHasItsOwnCertificateAndAccounts(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, c -> c.withHosts(List.of(
                HostConfig.selfSigned("localhost"), HostConfig.selfSigned("iut.rdz"))))) {
            server.server().accounts().add("alice@localhost", "pw-localhost");
            server.server().accounts().add("alice@iut.rdz", "pw-iut");

            // STARTTLS: the certificate follows the stream's 'to', whatever name TLS carries.
            for (String domain : List.of("localhost", "iut.rdz")) {
                try (RawXmppClient c = new RawXmppClient(server.c2sPort())) {
                    c.send(String.format(OPEN, domain)).expect("</stream:features>");
                    c.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>").expect("<proceed");
                    c.startTls(server.sslContext("localhost", "iut.rdz"), "localhost");
                    assertThat(dnsNames(c.peerCertificate())).contains(domain);
                }
            }
            // Direct TLS: the certificate follows SNI.
            try (RawXmppClient c = RawXmppClient.directTls(server.directTlsPort(),
                    server.sslContext("localhost", "iut.rdz"), "iut.rdz")) {
                assertThat(dnsNames(c.peerCertificate())).contains("iut.rdz");
            }

            XMPPTCPConnection iut = server.login("iut.rdz", "alice", "pw-iut", "bot");
            XMPPTCPConnection local = server.login("localhost", "alice", "pw-localhost", "desk");
            assertThatThrownBy(() -> server.login("iut.rdz", "alice", "pw-localhost", "x"))
                    .isInstanceOf(SASLErrorException.class);

            // The two alices are different people, and the router joins the two domains.
            iut.sendStanza(iut.getStanzaFactory().buildPresenceStanza().build());
            BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
            iut.addAsyncStanzaListener(s -> inbox.add((Message) s), StanzaTypeFilter.MESSAGE);
            org.awaitility.Awaitility.await().until(() -> server.server().sessions()
                    .sessionsOf(causse.jid.Jid.parse("alice@iut.rdz")).get(0).isAvailable());
            local.sendStanza(MessageBuilder.buildMessage().to(JidCreate.entityBareFrom("alice@iut.rdz"))
                    .ofType(Message.Type.chat).setBody("across domains").build());
            Message got = inbox.poll(10, TimeUnit.SECONDS);
            assertThat(got).isNotNull();
            assertThat(got.getFrom().toString()).isEqualTo("alice@localhost/desk");
            iut.disconnect();
            local.disconnect();
        }
    }

    private static List<String> dnsNames(X509Certificate cert) throws Exception {
        return cert.getSubjectAlternativeNames().stream().filter(n -> (Integer) n.get(0) == 2)
                .map(n -> (String) n.get(1)).toList();
    }
}
