package causse.bench.jmh;

import causse.jid.Jid;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import causse.xml.XmlWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Chat messages as IM clients send them, and the c2s byte stream that carries them. Built with the
 * production {@link XmlElement} and {@link XmlWriter}, from a fixed seed so every run sees the same bytes.
 *
 * <p>Most messages are a body of one short sentence (about 150 bytes on the wire); one in four carries the
 * extensions a modern client adds (chat state, receipt request, origin-id, and a nested out-of-band link),
 * and some bodies have non-ASCII text or characters that must be escaped.
 */
final class ChatTraffic {
    static final String DOMAIN = "localhost";

    private static final String[] SENTENCES = {
        "Hello there, are we still on for lunch today at noon?",
        "Sure, see you at the usual place. I'll bring the notes.",
        "Déjà vu: the build broke again on the CI runner 🙈",
        "Can you review my patch when you get a minute? It's small.",
        "Tom & Jerry said <3 to the new release, apparently.",
        "ok",
        "Running ten minutes late, sorry! Order without me.",
        "Le café est prêt, tu descends ?",
    };

    private ChatTraffic() {
    }

    /** The JID of user {@code n}: {@code user<n>@localhost}, with {@code resource} unless it is null. */
    static Jid user(int n, String resource) {
        return Jid.of("user" + n, DOMAIN, resource);
    }

    /**
     * {@code count} chat messages from random users among {@code users} to others, addressed to {@code to}
     * picked by {@code address} (bare or full JIDs); with {@code stamped}, each carries the {@code from} the
     * server stamps, as it travels through the router.
     */
    static List<XmlElement> messages(int count, int users, Addressing address, boolean stamped, long seed) {
        Random random = new Random(seed);
        List<XmlElement> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = random.nextInt(users);
            int to = (from + 1 + random.nextInt(users - 1)) % users;
            XmlElement.Builder m = XmlElement.builder("message", Namespaces.CLIENT)
                    .attribute("from", stamped ? user(from, "phone").toString() : null)
                    .attribute("to", address.jid(to).toString())
                    .attribute("type", "chat")
                    .attribute("id", Long.toHexString(random.nextLong()))
                    .textChild("body", Namespaces.CLIENT, SENTENCES[random.nextInt(SENTENCES.length)]);
            if (i % 4 == 3) {
                m.child(XmlElement.empty("active", "http://jabber.org/protocol/chatstates"))
                        .child(XmlElement.empty("request", "urn:xmpp:receipts"))
                        .child(XmlElement.builder("origin-id", "urn:xmpp:sid:0")
                                .attribute("id", Long.toHexString(random.nextLong())).build())
                        .child(XmlElement.builder("x", "jabber:x:oob")
                                .textChild("url", "jabber:x:oob", "https://example.org/share/" + i + ".jpg")
                                .textChild("desc", "jabber:x:oob", "photo")
                                .build());
            }
            out.add(m.build());
        }
        return out;
    }

    /** Where messages go: the account (bare JID) or the session that shows as {@code phone} (full JID). */
    enum Addressing {
        BARE, FULL;

        Jid jid(int user) {
            return user(user, this == FULL ? "phone" : null);
        }
    }

    /**
     * A whole client stream as UTF-8: XML declaration, stream header, the messages as the client writes them
     * (no {@code from}, no {@code xmlns} of their own), a whitespace keep-alive now and then, the closing tag.
     */
    static byte[] clientStream(List<XmlElement> messages) {
        StringBuilder xml = new StringBuilder(messages.size() * 200);
        xml.append("<?xml version='1.0'?><stream:stream to='").append(DOMAIN)
                .append("' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");
        for (int i = 0; i < messages.size(); i++) {
            XmlWriter.write(messages.get(i), Namespaces.CLIENT, xml);
            if (i % 50 == 49) {
                xml.append(' ');
            }
        }
        xml.append("</stream:stream>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code bytes} cut into reads of 1..{@code maxRead} bytes, as TCP delivers them: boundaries fall anywhere. */
    static byte[][] reads(byte[] bytes, int maxRead, long seed) {
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < bytes.length; ) {
            int n = Math.min(bytes.length - at, 1 + random.nextInt(maxRead));
            byte[] read = new byte[n];
            System.arraycopy(bytes, at, read, 0, n);
            out.add(read);
            at += n;
        }
        return out.toArray(new byte[0][]);
    }
}
