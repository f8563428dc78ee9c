package causse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RosterItemTest {
    private static final String BOB = "bob@example.org";

    @Test
    void startsWithNothing() {
        RosterItem item = RosterItem.of(BOB);

        assertThat(item).isEqualTo(new RosterItem(BOB, null, Subscription.NONE, false, false, false, List.of()));
    }

    @Test
    void withersChangeOneComponentEach() {
        RosterItem item = RosterItem.of(BOB)
                .withName("Bob")
                .withSubscription(Subscription.TO)
                .withPendingOut(true)
                .withPendingIn(true)
                .withApproved(true)
                .withGroups(Set.of("Friends"));

        assertThat(item).isEqualTo(new RosterItem(BOB, "Bob", Subscription.TO, true, true, true, List.of("Friends")));
        assertThat(item.withName(null).name()).isNull();
        assertThat(item.withPendingOut(false))
                .isEqualTo(new RosterItem(BOB, "Bob", Subscription.TO, false, true, true, List.of("Friends")));
        assertThat(item.withPendingIn(false).pendingIn()).isFalse();
        assertThat(item.withApproved(false).approved()).isFalse();
        assertThat(item.withSubscription(Subscription.BOTH).subscription()).isEqualTo(Subscription.BOTH);
        assertThat(item.withGroups(List.of()).groups()).isEmpty();
    }

    @Test
    void sortsGroupsAndDropsDuplicates() {
        RosterItem item = RosterItem.of(BOB).withGroups(List.of("Work", "Friends", "Work", "Équipe", "Aardvark"));

        assertThat(item.groups()).containsExactly("Aardvark", "Friends", "Work", "Équipe");
        assertThat(item).isEqualTo(RosterItem.of(BOB).withGroups(List.of("Équipe", "Aardvark", "Friends", "Work")));
    }

    @Test
    void keepsItsGroupsFromLaterChangesOfTheCallersList() {
        List<String> groups = new ArrayList<>(List.of("Friends"));
        RosterItem item = new RosterItem(BOB, null, Subscription.NONE, false, false, false, groups);

        groups.add("Work");

        assertThat(item.groups()).containsExactly("Friends");
        assertThatThrownBy(() -> item.groups().add("Work")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesMissingParts() {
        assertThatThrownBy(() -> RosterItem.of(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RosterItem.of(BOB).withSubscription(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RosterItem.of(BOB).withGroups(Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void refusesNamesAndGroupsLongerThanAStoreKeeps() {
        String longest = "é".repeat(RosterItem.MAX_TEXT_LENGTH);

        assertThat(RosterItem.of(BOB).withName(longest).withGroups(List.of(longest)).name()).isEqualTo(longest);
        assertThatThrownBy(() -> RosterItem.of(BOB).withName(longest + "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> RosterItem.of(BOB).withGroups(List.of(longest + "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group");
    }
}
