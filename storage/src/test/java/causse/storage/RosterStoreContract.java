package causse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link RosterStore} must do, on top of what {@link AccountOwnedStoreContract} sets up.
 */
public interface RosterStoreContract extends AccountOwnedStoreContract<RosterStore> {
    String CAROL = "carol@example.org";
    String DAVE = "dave@example.net";

    private static RosterItem friend(String contact) {
        return RosterItem.of(contact).withName("Friend " + contact).withSubscription(Subscription.BOTH)
                .withGroups(List.of("Friends"));
    }

    @Test
    default void anOwnerWithoutItemsHasAnEmptyRosterAtVersionZero() {
        assertThat(store().roster(ALICE)).isEqualTo(new Roster(0, List.of()));
        assertThat(store().item(ALICE, BOB)).isEmpty();
        assertThat(store().pendingRequests(ALICE)).isEmpty();
        assertThat(store().roster("nobody@example.org")).isEqualTo(new Roster(0, List.of()));
    }

    @Test
    default void keepsEveryFieldOfAnItem() {
        RosterItem item = new RosterItem(BOB, "Bøb 😀", Subscription.FROM, true, true, true,
                List.of("Work", "Friends", "Équipe"));

        long version = store().put(ALICE, item);

        assertThat(version).isPositive();
        assertThat(store().item(ALICE, BOB)).contains(item);
        assertThat(store().item(ALICE, BOB).orElseThrow().groups()).containsExactly("Friends", "Work", "Équipe");
        assertThat(store().roster(ALICE)).isEqualTo(new Roster(version, List.of(item)));
    }

    @Test
    default void keepsEachSubscriptionStateAndAnItemWithoutNameOrGroups() {
        for (Subscription s : Subscription.values()) {
            String contact = s.name().toLowerCase(Locale.ROOT) + "@example.org";
            store().put(ALICE, RosterItem.of(contact).withSubscription(s));

            assertThat(store().item(ALICE, contact)).contains(RosterItem.of(contact).withSubscription(s));
        }
        assertThat(store().item(ALICE, "none@example.org").orElseThrow().name()).isNull();
    }

    @Test
    default void keepsNamesAndGroupsOfTheLongestLength() {
        String longest = "日".repeat(RosterItem.MAX_TEXT_LENGTH);
        RosterItem item = RosterItem.of(BOB).withName(longest).withGroups(List.of(longest, "x" + longest.substring(1)));

        store().put(ALICE, item);

        assertThat(store().item(ALICE, BOB)).contains(item);
    }

    @Test
    default void sortsItemsByContact() {
        for (String contact : List.of(DAVE, "zoe@example.org", CAROL, "émile@example.org", BOB, "Zed@example.org")) {
            store().put(ALICE, RosterItem.of(contact));
        }

        assertThat(store().roster(ALICE).items()).extracting(RosterItem::contact).containsExactly(
                "Zed@example.org", BOB, CAROL, DAVE, "zoe@example.org", "émile@example.org");
    }

    @Test
    default void movesTheVersionForwardWithEachChange() {
        List<Long> versions = new ArrayList<>();
        versions.add(store().put(ALICE, RosterItem.of(BOB)));
        versions.add(store().put(ALICE, RosterItem.of(CAROL)));
        versions.add(store().put(ALICE, friend(BOB)));
        versions.add(store().remove(ALICE, CAROL));
        versions.add(store().put(ALICE, friend(BOB)));

        assertThat(versions).isSorted().doesNotHaveDuplicates();
        assertThat(versions.get(0)).isPositive();
        assertThat(store().roster(ALICE).version()).isEqualTo(versions.get(versions.size() - 1));
    }

    @Test
    default void replacesTheWholeItemOfAContact() {
        store().put(ALICE, RosterItem.of(BOB).withName("Bob").withApproved(true).withGroups(List.of("A", "B")));

        RosterItem replacement = RosterItem.of(BOB).withSubscription(Subscription.TO).withGroups(List.of("C"));
        store().put(ALICE, replacement);

        assertThat(store().item(ALICE, BOB)).contains(replacement);
        assertThat(store().roster(ALICE).items()).containsExactly(replacement);
        // And back to no groups at all.
        store().put(ALICE, RosterItem.of(BOB));
        assertThat(store().item(ALICE, BOB)).contains(RosterItem.of(BOB));
    }

    @Test
    default void removesAnItem() {
        store().put(ALICE, friend(BOB));
        store().put(ALICE, friend(CAROL));

        long version = store().remove(ALICE, BOB);

        assertThat(store().item(ALICE, BOB)).isEmpty();
        assertThat(store().roster(ALICE)).isEqualTo(new Roster(version, List.of(friend(CAROL))));
        // Put again, it has only its new groups: nothing of the old one was left behind.
        store().put(ALICE, RosterItem.of(BOB));
        assertThat(store().item(ALICE, BOB)).contains(RosterItem.of(BOB));
    }

    @Test
    default void removingAMissingItemKeepsTheVersion() {
        assertThat(store().remove(ALICE, BOB)).isZero();

        long version = store().put(ALICE, friend(CAROL));

        assertThat(store().remove(ALICE, BOB)).isEqualTo(version);
        assertThat(store().roster(ALICE).version()).isEqualTo(version);
        long removed = store().remove(ALICE, CAROL);
        assertThat(removed).isGreaterThan(version);
        assertThat(store().remove(ALICE, CAROL)).isEqualTo(removed);
        assertThat(store().roster(ALICE)).isEqualTo(new Roster(removed, List.of()));
    }

    @Test
    default void keepsTheRostersOfOwnersApart() {
        long aliceVersion = store().put(ALICE, friend(CAROL));
        long bobFirst = store().put(BOB, RosterItem.of(CAROL));
        store().put(BOB, friend(DAVE));

        assertThat(store().roster(ALICE)).isEqualTo(new Roster(aliceVersion, List.of(friend(CAROL))));
        assertThat(store().item(BOB, CAROL)).contains(RosterItem.of(CAROL));
        assertThat(store().item(ALICE, DAVE)).isEmpty();
        assertThat(store().roster(BOB).version()).isGreaterThan(bobFirst);

        store().remove(BOB, CAROL);
        assertThat(store().item(ALICE, CAROL)).contains(friend(CAROL));
        assertThat(store().roster(ALICE).version()).isEqualTo(aliceVersion);
    }

    @Test
    @Timeout(120)
    default void givesConcurrentChangesDistinctVersions() throws Exception {
        // Each task changes the roster: puts (some replacing one another) and removes of items that exist.
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String doomed = "doomed" + i + "@example.org";
            store().put(ALICE, RosterItem.of(doomed));
            tasks.add(() -> store().remove(ALICE, doomed));
        }
        for (int i = 0; i < 48; i++) {
            String contact = "contact" + (i % 16) + "@example.org";
            tasks.add(() -> store().put(ALICE, friend(contact)));
        }
        long before = store().roster(ALICE).version();

        List<Long> versions = Race.run(8, tasks);

        assertThat(versions).doesNotHaveDuplicates().allSatisfy(v -> assertThat(v).isGreaterThan(before));
        assertThat(store().roster(ALICE).items()).hasSize(16);
        assertThat(store().roster(ALICE).version()).isEqualTo(versions.stream().mapToLong(v -> v).max().orElseThrow());
    }

    @Test
    default void listsTheOwnersWithItemsOrPendingRequests() {
        assertThat(store().owners()).isEmpty();
        store().put(ALICE, friend(CAROL));
        store().savePendingRequest(BOB, DAVE, subscribe(DAVE, "1"));

        assertThat(store().owners()).containsExactlyInAnyOrder(ALICE, BOB);

        store().remove(ALICE, CAROL);
        store().removePendingRequest(BOB, DAVE);

        assertThat(store().owners()).isEmpty();
    }

    @Test
    default void keepsPendingRequestsInArrivalOrder() {
        store().savePendingRequest(ALICE, DAVE, subscribe(DAVE, "1"));
        store().savePendingRequest(ALICE, BOB, subscribe(BOB, "2"));
        store().savePendingRequest(ALICE, CAROL, subscribe(CAROL, "3"));

        assertThat(store().pendingRequests(ALICE)).containsExactly(new PendingRequest(DAVE, subscribe(DAVE, "1")),
                new PendingRequest(BOB, subscribe(BOB, "2")), new PendingRequest(CAROL, subscribe(CAROL, "3")));
        assertThat(store().pendingRequests(BOB)).isEmpty();
    }

    @Test
    default void aNewerRequestFromTheSameContactReplacesTheEarlierOneAtTheEnd() {
        store().savePendingRequest(ALICE, BOB, subscribe(BOB, "old"));
        store().savePendingRequest(ALICE, CAROL, subscribe(CAROL, "1"));

        store().savePendingRequest(ALICE, BOB, subscribe(BOB, "new"));

        assertThat(store().pendingRequests(ALICE)).containsExactly(new PendingRequest(CAROL, subscribe(CAROL, "1")),
                new PendingRequest(BOB, subscribe(BOB, "new")));
    }

    @Test
    default void removesAPendingRequest() {
        store().savePendingRequest(ALICE, BOB, subscribe(BOB, "1"));
        store().savePendingRequest(ALICE, CAROL, subscribe(CAROL, "2"));
        store().savePendingRequest(BOB, CAROL, subscribe(CAROL, "3"));

        store().removePendingRequest(ALICE, CAROL);
        store().removePendingRequest(ALICE, DAVE);

        assertThat(store().pendingRequests(ALICE)).containsExactly(new PendingRequest(BOB, subscribe(BOB, "1")));
        assertThat(store().pendingRequests(BOB)).containsExactly(new PendingRequest(CAROL, subscribe(CAROL, "3")));
    }

    @Test
    default void pendingRequestsLeaveTheRosterVersionAlone() {
        long version = store().put(ALICE, RosterItem.of(CAROL));

        store().savePendingRequest(ALICE, BOB, subscribe(BOB, "1"));
        store().removePendingRequest(ALICE, BOB);

        assertThat(store().roster(ALICE).version()).isEqualTo(version);
    }

    @Test
    default void keepsALargeUnicodeRequestStanzaByteExact() {
        String stanza = Payloads.stanza(300 * 1024);

        store().savePendingRequest(ALICE, "élodie@example.org", stanza);

        PendingRequest read = store().pendingRequests(ALICE).get(0);
        assertThat(read.contact()).isEqualTo("élodie@example.org");
        assertThat(read.stanzaXml().getBytes(StandardCharsets.UTF_8)).isEqualTo(stanza.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    default void deletingTheAccountDeletesItsRosterAndRequests() {
        assumeTrue(accountDeletionCascades(), "only a database deletes an account's data with it");
        store().put(ALICE, friend(BOB));
        store().put(ALICE, friend(CAROL));
        store().savePendingRequest(ALICE, DAVE, subscribe(DAVE, "1"));
        long bobVersion = store().put(BOB, friend(ALICE));

        accounts().delete(ALICE);

        assertThat(store().roster(ALICE)).isEqualTo(new Roster(0, List.of()));
        assertThat(store().pendingRequests(ALICE)).isEmpty();
        assertThat(store().roster(BOB)).isEqualTo(new Roster(bobVersion, List.of(friend(ALICE))));
        // A new account of the same JID starts afresh.
        accounts().create(ALICE, List.of());
        assertThat(store().roster(ALICE)).isEqualTo(new Roster(0, List.of()));
        store().put(ALICE, RosterItem.of(BOB));
        assertThat(store().roster(ALICE).items()).containsExactly(RosterItem.of(BOB));
    }

    private static String subscribe(String from, String id) {
        return "<presence xmlns='jabber:client' from='" + from + "' to='" + ALICE + "' id='" + id
                + "' type='subscribe'/>";
    }
}
