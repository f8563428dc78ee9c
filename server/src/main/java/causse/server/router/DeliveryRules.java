package causse.server.router;

import causse.session.ClientSession;
import java.util.ArrayList;
import java.util.List;

/** Which of an account's resources get a message sent to its bare JID (RFC 6121 §8.5.2.1.1). */
public final class DeliveryRules {
    private DeliveryRules() {
    }

    /** The available resources of highest non-negative priority: all of them when several tie. */
    public static List<ClientSession> highestPriority(List<ClientSession> sessions) {
        List<ClientSession> best = new ArrayList<>(2);
        int bestPriority = -1;
        for (ClientSession s : sessions) {
            if (!s.isAvailable() || s.priority() < 0 || s.priority() < bestPriority) {
                continue;
            }
            if (s.priority() > bestPriority) {
                best.clear();
                bestPriority = s.priority();
            }
            best.add(s);
        }
        return best;
    }

    /** Every available resource of non-negative priority (for headlines). */
    public static List<ClientSession> nonNegative(List<ClientSession> sessions) {
        List<ClientSession> out = new ArrayList<>(sessions.size());
        for (ClientSession s : sessions) {
            if (s.isAvailable() && s.priority() >= 0) {
                out.add(s);
            }
        }
        return out;
    }
}
