package causse.storage;

import java.util.List;

/**
 * An owner's whole roster: its version (RFC 6121 §2.6, {@code 0} for an owner who never had an item) and its
 * items, sorted by contact.
 */
public record Roster(long version, List<RosterItem> items) {
    public Roster {
        items = List.copyOf(items);
    }
}
