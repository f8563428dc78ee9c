package causse.server.modules.roster;

import causse.jid.Jid;
import causse.session.ClientSession;
import causse.session.Sessions;
import causse.stanza.Stanza;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;

/** Builds the presence stanzas the server sends on a user's behalf. */
final class PresenceStanzas {
    private PresenceStanzas() {
    }

    /** A subscription-related presence (or probe) from the bare JID {@code from}, as RFC 6121 §3.1.2 wants. */
    static Stanza subscription(Jid from, Jid to, String type) {
        return presence(from, to, type);
    }

    static Stanza presence(Jid from, Jid to, String type) {
        XmlElement e = XmlElement.builder("presence", Namespaces.CLIENT).attribute("type", type)
                .attribute("from", from.toString()).attribute("to", to.toString()).build();
        return new Stanza(Stanza.Kind.PRESENCE, e, from, to);
    }

    /** The element re-addressed to {@code to}, from {@code from}. */
    static Stanza readdressed(XmlElement presence, Jid from, Jid to) {
        return new Stanza(Stanza.Kind.PRESENCE, presence, from, to).withAddresses(from, to);
    }

    /** The current presence of each available resource of {@code owner}, addressed to {@code to}. */
    static List<Stanza> currentOfEach(Sessions sessions, Jid owner, Jid to) {
        List<Stanza> out = new ArrayList<>();
        for (ClientSession s : sessions.sessionsOf(owner)) {
            XmlElement p = s.presence();
            if (s.isAvailable() && p != null) {
                out.add(readdressed(p, s.jid(), to));
            }
        }
        return out;
    }

    /** Unavailable presence from each available resource of {@code owner} to {@code to} (RFC 6121 §3.2.2, §3.3.3). */
    static List<Stanza> unavailableFromEach(Sessions sessions, Jid owner, Jid to) {
        List<Stanza> out = new ArrayList<>();
        for (ClientSession s : sessions.sessionsOf(owner)) {
            if (s.isAvailable()) {
                out.add(presence(s.jid(), to, "unavailable"));
            }
        }
        return out;
    }
}
