package causse.storage;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One roster entry (RFC 6121 §2.1).
 *
 * @param contact      the contact's bare JID, normalised
 * @param name         the owner's name for the contact, or null
 * @param subscription who receives whose presence
 * @param pendingOut   the owner sent a subscription request and waits for the answer ({@code ask='subscribe'})
 * @param pendingIn    the contact asked to subscribe to the owner, who has not answered yet
 * @param approved     the owner pre-approved the contact's subscription (§3.4)
 * @param groups       sorted, without duplicates (the constructor makes them so)
 */
public record RosterItem(String contact, String name, Subscription subscription, boolean pendingOut,
                         boolean pendingIn, boolean approved, List<String> groups) {
    /**
     * The longest name and group name (in UTF-16 chars) a store keeps. RFC 6121 §2.3.3 lets a server refuse longer
     * ones with {@code <not-acceptable/>}; the roster module checks before it builds an item.
     */
    public static final int MAX_TEXT_LENGTH = 1023;

    public RosterItem {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(subscription, "subscription");
        requireShort(name, "name");
        // A TreeSet sorts, drops duplicates and refuses null, so that an item has one spelling.
        groups = List.copyOf(new TreeSet<>(groups));
        groups.forEach(g -> requireShort(g, "group"));
    }

    /** A new entry: no subscription, nothing pending, no name, no groups. */
    public static RosterItem of(String contact) {
        return new RosterItem(contact, null, Subscription.NONE, false, false, false, List.of());
    }

    public RosterItem withName(String newName) {
        return new RosterItem(contact, newName, subscription, pendingOut, pendingIn, approved, groups);
    }

    public RosterItem withSubscription(Subscription newSubscription) {
        return new RosterItem(contact, name, newSubscription, pendingOut, pendingIn, approved, groups);
    }

    public RosterItem withPendingOut(boolean newPendingOut) {
        return new RosterItem(contact, name, subscription, newPendingOut, pendingIn, approved, groups);
    }

    public RosterItem withPendingIn(boolean newPendingIn) {
        return new RosterItem(contact, name, subscription, pendingOut, newPendingIn, approved, groups);
    }

    public RosterItem withApproved(boolean newApproved) {
        return new RosterItem(contact, name, subscription, pendingOut, pendingIn, newApproved, groups);
    }

    public RosterItem withGroups(Collection<String> newGroups) {
        return new RosterItem(contact, name, subscription, pendingOut, pendingIn, approved, List.copyOf(newGroups));
    }

    private static void requireShort(String text, String what) {
        if (text != null && text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException(what + " longer than " + MAX_TEXT_LENGTH + " chars: "
                    + text.substring(0, 40) + "...");
        }
    }
}
