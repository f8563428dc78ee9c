package causse.s2s.dns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The order in which SRV targets are tried (RFC 2782, "Usage rules"): lowest priority first; within one
 * priority, a weighted random pick repeated until none are left, where zero-weight records get a small
 * chance of being picked first (the RFC puts them first in the list before summing, so they win only on a
 * running sum of 0). {@code _xmpps-server} and {@code _xmpp-server} records are ordered as one set (XEP-0368 §3).
 */
public final class SrvOrder {
    private final RandomGenerator random;

    public SrvOrder(RandomGenerator random) {
        this.random = random;
    }

    public List<SrvTarget> order(List<SrvTarget> records) {
        Map<Integer, List<SrvTarget>> byPriority = new TreeMap<>();
        for (SrvTarget r : records) {
            byPriority.computeIfAbsent(r.priority(), p -> new ArrayList<>()).add(r);
        }
        List<SrvTarget> ordered = new ArrayList<>(records.size());
        for (List<SrvTarget> group : byPriority.values()) {
            ordered.addAll(weighted(group));
        }
        return ordered;
    }

    private List<SrvTarget> weighted(List<SrvTarget> group) {
        List<SrvTarget> left = new ArrayList<>(group);
        left.sort(Comparator.comparingInt(SrvTarget::weight));   // zero weights first, as RFC 2782 says
        List<SrvTarget> out = new ArrayList<>(group.size());
        while (!left.isEmpty()) {
            long total = 0;
            for (SrvTarget r : left) {
                total += r.weight();
            }
            // a uniform number in [0, total]; the first record whose running sum reaches it is picked
            long pick = total == 0 ? 0 : random.nextLong(total + 1);
            long sum = 0;
            int chosen = left.size() - 1;
            for (int i = 0; i < left.size(); i++) {
                sum += left.get(i).weight();
                if (sum >= pick) {
                    chosen = i;
                    break;
                }
            }
            out.add(left.remove(chosen));
        }
        return out;
    }
}
