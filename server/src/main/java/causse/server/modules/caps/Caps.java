package causse.server.modules.caps;

import causse.xml.XmlElement;
import java.util.Locale;

/**
 * What one presence announced (XEP-0115 §4): {@code <c hash='...' node='...' ver='...'/>}. {@code hash} is null
 * for the legacy format (§13), whose ver is no hash and proves nothing; {@code node} may be null from a sloppy
 * client.
 */
record Caps(String hash, String node, String ver) {
    static final String NAMESPACE = "http://jabber.org/protocol/caps";

    /** The caps of a presence stanza, or null when it carries none (or one without a ver). */
    static Caps of(XmlElement presence) {
        XmlElement c = presence.child("c", NAMESPACE);
        if (c == null || c.attribute("ver") == null || c.attribute("ver").isEmpty()) {
            return null;
        }
        String hash = c.attribute("hash");
        return new Caps(hash == null ? null : hash.toLowerCase(Locale.ROOT), c.attribute("node"), c.attribute("ver"));
    }

    /** True when the ver is a hash we can check, so a verified answer may be shared by every JID announcing it. */
    boolean verifiable() {
        return VerificationString.supports(hash);
    }

    /** The key of the shared cache: the ver is a hash of the features, the node only says whose software it is. */
    String key() {
        return hash + " " + ver;
    }

    /** The disco#info node to ask (§6.2): node#ver, or none when the client gave no node. */
    String discoNode() {
        return node == null ? null : node + "#" + ver;
    }
}
