package causse.session;

import causse.jid.Jid;
import java.util.List;

/** What modules may read of the bound sessions of this node. */
public interface Sessions {
    /** The session bound to this full JID, or null. */
    ClientSession get(Jid fullJid);

    /** Every session of the account, in no particular order. */
    List<ClientSession> sessionsOf(Jid bareJid);
}
