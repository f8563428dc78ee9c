package causse.server;

import java.util.regex.Matcher;

/**
 * Two logged-in sessions that watch an attack on another connection of the same server and must not
 * notice it: a message from one still reaches the other, and the server still answers a ping.
 */
final class Bystanders implements AutoCloseable {
    private final RawXmppClient sender;
    private final RawXmppClient receiver;
    private final String receiverJid;
    private int round;

    private Bystanders(RawXmppClient sender, RawXmppClient receiver, String receiverJid) {
        this.sender = sender;
        this.receiver = receiver;
        this.receiverJid = receiverJid;
    }

    /** Logs {@code senderUser} and {@code receiverUser} in, each with the resource "bystander". */
    static Bystanders login(TestServer server, String senderUser, String receiverUser) throws Exception {
        RawXmppClient sender = RawXmppClient.loggedIn(server, senderUser, "bystander");
        try {
            return new Bystanders(sender, RawXmppClient.loggedIn(server, receiverUser, "bystander"),
                    receiverUser + "@" + TestServer.DOMAIN + "/bystander");
        } catch (Exception | AssertionError e) {
            sender.close();
            throw e;
        }
    }

    /**
     * Checks that both sessions still work; returns what the receiver got before the check's message
     * (since the last check), so that a test can assert that nothing from the attacker arrived.
     */
    String assertUnharmed() throws Exception {
        String tag = "still here " + (++round);
        sender.send("<message type='chat' id='b" + round + "' to='" + receiverJid + "'><body>" + tag + "</body></message>");
        Matcher m = receiver.expect("(.*?)<message [^>]*><body>" + tag + "</body></message>");
        sender.send("<iq type='get' id='bp" + round + "' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        sender.expect("<iq [^>]*id=\"bp" + round + "\"[^>]*type=\"result\"|<iq [^>]*type=\"result\"[^>]*id=\"bp" + round + "\"");
        return m.group(1);
    }

    @Override
    public void close() throws Exception {
        try {
            sender.close();
        } finally {
            receiver.close();
        }
    }
}
